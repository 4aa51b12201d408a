package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;
import static org.scenariomigration.runtime.RuntimeFixtures.T0;
import static org.scenariomigration.runtime.RuntimeFixtures.anchor;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.plan.InvalidPlanException;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.runtime.RuntimeFixtures.Env;

class PlanLifecycleTest {

  private static Env env(MigrationConfig config) {
    Env env = new Env(config);
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    return env;
  }

  private static Env env() {
    return env(MigrationConfig.DEFAULTS);
  }

  private static MigrationPlan pending(Env env) {
    return env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2AgeInserted(), "op@example.com");
  }

  private static AnchorPolicy checkoutPolicy(MigrationPlan plan) {
    return AnchorPolicy.defaults(anchor(plan, "Checkout"))
        .withScopeFilter(ScopeFilter.builder().excludeChannels("sms").build());
  }

  @Test
  void a_generated_plan_is_pending_and_records_its_creator() {
    Env env = env();
    MigrationPlan plan = pending(env);

    assertThat(plan.status()).isEqualTo(PlanStatus.PENDING);
    assertThat(plan.createdBy()).isEqualTo("op@example.com");
    assertThat(plan.createdAt()).isEqualTo(T0);
    assertThat(plan.approvedBy()).isNull();
    assertThat(env.engine.operations().plan(TENANT, plan.id())).isEqualTo(plan);
    // the new version is stored but not current yet
    assertThat(env.engine.currentVersion(TENANT, "order-flow").version()).isEqualTo(1);
  }

  @Test
  void approving_records_approved_by_and_approved_at() {
    Env env = env();
    MigrationPlan plan = pending(env);
    env.clock.advance(Duration.ofHours(1));

    MigrationPlan approved = env.engine.operations().approve(TENANT, plan.id(), "lead@example.com");

    assertThat(approved.status()).isEqualTo(PlanStatus.APPROVED);
    assertThat(approved.approvedBy()).isEqualTo("lead@example.com");
    assertThat(approved.approvedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(env.engine.operations().plan(TENANT, plan.id())).isEqualTo(approved);
  }

  @Test
  void approving_twice_is_illegal_and_changes_nothing() {
    Env env = env();
    MigrationPlan plan = pending(env);
    MigrationPlan approved = env.engine.operations().approve(TENANT, plan.id(), "lead");

    assertThatThrownBy(() -> env.engine.operations().approve(TENANT, plan.id(), "someone-else"))
        .isInstanceOfSatisfying(IllegalPlanStatusException.class,
            e -> assertThat(e.status()).isEqualTo(PlanStatus.APPROVED))
        .hasMessageContaining(plan.id()).hasMessageContaining("approved");
    assertThat(env.engine.operations().plan(TENANT, plan.id())).isEqualTo(approved);
  }

  @Test
  void updating_policies_of_a_pending_plan_recomputes_nothing_else() {
    Env env = env();
    MigrationPlan plan = pending(env);
    AnchorPolicy p = checkoutPolicy(plan);

    MigrationPlan updated = env.engine.operations().updatePolicies(TENANT, plan.id(), Map.of(p.anchorContentHash(), p));

    assertThat(updated.status()).isEqualTo(PlanStatus.PENDING);
    assertThat(updated.anchorPolicies()).containsEntry(p.anchorContentHash(), p);
    assertThat(env.engine.operations().plan(TENANT, plan.id())).isEqualTo(updated);
  }

  @Test
  void updating_policies_with_an_unknown_anchor_changes_nothing() {
    Env env = env();
    MigrationPlan plan = pending(env);
    AnchorPolicy p = checkoutPolicy(plan);

    assertThatThrownBy(() -> env.engine.operations().updatePolicies(TENANT, plan.id(), Map.of("no-such-hash", p)))
        .isInstanceOf(InvalidPlanException.class);
    assertThat(env.engine.operations().plan(TENANT, plan.id())).isEqualTo(plan);
  }

  @Test
  void updating_policies_after_approval_is_illegal_and_changes_nothing() {
    Env env = env();
    MigrationPlan plan = pending(env);
    MigrationPlan approved = env.engine.operations().approve(TENANT, plan.id(), "lead");
    AnchorPolicy p = checkoutPolicy(plan);

    assertThatThrownBy(() -> env.engine.operations().updatePolicies(TENANT, plan.id(), Map.of(p.anchorContentHash(),
        p)))
        .isInstanceOfSatisfying(IllegalPlanStatusException.class,
            e -> assertThat(e.status()).isEqualTo(PlanStatus.APPROVED));
    assertThat(env.engine.operations().plan(TENANT, plan.id())).isEqualTo(approved);
  }

  @Test
  void deploying_a_pending_plan_requires_approval_by_default() {
    Env env = env();
    MigrationPlan plan = pending(env);

    assertThatThrownBy(() -> env.engine.operations().deploy(TENANT, plan.id()))
        .isInstanceOfSatisfying(IllegalPlanStatusException.class,
            e -> assertThat(e.status()).isEqualTo(PlanStatus.PENDING))
        .hasMessageContaining("deploy").hasMessageContaining("pending");
    assertThat(env.engine.operations().plan(TENANT, plan.id())).isEqualTo(plan);
    assertThat(env.engine.currentVersion(TENANT, "order-flow").version()).isEqualTo(1);
    assertThat(env.engine.pendingMigration(TENANT, "s1").orElse(null)).isNull();
  }

  @Test
  void without_require_approval_a_pending_plan_deploys() {
    Env env = env(MigrationConfig.custom().requireApproval(false).build());
    MigrationPlan plan = pending(env);

    DeploymentResult r = env.engine.operations().deploy(TENANT, plan.id());

    assertThat(r.sessionsMarked()).isEqualTo(1);
    MigrationPlan deployed = env.engine.operations().plan(TENANT, plan.id());
    assertThat(deployed.status()).isEqualTo(PlanStatus.DEPLOYED);
    assertThat(deployed.deployedAt()).isEqualTo(T0);
    assertThat(deployed.approvedBy()).isNull();
  }

  @Test
  void a_deployed_plan_cannot_be_approved_rejected_updated_or_deployed_again_at_another_rollout() {
    Env env = env();
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2AgeInserted());
    assertThat(plan.status()).isEqualTo(PlanStatus.DEPLOYED);
    assertThat(plan.approvedBy()).isEqualTo("lead@example.com");
    assertThat(plan.approvedAt()).isEqualTo(T0);
    AnchorPolicy p = checkoutPolicy(plan);

    assertThatThrownBy(() -> env.engine.operations().approve(TENANT, plan.id(), "x"))
        .isInstanceOf(IllegalPlanStatusException.class);
    assertThatThrownBy(() -> env.engine.operations().reject(TENANT, plan.id()))
        .isInstanceOf(IllegalPlanStatusException.class);
    assertThatThrownBy(() -> env.engine.operations().updatePolicies(TENANT, plan.id(), Map.of(p.anchorContentHash(),
        p)))
        .isInstanceOf(IllegalPlanStatusException.class);
    assertThatThrownBy(() -> env.engine.operations().deploy(TENANT, plan.id(), 50))
        .isInstanceOf(IllegalPlanStatusException.class);
    assertThat(env.engine.operations().plan(TENANT, plan.id())).isEqualTo(plan);
    // deploying it again as it is deployed is a retry whose answer was lost: it succeeds, with nothing left to do
    assertThat(env.engine.operations().deploy(TENANT, plan.id()).sessionsMarked()).isZero();
    assertThat(env.engine.operations().plan(TENANT, plan.id())).isEqualTo(plan);
  }

  @Test
  void a_pending_or_approved_plan_can_be_rejected_and_a_rejected_plan_cannot_be_deployed() {
    Env env = env(MigrationConfig.custom().requireApproval(false).build());
    MigrationPlan a = pending(env);
    MigrationPlan rejected = env.engine.operations().reject(TENANT, a.id());
    assertThat(rejected.status()).isEqualTo(PlanStatus.REJECTED);

    assertThatThrownBy(() -> env.engine.operations().deploy(TENANT, a.id()))
        .isInstanceOfSatisfying(IllegalPlanStatusException.class,
            e -> assertThat(e.status()).isEqualTo(PlanStatus.REJECTED));
    assertThatThrownBy(() -> env.engine.operations().approve(TENANT, a.id(), "lead"))
        .isInstanceOf(IllegalPlanStatusException.class);
    assertThatThrownBy(() -> env.engine.operations().reject(TENANT, a.id()))
        .isInstanceOf(IllegalPlanStatusException.class);
    assertThat(env.engine.operations().plan(TENANT, a.id())).isEqualTo(rejected);
    assertThat(env.engine.pendingMigration(TENANT, "s1").orElse(null)).isNull();

    MigrationPlan b = pending(env);
    env.engine.operations().approve(TENANT, b.id(), "lead");
    assertThat(env.engine.operations().reject(TENANT, b.id()).status()).isEqualTo(PlanStatus.REJECTED);
  }

  @Test
  void an_unknown_plan_names_tenant_and_plan() {
    Env env = env();

    for (Runnable call : new Runnable[] {
        () -> env.engine.operations().plan(TENANT, "nope"),
        () -> env.engine.operations().approve(TENANT, "nope", "lead"),
        () -> env.engine.operations().reject(TENANT, "nope"),
        () -> env.engine.operations().deploy(TENANT, "nope"),
        () -> env.engine.operations().updatePolicies(TENANT, "nope", Map.of()),
        () -> env.engine.operations().markSessions(TENANT, "nope")}) {
      assertThatThrownBy(call::run).isInstanceOf(UnknownPlanException.class)
          .hasMessageContaining("'" + TENANT + "'").hasMessageContaining("'nope'");
    }
  }

  @Test
  void deploying_the_next_plan_supersedes_the_previous_one() {
    Env env = env();
    MigrationPlan p12 = env.deploy(RuntimeFixtures.v2AgeAndLoyalty());
    env.clock.advance(Duration.ofMinutes(5));
    MigrationPlan p23 = env.deploy(RuntimeFixtures.v3LoyaltyDropped());

    assertThat(env.engine.operations().plan(TENANT, p12.id()).status()).isEqualTo(PlanStatus.SUPERSEDED);
    assertThat(env.engine.operations().plan(TENANT, p23.id()).status()).isEqualTo(PlanStatus.DEPLOYED);
    assertThat(env.engine.currentVersion(TENANT, "order-flow").version()).isEqualTo(3);
    // a superseded plan cannot be deployed again
    assertThatThrownBy(() -> env.engine.operations().deploy(TENANT, p12.id()))
        .isInstanceOf(IllegalPlanStatusException.class);
    assertThatThrownBy(() -> env.engine.operations().markSessions(TENANT, p12.id()))
        .isInstanceOf(IllegalPlanStatusException.class);
  }

  @Test
  void a_plan_from_a_version_that_is_no_longer_current_cannot_be_deployed() {
    Env env = env();
    MigrationPlan a = pending(env);
    env.engine.operations().approve(TENANT, a.id(), "lead");
    env.engine.publish(TENANT, RuntimeFixtures.v3LoyaltyDropped());
    env.engine.operations().makeCurrent(TENANT, "order-flow", 3);

    assertThatThrownBy(() -> env.engine.operations().deploy(TENANT, a.id()))
        .isInstanceOf(IllegalPlanStatusException.class)
        .hasMessageContaining("current version");
    assertThat(env.engine.operations().plan(TENANT, a.id()).status()).isEqualTo(PlanStatus.APPROVED);
  }

  @Test
  void mark_sessions_marks_a_deployed_plan_when_auto_marking_is_off() {
    Env env = env(MigrationConfig.custom().autoMarkSessions(false).build());
    MigrationPlan plan = pending(env);
    env.engine.operations().approve(TENANT, plan.id(), "lead");

    assertThat(env.engine.operations().deploy(TENANT, plan.id()).sessionsMarked()).isZero();
    assertThat(env.engine.pendingMigration(TENANT, "s1").orElse(null)).isNull();

    DeploymentResult r = env.engine.operations().markSessions(TENANT, plan.id());
    assertThat(r.sessionsMarked()).isEqualTo(1);
    assertThat(r.sessionsByAnchor()).containsOnlyKeys(anchor(plan, "Checkout").anchorContentHash());
    assertThat(env.engine.operations().markSessions(TENANT, plan.id()).sessionsMarked()).isZero();
  }
}
