package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scenariomigration.MovableClock;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.session.EndReason;

/**
 * Drain status and safe retirement of versions (issue 19, section 4): the same behaviour on every store. A subclass
 * gives the stores ({@link #builder()}). Each test works in a tenant of its own.
 */
public abstract class DrainStatusContract {
  protected static final Instant T0 = Instant.parse("2026-02-02T08:00:00Z");

  /** A builder over this test's stores (the same stores at every call), its unit of work set where there is one. */
  protected abstract ScenarioMigration.Builder builder();

  protected MovableClock clock;
  protected String tenant;
  private ScenarioMigration m;

  @BeforeEach
  void a_tenant_of_its_own() {
    clock = new MovableClock(T0);
    tenant = "t-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    m = builder().clock(clock).config(MigrationConfig.custom().versionRetentionDays(7)
        .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build()).build();
    m.publish(tenant, Seeds.v1());
  }

  private void session(String id, String channel, String step) {
    m.startSession(tenant, id, "c-" + id, channel, "order-flow");
    m.advance(tenant, id, step);
  }

  /** Version 2 deployed with a scope filter taking only whatsapp sessions: the others are pinned on version 1. */
  private MigrationPlan deployWhatsappOnly() {
    MigrationPlan p = m.operations().generatePlan(tenant, Seeds.v2PaymentDownstream(), "op");
    m.operations().updatePolicy(tenant, p.id(), "checkout", e -> e.includeChannels("whatsapp"));
    m.operations().approve(tenant, p.id(), "lead");
    m.operations().deploy(tenant, p.id());
    return m.operations().plan(tenant, p.id());
  }

  @Test
  void the_current_version_is_never_safe_to_retire_and_retiring_it_is_refused_even_forced() {
    VersionStatus s = m.operations().versionStatus(tenant, "order-flow", 1);

    assertThat(s.current()).isTrue();
    assertThat(s.safeToRetire()).isFalse();
    assertThat(s.reasons()).containsExactly("it is the current version");
    assertThatThrownBy(() -> m.operations().retireVersion(tenant, "order-flow", 1, true))
        .isInstanceOf(VersionNotRetirableException.class).hasMessageContaining("current version")
        .hasMessageContaining("version 1 of scenario 'order-flow'");
    assertThat(m.operations().versionStatuses(tenant, "order-flow")).containsExactly(s);
  }

  @Test
  void a_deployment_drains_a_version_as_its_sessions_migrate_and_then_it_is_safe() {
    session("s1", "whatsapp", "checkout");
    session("s2", "whatsapp", "checkout");
    MigrationPlan p = deployWhatsappOnly();

    VersionStatus draining = m.operations().versionStatus(tenant, "order-flow", 1);
    assertThat(draining.current()).isFalse();
    assertThat(draining.sessions()).isEqualTo(2);
    assertThat(draining.pending()).isEqualTo(2); // covered, judged at their next message
    assertThat(draining.pinned()).isZero();
    assertThat(draining.plans()).containsExactly(new VersionStatus.PlanReference(p.id(), 1, 2, PlanStatus.DEPLOYED,
        2, true));
    assertThat(draining.reasons()).containsExactly(
        "plan " + p.id() + " (deployed, version 1 to 2) has 2 sessions still to settle",
        "2 sessions still on it (0 pinned, 2 pending a migration)");

    assertThat(m.reconcile(tenant, "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(m.operations().versionStatus(tenant, "order-flow", 1).sessions()).isEqualTo(1);
    assertThat(m.reconcile(tenant, "s2").kind()).isEqualTo(Outcome.Kind.TELEPORT);

    VersionStatus drained = m.operations().versionStatus(tenant, "order-flow", 1);
    assertThat(drained.safeToRetire()).isTrue();
    assertThat(drained.reasons()).isEmpty();
    assertThat(drained.plans()).containsExactly(new VersionStatus.PlanReference(p.id(), 1, 2, PlanStatus.DEPLOYED,
        0, false));
    VersionStatus two = m.operations().versionStatus(tenant, "order-flow", 2);
    assertThat(two.current()).isTrue();
    assertThat(two.sessions()).isEqualTo(2);

    RetentionReport r = m.operations().retireVersion(tenant, "order-flow", 1, false);

    assertThat(r.purgedVersions()).containsExactly("order-flow@1");
    assertThat(m.operations().versionStatuses(tenant, "order-flow")).extracting(VersionStatus::version)
        .containsExactly(2);
  }

  @Test
  void pinned_sessions_keep_a_version_purge_keeps_it_with_the_reason_and_a_forced_retirement_relocates_them() {
    session("w", "whatsapp", "checkout");
    session("web", "web", "checkout");
    deployWhatsappOnly();
    assertThat(m.reconcile(tenant, "w").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(m.reconcile(tenant, "web")).isSameAs(Outcome.CONTINUE); // out of scope: pinned on version 1
    clock.advance(Duration.ofDays(8));

    VersionStatus held = m.operations().versionStatus(tenant, "order-flow", 1);
    assertThat(held.sessions()).isEqualTo(1);
    assertThat(held.pinned()).isEqualTo(1);
    assertThat(held.pending()).isZero();
    assertThat(held.reasons()).containsExactly("1 session still on it (1 pinned, 0 pending a migration)");

    RetentionReport purge = m.operations().purge(tenant, "order-flow", false);

    assertThat(purge.purgedVersions()).isEmpty();
    assertThat(purge.keptReferenced()).containsExactly("order-flow@1");
    assertThat(purge.keptVersions()).containsExactly(held);
    assertThatThrownBy(() -> m.operations().retireVersion(tenant, "order-flow", 1, false))
        .isInstanceOfSatisfying(VersionNotRetirableException.class, e -> assertThat(e.status()).isEqualTo(held))
        .hasMessageContaining("1 session still on it");
    assertThat(m.operations().versionStatus(tenant, "order-flow", 1)).isEqualTo(held); // nothing changed

    RetentionReport forced = m.operations().retireVersion(tenant, "order-flow", 1, true);

    assertThat(forced.purgedVersions()).containsExactly("order-flow@1");
    assertThat(m.reconcile(tenant, "web")).isEqualTo(new Outcome.Teleport("checkout", 2,
        Outcome.TeleportReason.RELOCATION, null));
  }

  @Test
  void an_ended_session_holds_no_version() {
    session("web", "web", "checkout");
    deployWhatsappOnly();
    assertThat(m.reconcile(tenant, "web")).isSameAs(Outcome.CONTINUE);
    assertThat(m.operations().versionStatus(tenant, "order-flow", 1).safeToRetire()).isFalse();

    m.endSession(tenant, "web", EndReason.ABANDONED);
    clock.advance(Duration.ofDays(8));

    assertThat(m.operations().versionStatus(tenant, "order-flow", 1).safeToRetire()).isTrue();
    assertThat(m.operations().purge(tenant, "order-flow", false).purgedVersions()).containsExactly("order-flow@1");
  }

  @Test
  void a_pending_plan_leading_to_a_version_holds_it() {
    MigrationPlan p = m.operations().generatePlan(tenant, Seeds.v2AgeInserted(), "op");

    VersionStatus two = m.operations().versionStatus(tenant, "order-flow", 2);

    assertThat(two.current()).isFalse();
    assertThat(two.sessions()).isZero();
    assertThat(two.plans()).containsExactly(new VersionStatus.PlanReference(p.id(), 1, 2, PlanStatus.PENDING, 0,
        true));
    assertThat(two.reasons()).containsExactly("plan " + p.id() + " (pending) leads to it: deploying it would make it"
        + " current");
    m.operations().reject(tenant, p.id());
    assertThat(m.operations().versionStatus(tenant, "order-flow", 2).safeToRetire()).isTrue();
  }

  @Test
  void another_tenants_sessions_do_not_count_and_an_unknown_version_is_refused() {
    String neighbour = tenant + "-n";
    m.publish(neighbour, Seeds.v1());
    m.startSession(neighbour, "s1", "c1", "web", "order-flow");
    MigrationPlan p = m.operations().generatePlan(tenant, Seeds.v2PaymentDownstream(), "op");
    m.operations().approve(tenant, p.id(), "lead");
    m.operations().deploy(tenant, p.id());

    assertThat(m.operations().versionStatus(tenant, "order-flow", 1).safeToRetire()).isTrue();
    assertThat(m.operations().versionStatus(neighbour, "order-flow", 1).sessions()).isEqualTo(1);
    assertThatThrownBy(() -> m.operations().versionStatus(tenant, "order-flow", 9))
        .isInstanceOf(UnknownScenarioException.class).hasMessageContaining("version 9");
    assertThatThrownBy(() -> m.operations().versionStatuses(tenant, "nothing"))
        .isInstanceOf(UnknownScenarioException.class);
  }
}
