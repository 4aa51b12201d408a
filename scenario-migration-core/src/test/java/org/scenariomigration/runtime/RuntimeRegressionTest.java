package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.runtime.RuntimeFixtures.TestClock;
import org.scenariomigration.memory.InMemoryPlanStore;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.memory.InMemoryScenarioStore;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.session.SessionState;

/**
 * Regression tests for the findings of an independent review of the runtime (each failed before its fix).
 */
class RuntimeRegressionTest {

  private static MigrationPlan approveAndDeploy(ScenarioMigration e, MigrationPlan p) {
    e.operations().approve(TENANT, p.id(), "lead");
    e.operations().deploy(TENANT, p.id());
    return e.operations().plan(TENANT, p.id());
  }

  // ---------------------------------------------------------------- F1: teleport does not append to history
  static Step.Builder st(String id, String name) {
    return Step.builder(id).name(name).description(name + " step");
  }

  @Test
  void a_checkpoint_a_session_was_teleported_onto_is_in_its_history_and_blocks_a_later_plan() {
    Env env = new Env();
    ScenarioVersion v1 = ScenarioVersion.builder("order-flow", 1).name("Order Flow")
        .step(st("welcome", "Welcome").to("survey"))
        .step(st("survey", "Survey").to("payment"))
        .step(st("payment", "Payment").checkpoint("payment processed").to("confirm"))
        .step(st("confirm", "Confirm")).build();
    ScenarioVersion v2 = ScenarioVersion.builder("order-flow", 2).name("Order Flow") // survey deleted
        .step(st("welcome", "Welcome").to("payment"))
        .step(st("payment", "Payment").checkpoint("payment processed").to("confirm"))
        .step(st("confirm", "Confirm")).build();
    ScenarioVersion v3 = ScenarioVersion.builder("order-flow", 3).name("Order Flow") // payment after confirm
        .step(st("welcome", "Welcome").to("confirm"))
        .step(st("confirm", "Confirm").to("payment"))
        .step(st("payment", "Payment").checkpoint("payment processed")).build();
    env.engine.publish(TENANT, v1);
    env.session("s", "web", "survey");
    env.deploy(v2);
    Outcome o = env.engine.reconcile(TENANT, "s");
    assertThat(o).isEqualTo(new Outcome.Teleport("payment", 2, Outcome.TeleportReason.RELOCATION, null));
    // spec: applying updates version, checksum, position AND history
    SessionState s = env.engine.session(TENANT, "s");
    // the host runs the payment step at the next message, then advances
    env.engine.advance(TENANT, "s", "confirm");
    env.deploy(v3);
    Outcome o3 = env.engine.reconcile(TENANT, "s");
    // payment was processed on v2 and is reachable from confirm in v3: must be blocked
    assertThat(o3.blockedByCheckpoint()).as("payment would run again").isTrue();
  }

  // ---------------------------------------------------------------- F2: rollback ordering / non-atomic
  @Test
  void a_message_during_a_rollback_never_relocates_a_session_to_the_version_being_rolled_back() {
    InMemorySessionStore store = new InMemorySessionStore();
    AtomicReference<ScenarioMigration> ref = new AtomicReference<>();
    AtomicReference<Outcome> seen = new AtomicReference<>();
    JournalStore j = new JournalStore() {
      @Override
      public List<JournalRecord> forSession(String t, String s) {
        return store.forSession(t, s);
      }

      @Override
      public List<JournalRecord> forPlan(String t, String p) {
        // a message for session "d" arrives while the rollback is in progress
        if (seen.get() == null && ref.get().operations().plan(t, p).status() == PlanStatus.ROLLED_BACK) {
          seen.set(ref.get().reconcile(t, "d"));
        }
        return store.forPlan(t, p);
      }
    };
    ScenarioMigration e = ScenarioMigration.builder().clock(new TestClock(RuntimeFixtures.T0)).sessionStore(store)
        .journalStore(j).build();
    ref.set(e);
    e.publish(TENANT, RuntimeFixtures.v1());
    e.startSession(TENANT, "d", "c", "web", "order-flow");
    e.advance(TENANT, "d", "checkout");
    MigrationPlan p = approveAndDeploy(e, e.operations().generatePlan(TENANT, RuntimeFixtures.v2PaymentDownstream(),
        "op"));
    assertThat(e.pendingMigration(TENANT, "d").orElse(null)).isNotNull();

    RollbackReport r = e.operations().rollback(TENANT, p.id());
    SessionState d = e.session(TENANT, "d");
    assertThat(d.version()).as("d must stay on v1: the plan was rolled back").isEqualTo(1);
  }

