package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.Rollout;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionState;

class OperationsRolloutTest {
  private static final String OTHER = "tenant-2";
  private static final int SESSIONS = 300;

  private static List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      ids.add("session-" + i);
    }
    return ids;
  }

  private static Env envWithSessions() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    for (String id : ids()) {
      env.session(id, "web", "checkout");
    }
    return env;
  }

  private static MigrationPlan approved(Env env) {
    MigrationPlan p = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2PaymentDownstream(), "op");
    env.engine.operations().approve(TENANT, p.id(), "lead");
    return p;
  }

  /** Sessions the plan picked so far: still marked by it, or already migrated by it. */
  private static Set<String> picked(Env env, String planId) {
    Set<String> out = new HashSet<>();
    for (String id : ids()) {
      SessionState s = env.engine.session(TENANT, id);
      PendingMigration awaiting = env.engine.pendingMigration(TENANT, id).orElse(null);
      if ((awaiting != null && awaiting.planId().equals(planId)) || s.settledPlans().contains(planId)) {
        out.add(id);
      }
    }
    return out;
  }

  private static Set<String> bucketBelow(int percent) {
    return ids().stream().filter(id -> Rollout.bucket(id) < percent).collect(Collectors.toSet());
  }

  @Test
  void widening_a_rollout_in_steps_keeps_every_session_picked_before() {
    Env env = envWithSessions();
    MigrationPlan plan = approved(env);

    DeploymentResult at10 = env.engine.operations().deploy(TENANT, plan.id(), 10);
    Set<String> picked10 = picked(env, plan.id());
    assertThat(picked10).isEqualTo(bucketBelow(10)).isNotEmpty();
    assertThat(at10.sessionsMarked()).isEqualTo(picked10.size());
    assertThat(env.engine.operations().deploymentStatus(TENANT, plan.id()).rolloutPercent()).isEqualTo(10);
    // half of the picked sessions migrate before the next step; the others stay marked
    List<String> firstHalf = picked10.stream().sorted().limit(picked10.size() / 2).toList();
    for (String id : firstHalf) {
      assertThat(env.engine.reconcile(TENANT, id).kind()).as(id).isEqualTo(Outcome.Kind.TELEPORT);
    }
    // unpicked sessions are neither migrated nor relocated, although their version is no longer current: they are
    // pinned, once, with the plan that left them out in the journal
    for (String id : ids()) {
      if (!picked10.contains(id)) {
        assertThat(env.engine.reconcile(TENANT, id)).as(id).isSameAs(Outcome.CONTINUE);
        assertThat(env.engine.session(TENANT, id).version()).as(id).isEqualTo(1);
        assertThat(env.journal(id)).as(id).singleElement().satisfies(r -> {
          assertThat(r.kind()).isEqualTo(JournalRecord.Kind.PINNED);
          assertThat(r.planId()).isNull();
          assertThat(r.checkpointWarning()).contains("left out by the scope or rollout of plan '" + plan.id() + "'");
        });
      }
    }
    env.clock.advance(Duration.ofHours(1));

    DeploymentResult at50 = env.engine.operations().widenRollout(TENANT, plan.id(), 50);
    Set<String> picked50 = picked(env, plan.id());
    assertThat(picked50).containsAll(picked10).isEqualTo(bucketBelow(50));
    for (String id : picked10) { // the waiting half keeps its original marker
      if (!firstHalf.contains(id)) {
        assertThat(env.engine.pendingMigration(TENANT, id).orElseThrow().markedAt()).as(id)
            .isEqualTo(RuntimeFixtures.T0);
      }
    }
    assertThat(at50.sessionsMarked()).isEqualTo(picked50.size() - picked10.size());
    assertThat(at50.deployedAt()).isEqualTo(RuntimeFixtures.T0);
    DeploymentStatus st50 = env.engine.operations().deploymentStatus(TENANT, plan.id());
    assertThat(st50.rolloutPercent()).isEqualTo(50);
    assertThat(st50.sessionsMarked()).isEqualTo(picked50.size());
    assertThat(st50.status()).isEqualTo(PlanStatus.DEPLOYED);

    DeploymentResult at100 = env.engine.operations().widenRollout(TENANT, plan.id(), 100);
    assertThat(picked(env, plan.id())).containsAll(picked50).hasSize(SESSIONS);
    assertThat(at100.sessionsMarked()).isEqualTo(SESSIONS - picked50.size());
    assertThat(env.engine.operations().deploymentStatus(TENANT, plan.id()).rolloutPercent()).isEqualTo(100);
    assertThat(env.engine.operations().deploymentStatus(TENANT, plan.id()).sessionsMarked()).isEqualTo(SESSIONS);
    for (String id : ids()) {
      env.engine.reconcile(TENANT, id);
      assertThat(env.journal(id).stream().filter(r -> plan.id().equals(r.planId()))).as(id).hasSize(1);
      assertThat(env.journal(id).get(env.journal(id).size() - 1).kind()).isEqualTo(JournalRecord.Kind.MIGRATED);
      assertThat(env.engine.session(TENANT, id).version()).as(id).isEqualTo(2);
    }
  }

  @Test
  void narrowing_a_rollout_is_rejected_and_changes_nothing() {
    Env env = envWithSessions();
    MigrationPlan plan = approved(env);
    env.engine.operations().deploy(TENANT, plan.id(), 50);
    Set<String> before = picked(env, plan.id());
    DeploymentStatus status = env.engine.operations().deploymentStatus(TENANT, plan.id());

    assertThatThrownBy(() -> env.engine.operations().widenRollout(TENANT, plan.id(), 10))
        .isInstanceOf(InvalidRolloutException.class).hasMessageContaining("50").hasMessageContaining("10");
    assertThatThrownBy(() -> env.engine.operations().widenRollout(TENANT, plan.id(), 101))
        .isInstanceOf(InvalidRolloutException.class);
    assertThatThrownBy(() -> env.engine.operations().widenRollout(TENANT, plan.id(), -5))
        .isInstanceOf(InvalidRolloutException.class);

    assertThat(env.engine.operations().plan(TENANT, plan.id()).rolloutPercent()).isEqualTo(50);
    assertThat(picked(env, plan.id())).isEqualTo(before);
    assertThat(env.engine.operations().deploymentStatus(TENANT, plan.id())).isEqualTo(status);
  }

  @Test
  void deploying_with_an_out_of_range_percent_is_rejected_and_changes_nothing() {
    Env env = envWithSessions();
    MigrationPlan plan = approved(env);

    for (int bad : new int[] {0, -1, 101, Integer.MIN_VALUE}) {
      assertThatThrownBy(() -> env.engine.operations().deploy(TENANT, plan.id(), bad)).as("" + bad)
          .isInstanceOf(InvalidRolloutException.class).hasMessageContaining(String.valueOf(bad));
    }

    assertThat(env.engine.operations().plan(TENANT, plan.id()).status()).isEqualTo(PlanStatus.APPROVED);
    assertThat(env.engine.currentVersion(TENANT, "order-flow").version()).isEqualTo(1);
    assertThat(picked(env, plan.id())).isEmpty();
  }

  @Test
  void widening_a_plan_that_is_not_deployed_is_illegal() {
    Env env = envWithSessions();
    MigrationPlan plan = approved(env);

    assertThatThrownBy(() -> env.engine.operations().widenRollout(TENANT, plan.id(), 50))
        .isInstanceOf(IllegalPlanStatusException.class);
    assertThat(picked(env, plan.id())).isEmpty();
  }

  @Test
  void the_same_session_ids_are_picked_by_every_engine() {
    Env a = envWithSessions();
    Env b = envWithSessions();
    MigrationPlan pa = approved(a);
    MigrationPlan pb = approved(b);

    a.engine.operations().deploy(TENANT, pa.id(), 30);
    b.engine.operations().deploy(TENANT, pb.id(), 30);

    assertThat(picked(a, pa.id())).isEqualTo(picked(b, pb.id()));
  }

  @Test
  void a_soft_launch_allow_list_keeps_other_tenants_off_until_they_are_added() {
    Env env = envWithSessions();
    env.engine.publish(OTHER, RuntimeFixtures.v1());
    env.engine.startSession(OTHER, "o1", "c", "web", "order-flow");
    env.engine.advance(OTHER, "o1", "checkout");
    env.engine.operations().setSoftLaunchTenants(Set.of(TENANT));
    MigrationPlan mine = approved(env);
    MigrationPlan theirs = env.engine.operations().generatePlan(OTHER, RuntimeFixtures.v2PaymentDownstream(), "op");
    env.engine.operations().approve(OTHER, theirs.id(), "lead");

    assertThat(env.engine.operations().deploy(TENANT, mine.id()).sessionsMarked()).isEqualTo(SESSIONS);
    assertThat(env.engine.operations().deploy(OTHER, theirs.id()).sessionsMarked()).isZero();

    assertThat(env.engine.operations().mode(TENANT)).isEqualTo(MigrationMode.AUTO);
    assertThat(env.engine.operations().mode(OTHER)).isEqualTo(MigrationMode.OFF);
    assertThat(env.engine.reconcile(OTHER, "o1")).isSameAs(Outcome.CONTINUE);
    assertThat(env.engine.session(OTHER, "o1").version()).isEqualTo(1);
    assertThat(env.engine.reconcile(TENANT, "session-1").kind()).isEqualTo(Outcome.Kind.TELEPORT);

    env.engine.operations().setSoftLaunchTenants(Set.of(TENANT, OTHER));
    assertThat(env.engine.operations().mode(OTHER)).isEqualTo(MigrationMode.AUTO);
    assertThat(env.engine.operations().markSessions(OTHER, theirs.id()).sessionsMarked()).isEqualTo(1);
    assertThat(env.engine.reconcile(OTHER, "o1").kind()).isEqualTo(Outcome.Kind.TELEPORT);

    env.engine.operations().setSoftLaunchTenants(Set.of());
    assertThat(env.engine.operations().mode("anyone")).isEqualTo(MigrationMode.AUTO);
  }
}
