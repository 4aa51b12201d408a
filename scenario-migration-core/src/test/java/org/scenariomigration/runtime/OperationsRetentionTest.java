package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.spi.JournalRecord;

class OperationsRetentionTest {

  @Test
  void purge_keeps_what_pending_markers_reference_and_a_forced_purge_sends_those_sessions_to_relocation() {
    Env env = new Env(); // version_retention_days 7, plan_retention_days 30
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("waiting", "web", "checkout");
    env.session("moved", "web");
    MigrationPlan p12 = env.deploy(RuntimeFixtures.v2AgeAndLoyalty());
    assertThat(env.engine.reconcile(TENANT, "moved").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(env.engine.reconcile(TENANT, "waiting").kind()).isEqualTo(Outcome.Kind.COLLECT);
    env.clock.advance(Duration.ofDays(1));
    MigrationPlan p23 = env.deploy(RuntimeFixtures.v3LoyaltyDropped());
    MigrationPlan rejected = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.unrelated(4), "op");
    env.engine.operations().reject(TENANT, rejected.id());
    MigrationPlan stale = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.unrelated(5), "op");
    assertThat(env.engine.pendingMigration(TENANT, "waiting").orElse(null).planId()).isEqualTo(p12.id());
    assertThat(env.engine.pendingMigration(TENANT, "moved").orElse(null).planId()).isEqualTo(p23.id());
    env.clock.advance(Duration.ofDays(60));

    RetentionReport kept = env.engine.operations().purge(TENANT, "order-flow", false);

    assertThat(kept.purgedPlans()).containsExactly(rejected.id());
    assertThat(kept.expiredPlans()).containsExactly(stale.id());
    assertThat(kept.purgedVersions()).isEmpty();
    assertThat(kept.keptReferenced()).containsExactlyInAnyOrder("plan " + p12.id(), "order-flow@1", "order-flow@2");
    assertThat(kept.sessionsUnmarked()).isZero();
    assertThat(env.engine.operations().plan(TENANT, stale.id()).status()).isEqualTo(PlanStatus.EXPIRED);
    assertThat(env.engine.operations().plan(TENANT, p12.id()).status()).isEqualTo(PlanStatus.SUPERSEDED);
    assertThat(env.engine.pendingMigration(TENANT, "waiting").orElse(null)).isNotNull();

    RetentionReport forced = env.engine.operations().purge(TENANT, "order-flow", true);

    assertThat(forced.purgedPlans()).containsExactlyInAnyOrder(p12.id(), stale.id());
    assertThat(forced.purgedVersions()).containsExactly("order-flow@1", "order-flow@2");
    assertThat(forced.keptReferenced()).isEmpty();
    assertThat(forced.sessionsUnmarked()).isEqualTo(2);
    assertThat(env.engine.operations().plan(TENANT, p23.id()).status()).isEqualTo(PlanStatus.DEPLOYED);
    assertThat(env.engine.currentVersion(TENANT, "order-flow").version()).isEqualTo(3);
    assertThat(env.engine.pendingMigration(TENANT, "waiting").orElse(null)).isNull();
    assertThat(env.engine.pendingMigration(TENANT, "moved").orElse(null)).isNull();

    // both fall back to relocation by content hash at their next message
    assertThat(env.engine.reconcile(TENANT, "waiting")).isEqualTo(new Outcome.Teleport("checkout", 3, Outcome.TeleportReason.RELOCATION,
        null));
    assertThat(env.engine.reconcile(TENANT, "moved")).isEqualTo(new Outcome.Teleport("welcome", 3, Outcome.TeleportReason.RELOCATION,
        null));
    // the journal keeps the earlier records
    assertThat(env.journal("moved")).extracting(JournalRecord::kind)
        .containsExactly(JournalRecord.Kind.MIGRATED, JournalRecord.Kind.RELOCATED);
    assertThat(env.journal("waiting")).extracting(JournalRecord::kind).containsExactly(JournalRecord.Kind.RELOCATED);
  }

  @Test
  void nothing_younger_than_the_retention_periods_is_purged_or_expired() {
    Env env = new Env(MigrationConfig.custom().versionRetentionDays(7).planRetentionDays(30).build());
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    MigrationPlan p12 = env.deploy(RuntimeFixtures.v2AgeInserted());
    MigrationPlan p23 = env.deploy(RuntimeFixtures.v3LoyaltyDropped());
    MigrationPlan pending = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.unrelated(4), "op");
    env.clock.advance(Duration.ofDays(6));

    RetentionReport early = env.engine.operations().purge(TENANT, "order-flow", true);

    assertThat(early).isEqualTo(new RetentionReport(List.of(), List.of(), List.of(), List.of(), 0));

    env.clock.advance(Duration.ofDays(2)); // 8 days: the versions are old enough, the plans are not
    RetentionReport versions = env.engine.operations().purge(TENANT, "order-flow", false);

    assertThat(versions.purgedVersions()).containsExactly("order-flow@1", "order-flow@2");
    assertThat(versions.purgedPlans()).isEmpty();
    assertThat(versions.expiredPlans()).isEmpty();
    assertThat(env.engine.operations().plan(TENANT, p12.id()).status()).isEqualTo(PlanStatus.SUPERSEDED);

    env.clock.advance(Duration.ofDays(30));
    RetentionReport plans = env.engine.operations().purge(TENANT, "order-flow", false);

    assertThat(plans.purgedPlans()).containsExactly(p12.id());
    assertThat(plans.expiredPlans()).containsExactly(pending.id());
    assertThat(env.engine.operations().plan(TENANT, p23.id()).status()).isEqualTo(PlanStatus.DEPLOYED);
    assertThat(env.engine.currentVersion(TENANT, "order-flow").version()).isEqualTo(3);
  }
}