  @Test
  void a_rollback_that_fails_part_way_can_be_retried() {
    InMemorySessionStore store = new InMemorySessionStore();
    AtomicBoolean fail = new AtomicBoolean(true);
    JournalStore j = new JournalStore() {
      @Override
      public List<JournalRecord> forSession(String t, String s) {
        return store.forSession(t, s);
      }

      @Override
      public List<JournalRecord> forPlan(String t, String p) {
        if (fail.get()) {
          throw new IllegalStateException("journal read timed out");
        }
        return store.forPlan(t, p);
      }
    };
    ScenarioMigration e = ScenarioMigration.builder().clock(new TestClock(RuntimeFixtures.T0)).sessionStore(store)
        .journalStore(j).build();
    e.publish(TENANT, RuntimeFixtures.v1());
    e.startSession(TENANT, "a", "c", "web", "order-flow");
    e.advance(TENANT, "a", "checkout");
    MigrationPlan p = approveAndDeploy(e, e.operations().generatePlan(TENANT, RuntimeFixtures.v2PaymentDownstream(),
        "op"));
    e.reconcile(TENANT, "a"); // migrated to v2
    try {
      e.operations().rollback(TENANT, p.id());
    } catch (IllegalStateException expected) {
    }
    fail.set(false);
    boolean retried;
    try {
      e.operations().rollback(TENANT, p.id());
      retried = true;
    } catch (IllegalPlanStatusException ex) {
      retried = false;
    }
    assertThat(retried || (e.operations().plan(TENANT, p.id()).status() == PlanStatus.DEPLOYED))
        .as("either nothing changed by the failed rollback or it can be retried").isTrue();
  }

  // ---------------------------------------------------------------- F3: broken chain
  @Test
  void a_broken_plan_chain_relocates_straight_to_the_current_version() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("a", "web", "checkout");
    env.deploy(RuntimeFixtures.v2PaymentDownstream());
    env.engine.publish(TENANT, RuntimeFixtures.v3LoyaltyDropped());
    env.engine.operations().makeCurrent(TENANT, "order-flow", 3); // no plan 2 -> 3: the chain is broken
    env.profiles.put(TENANT, "customer-a", new ProfileField("age", 30, "crm", 1.0, null));
    Outcome first = env.engine.reconcile(TENANT, "a");
    assertThat(first).isEqualTo(new Outcome.Teleport("checkout", 3, Outcome.TeleportReason.RELOCATION, null));
    assertThat(env.engine.session(TENANT, "a").variables()).containsEntry("age", 30L); // the relocation's gap fill
  }

  // ---------------------------------------------------------------- F4: hot path for unmarked old-version sessions
  @Test
  void a_session_left_out_of_a_plans_scope_is_pinned_once_and_then_takes_the_fast_path() {
    AtomicInteger planReads = new AtomicInteger();
    InMemoryPlanStore inner = new InMemoryPlanStore();
    PlanStore counting = new PlanStore() {
      public void insert(MigrationPlan plan) { inner.insert(plan); }
      public java.util.Optional<MigrationPlan> find(String t, String id) { return inner.find(t, id); }
      public void replace(MigrationPlan plan, PlanStatus s) { inner.replace(plan, s); }
      public List<MigrationPlan> forScenario(String t, String sc) { planReads.incrementAndGet(); return inner.forScenario(t, sc); }
      public boolean delete(String t, String id) { return inner.delete(t, id); }
    };
    ScenarioMigration e = ScenarioMigration.builder().clock(new TestClock(RuntimeFixtures.T0)).planStore(counting)
        .build();
    e.publish(TENANT, RuntimeFixtures.v1());
    e.startSession(TENANT, "sms-1", "c", "sms", "order-flow");
    e.advance(TENANT, "sms-1", "checkout");
    MigrationPlan p = e.operations().generatePlan(TENANT, RuntimeFixtures.v2PaymentDownstream(), "op");
    var anchor = RuntimeFixtures.anchor(p, "Checkout");
    e.operations().updatePolicies(TENANT, p.id(), Map.of(anchor.anchorContentHash(), AnchorPolicy.defaults(anchor)
        .withScopeFilter(ScopeFilter.builder().excludeChannels("sms").build())));
    approveAndDeploy(e, e.operations().plan(TENANT, p.id()));
    assertThat(e.pendingMigration(TENANT, "sms-1").orElse(null)).isNull(); // out of scope: nothing pending, ever

    assertThat(e.reconcile(TENANT, "sms-1")).isSameAs(Outcome.CONTINUE);
    assertThat(e.session(TENANT, "sms-1").pinned()).isTrue();
    long slow = e.metrics().slowPathCount();
    int reads = planReads.get();
    for (int i = 0; i < 1_000; i++) {
      assertThat(e.reconcile(TENANT, "sms-1")).isSameAs(Outcome.CONTINUE);
    }
    assertThat(e.metrics().slowPathCount()).as("no slow path with nothing pending").isEqualTo(slow);
    assertThat(planReads.get()).as("no plan store reads with nothing pending").isEqualTo(reads);
  }

  // ---------------------------------------------------------------- F5: multi-node stale chain cache
  @Test
  void a_second_node_with_a_stale_plan_cache_does_not_relocate_a_session_the_plan_left_out() {
    InMemoryScenarioStore sc = new InMemoryScenarioStore();
    InMemoryPlanStore pl = new InMemoryPlanStore();
    InMemorySessionStore ss = new InMemorySessionStore();
    InMemoryProfileStore pr = new InMemoryProfileStore();
    TestClock clock = new TestClock(RuntimeFixtures.T0);
    ScenarioMigration node1 = ScenarioMigration.builder().clock(clock).scenarioStore(sc).planStore(pl)
        .sessionStore(ss).profileStore(pr).build();
    ScenarioMigration node2 = ScenarioMigration.builder().clock(clock).scenarioStore(sc).planStore(pl)
        .sessionStore(ss).profileStore(pr).build();
    node1.publish(TENANT, RuntimeFixtures.v1());
    node1.startSession(TENANT, "x", "c", "web", "order-flow");
    node1.publish(TENANT, RuntimeFixtures.v2PaymentDownstream());
    node1.operations().makeCurrent(TENANT, "order-flow", 2);
    node2.reconcile(TENANT, "x"); // node2 relocates x and caches the scenario's (empty) plan list
    node1.startSession(TENANT, "sms-1", "c", "sms", "order-flow"); // on v2
    node1.advance(TENANT, "sms-1", "checkout");
    ScenarioVersion v3 = ScenarioVersion.builder("order-flow", 3).name("Order Flow")
        .step(RuntimeFixtures.welcome().to("checkout"))
        .step(RuntimeFixtures.checkout().to("payment"))
        .step(RuntimeFixtures.payment().to("confirm"))
        .step(RuntimeFixtures.confirm().to("welcome")) // something changed
        .build();
    MigrationPlan p = node1.operations().generatePlan(TENANT, v3, "op");
    var anchor = RuntimeFixtures.anchor(p, "Checkout");
    node1.operations().updatePolicies(TENANT, p.id(), Map.of(anchor.anchorContentHash(), AnchorPolicy.defaults(anchor)
        .withScopeFilter(ScopeFilter.builder().excludeChannels("sms").build())));
    approveAndDeploy(node1, node1.operations().plan(TENANT, p.id()));
    assertThat(node1.pendingMigration(TENANT, "sms-1").orElse(null)).isNull();
    Outcome o = node2.reconcile(TENANT, "sms-1");
    assertThat(o).as("excluded by the plan's scope filter: must stay on v2").isSameAs(Outcome.CONTINUE);
  }

  // ---------------------------------------------------------------- F6: advanced after marking
  @Test
  void a_session_that_moved_after_marking_to_an_anchor_out_of_scope_stays() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("w", "web");          // at welcome
    MigrationPlan p = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2PaymentDownstream(), "op");
    var anchor = RuntimeFixtures.anchor(p, "Checkout");
    env.engine.operations().updatePolicies(TENANT, p.id(), Map.of(anchor.anchorContentHash(),
        AnchorPolicy.defaults(anchor)
        .withScopeFilter(ScopeFilter.builder().excludeChannels("web").build())));
    approveAndDeploy(env.engine, env.engine.operations().plan(TENANT, p.id()));
    assertThat(env.engine.pendingMigration(TENANT, "w").orElse(null)).isNotNull(); // marked at Welcome
    env.engine.advance(TENANT, "w", "checkout"); // the in-flight message moves it on v1
    Outcome o = env.engine.reconcile(TENANT, "w");
    assertThat(o).as("web sessions at Checkout are out of scope").isSameAs(Outcome.CONTINUE);
  }

  // ---------------------------------------------------------------- composite migrations and rollback
  @Test
  void a_composite_migration_is_journaled_under_the_marking_plan_and_a_later_rollback_relocates_it_safely() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("a", "web", "checkout");
    env.profiles.put(TENANT, "customer-a", new ProfileField("age", 30, "crm", 1.0, null));
    MigrationPlan a = env.deploy(RuntimeFixtures.v2AgeAndLoyalty());
    MigrationPlan b = env.deploy(RuntimeFixtures.v3LoyaltyDropped());
    Outcome o = env.engine.reconcile(TENANT, "a");
    assertThat(o.kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(env.engine.session(TENANT, "a").version()).isEqualTo(3);

    assertThat(env.engine.operations().deploymentStatus(TENANT, a.id()).migrationsApplied()).isEqualTo(1);
    assertThat(env.engine.operations().deploymentStatus(TENANT, b.id()).migrationsApplied()).isZero();
    RollbackReport r = env.engine.operations().rollback(TENANT, b.id());
    assertThat(r.sessionsToRestore()).isEmpty();
    // relocated back to version 2 as any move is: version 2 collects the loyalty card before checkout
    assertThat(env.engine.reconcile(TENANT, "a")).isEqualTo(new Outcome.Collect(List.of("loyalty_id"),
        "Before we continue, could you tell me your loyalty_id?", List.of(CollectedField.required("loyalty_id"))));
    env.engine.setVariables(TENANT, "a", Map.of("loyalty_id", "L-7"));
    Outcome back = env.engine.reconcile(TENANT, "a");
    assertThat(back).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.RELOCATION, null));
  }

  @Test
  void a_rollback_keeps_a_session_that_passed_the_checkpoint_it_was_teleported_onto() {
    Env env = new Env();
    env.engine.publish(TENANT, ScenarioVersion.builder("order-flow", 1).name("Order Flow")
        .step(st("welcome", "Welcome").to("survey")).step(st("survey", "Survey").to("payment"))
        .step(st("payment", "Payment").checkpoint("payment processed").to("confirm"))
        .step(st("confirm", "Confirm")).build());
    env.session("s", "web", "survey");
    MigrationPlan plan = env.deploy(ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(st("welcome", "Welcome").to("payment"))
        .step(st("payment", "Payment").checkpoint("payment processed").to("confirm"))
        .step(st("confirm", "Confirm")).build());
    env.engine.reconcile(TENANT, "s");           // relocated onto the payment step of v2
    env.engine.advance(TENANT, "s", "confirm");  // the payment ran at this message

    RollbackReport r = env.engine.operations().rollback(TENANT, plan.id());

    assertThat(r.sessionsKept()).containsExactly("s");
    assertThat(r.sessionsToRestore()).isEmpty();
    assertThat(env.engine.reconcile(TENANT, "s")).isSameAs(Outcome.CONTINUE);
    assertThat(env.engine.session(TENANT, "s").version()).isEqualTo(2);
  }
}
