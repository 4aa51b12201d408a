package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.scenariomigration.MovableClock;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanJson;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.spi.FaultInjector;
import org.scenariomigration.spi.Generations;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.spi.UnitOfWork;

/**
 * Operator calls are atomic and retryable, tested as an adversary would: for each of {@code deploy},
 * {@code rollback}, {@code widenRollout}, {@code updatePolicies}, {@code approve} and {@code purge}, count the store
 * operations N of a clean run, then for every n in 1..N fail the n-th before it and after it, each on a tenant of its
 * own with four sessions. After the fault:
 *
 * <ul>
 *   <li>the call threw;
 *   <li>the state (plans, current version, stored versions, sessions with markers, versions and pins, journal size and
 *       deployment status per plan, the change gate; not revisions nor generation values) is exactly the state before
 *       a clean run, or exactly the state after it; with stores that do not share a transaction ({@link #atomic()}
 *       false) it may also be half done, but then the scenario is held by the call ({@link SessionStore#changeHolder});
 *   <li>a reconcile of a session acts exactly as on the clean state before or after (held: it writes nothing), never
 *       on a half-done call;
 *   <li>the same call again, without fault, succeeds and leaves exactly the state of a clean run.
 * </ul>
 *
 * <p>Subclasses supply the stores and the {@link FaultInjector} that reaches them: a {@code FaultyDataSource} under
 * the JDBC stores, {@code FaultyStores} around stores that do not share a transaction.
 */
public abstract class AtomicOperatorCallsContract {
  static final String SCENARIO = "order-flow";
  static final List<String> SESSIONS = List.of("s1", "s2", "s3", "s4");

  /**
   * The stores of one trial, the unit of work they share ({@link UnitOfWork#NONE} when they share none) and the
   * injector that fails their operations.
   */
  public record Stores(ScenarioStore scenarios, PlanStore plans, SessionStore sessions, ProfileStore profiles,
      UnitOfWork unitOfWork, FaultInjector faults) {}

  /** Stores for a trial: new ones, or the same each time (every trial uses a tenant of its own). */
  protected abstract Stores stores();

  /** Whether the stores' unit of work runs a call in one transaction: a fault then never leaves it half done. */
  protected abstract boolean atomic();

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicInteger tenants = new AtomicInteger();

  // ------------------------------------------------------------------------------------------- the operations

  @Test
  void deploy_happens_whole_or_not_at_all_and_a_retry_completes_it() {
    trials("deploy", (m, t, clock) -> {
      plan(m, t, RuntimeFixtures.v2PaymentDownstream());
      m.operations().approve(t, "plan-1", "lead");
    }, (m, t) -> () -> m.operations().deploy(t, "plan-1"));
  }

  @Test
  void rollback_happens_whole_or_not_at_all_and_a_retry_completes_it() {
    trials("rollback", (m, t, clock) -> {
      plan(m, t, RuntimeFixtures.v2PaymentDownstream());
      m.operations().approve(t, "plan-1", "lead");
      m.operations().deploy(t, "plan-1");
      m.reconcile(t, "s2");
    }, (m, t) -> () -> m.operations().rollback(t, "plan-1"));
  }

  @Test
  void widening_a_rollout_happens_whole_or_not_at_all_and_a_retry_completes_it() {
    trials("widenRollout", (m, t, clock) -> {
      plan(m, t, RuntimeFixtures.v2PaymentDownstream());
      m.operations().approve(t, "plan-1", "lead");
      m.operations().deploy(t, "plan-1", 30);
    }, (m, t) -> () -> m.operations().widenRollout(t, "plan-1", 100));
  }

  @Test
  void updating_policies_happens_whole_or_not_at_all_and_a_retry_completes_it() {
    trials("updatePolicies", (m, t, clock) -> plan(m, t, RuntimeFixtures.v2PaymentDownstream()), (m, t) -> {
      AnchorPolicy p = AnchorPolicy.defaults(RuntimeFixtures.anchor(m.operations().plan(t, "plan-1"), "Checkout"))
          .withScopeFilter(ScopeFilter.builder().excludeChannels("sms").build());
      return () -> m.operations().updatePolicies(t, "plan-1", Map.of(p.anchorContentHash(), p));
    });
  }

  @Test
  void approving_happens_whole_or_not_at_all_and_a_retry_completes_it() {
    trials("approve", (m, t, clock) -> plan(m, t, RuntimeFixtures.v2PaymentDownstream()),
        (m, t) -> () -> m.operations().approve(t, "plan-1", "lead"));
  }

  @Test
  void purging_happens_whole_or_not_at_all_and_a_retry_completes_it() {
    trials("purge", (m, t, clock) -> {
      plan(m, t, RuntimeFixtures.v2AgeAndLoyalty());
      m.operations().approve(t, "plan-1", "lead");
      m.operations().deploy(t, "plan-1", 50); // sessions outside the rollout are pinned on version 1 by their reconcile
      for (String s : SESSIONS) {
        m.reconcile(t, s);
      }
      clock.advance(Duration.ofDays(1));
      plan(m, t, RuntimeFixtures.v3LoyaltyDropped());
      m.operations().approve(t, "plan-2", "lead");
      m.operations().deploy(t, "plan-2");
      clock.advance(Duration.ofDays(400));
    }, (m, t) -> () -> m.operations().purge(t, SCENARIO, true));
  }

  @Test
  void deploying_with_a_rollout_schedule_happens_whole_or_not_at_all_and_a_retry_completes_it() {
    trials("deployWithSchedule", (m, t, clock) -> {
      plan(m, t, RuntimeFixtures.v2PaymentDownstream());
      m.operations().approve(t, "plan-1", "lead");
    }, (m, t) -> () -> m.operations().deploy(t, "plan-1", org.scenariomigration.plan.RolloutSchedule.builder()
        .step(50, Duration.ofHours(1), 1).step(100, Duration.ZERO, 0).build()));
  }

  @Test
  void moving_a_session_happens_whole_or_not_at_all_and_a_retry_completes_it() {
    trials("moveSession", (m, t, clock) -> plan(m, t, RuntimeFixtures.v2PaymentDownstream()),
        (m, t) -> () -> m.operations().moveSession(t, "s1", 2, "checkout", "ops", false));
  }

  @Test
  void moving_the_sessions_of_a_query_happens_whole_or_not_at_all_and_a_retry_completes_it() {
    trials("moveSessions", (m, t, clock) -> plan(m, t, RuntimeFixtures.v2PaymentDownstream()),
        // (s3 and s4: the trials probe s1, which a half-done move must leave as it was)
        (m, t) -> () -> m.operations().moveSessions(t, SessionQuery.builder(SCENARIO).steps("welcome", "confirm")
            .build(), 2, "checkout", "ops", false));
  }

  // ------------------------------------------------------------------------------------------- the trials

  /** What a trial does before the call. */
  @FunctionalInterface
  interface Setup {
    void run(ScenarioMigration m, String tenant, MovableClock clock);
  }

  /** The call, prepared (reads it needs done) before the faults are armed. */
  @FunctionalInterface
  interface Call {
    Supplier<Object> prepare(ScenarioMigration m, String tenant);
  }

  /** One engine on the trial's stores with a clock and plan ids of its own. */
  private record Trial(Stores stores, ScenarioMigration m, MovableClock clock, String tenant) {}

  private Trial trial(String operation, Setup setup) {
    Stores st = stores();
    st.faults().disarm();
    MovableClock clock = new MovableClock(RuntimeFixtures.T0);
    AtomicInteger plans = new AtomicInteger();
    ScenarioMigration m = ScenarioMigration.builder().clock(clock).planIdGenerator(() -> "plan-"
        + plans.incrementAndGet()).scenarioStore(st.scenarios()).planStore(st.plans()).sessionStore(st.sessions())
        .profileStore(st.profiles()).unitOfWork(st.unitOfWork()).build();
    String t = "atomic-" + run + "-" + operation + "-" + tenants.incrementAndGet();
    m.publish(t, RuntimeFixtures.v1());
    String[][] sessions = {{"s1", "web", "checkout"}, {"s2", "sms", "checkout"}, {"s3", "web"},
        {"s4", "web", "checkout", "confirm"}};
    for (String[] s : sessions) {
      m.startSession(t, s[0], "customer-" + s[0], s[1], SCENARIO);
      for (int i = 2; i < s.length; i++) {
        m.advance(t, s[0], s[i]);
      }
    }
    setup.run(m, t, clock);
    return new Trial(st, m, clock, t);
  }

  private static void plan(ScenarioMigration m, String t, ScenarioVersion to) {
    m.operations().generatePlan(t, to, "op");
  }

  private void trials(String operation, Setup setup, Call call) {
    // clean runs: before, reconcile, call; and call (counting the operations), reconcile, call again
    Trial b = trial(operation, setup);
    String before = snapshot(b);
    String beforeOutcome = outcome(b, b.m().reconcile(b.tenant(), "s1"));
    String beforeReconciled = snapshot(b);
    once(b, call);
    String beforeReconciledCalled = snapshot(b);

    Trial a = trial(operation, setup);
    Supplier<Object> first = call.prepare(a.m(), a.tenant());
    a.stores().faults().count();
    first.get();
    int n = a.stores().faults().counted();
    a.stores().faults().disarm();
    String after = snapshot(a);
    assertThat(after).as(operation + " changes something").isNotEqualTo(before);
    String afterOutcome = outcome(a, a.m().reconcile(a.tenant(), "s1"));
    String afterReconciled = snapshot(a);
    once(a, call);
    String afterReconciledCalled = snapshot(a);
    assertThat(n).as(operation + " operations").isPositive();

    int[] seen = new int[3];
    for (int i = 1; i <= n; i++) {
      for (FaultInjector.Kind kind : FaultInjector.Kind.values()) {
        Trial x = trial(operation, setup);
        Supplier<Object> c = call.prepare(x.m(), x.tenant());
        x.stores().faults().failAt(i, kind);
        Throwable thrown;
        try {
          thrown = catchThrowable(c::get);
        } finally {
          x.stores().faults().disarm();
        }
        String where = operation + " with a fault " + kind + " operation " + i + " of " + n + " ("
            + x.stores().faults().struck() + ")";
        assertThat(x.stores().faults().struck()).as(where + ": struck").isNotNull();
        assertThat(thrown).as(where + ": the call throws").isNotNull();

        String state = snapshot(x);
        String outcome;
        if (state.equals(before)) {
          seen[0]++;
          outcome = outcome(x, x.m().reconcile(x.tenant(), "s1"));
          assertThat(outcome).as(where + ": reconcile on the state before").isEqualTo(beforeOutcome);
          assertThat(snapshot(x)).as(where + ": reconcile on the state before").isEqualTo(beforeReconciled);
        } else if (state.equals(after)) {
          seen[1]++;
          outcome = outcome(x, x.m().reconcile(x.tenant(), "s1"));
          assertThat(outcome).as(where + ": reconcile on the state after").isEqualTo(afterOutcome);
          assertThat(snapshot(x)).as(where + ": reconcile on the state after").isEqualTo(afterReconciled);
        } else {
          seen[2]++;
          assertThat(atomic()).as(where + ": the state is neither the state before nor after:\n" + state
              + "\nbefore:\n" + before + "\nafter:\n" + after).isFalse();
          assertThat(x.stores().sessions().changeHolder(x.tenant(), SCENARIO))
              .as(where + ": a half-done call holds the scenario:\n" + state).isNotNull();
          outcome = outcome(x, x.m().reconcile(x.tenant(), "s1"));
          assertThat(outcome).as(where + ": reconcile on a half-done call").isEqualTo(outcome(x, Outcome.CONTINUE));
          assertThat(snapshot(x)).as(where + ": reconcile on a half-done call writes nothing").isEqualTo(state);
        }

        Object retried = catchThrowable(() -> c.get());
        assertThat(retried).as(where + ": the same call again succeeds").isNull();
        String expected = state.equals(before) ? beforeReconciledCalled
            : state.equals(after) ? afterReconciledCalled : after;
        assertThat(snapshot(x)).as(where + ": the same call again leaves the state of a clean run").isEqualTo(expected);
      }
    }
    assertThat(seen[0] + seen[1] + seen[2]).isEqualTo(2 * n);
  }

  private static void once(Trial x, Call call) {
    call.prepare(x.m(), x.tenant()).get();
  }

  private static String outcome(Trial x, Outcome o) {
    String text = String.valueOf(o).replace(x.tenant(), "<tenant>");
    // an owed effect's id is derived from the tenant, which each trial has of its own
    return o.effectId() == null ? text : text.replace(o.effectId(), "<effect>");
  }

  /** Everything an operator call changes, tenant and revisions and generation values left out. */
  static String snapshot(Trial x) {
    String t = x.tenant();
    Stores st = x.stores();
    StringBuilder b = new StringBuilder();
    b.append("current ").append(st.scenarios().readCurrentVersion(t, SCENARIO)).append('\n');
    b.append("versions ").append(st.scenarios().versions(t, SCENARIO)).append('\n');
    long generation = st.sessions().changeGeneration(t, SCENARIO);
    b.append("gate ").append(Generations.changing(generation) ? "changing" : "settled").append(" held by ")
        .append(st.sessions().changeHolder(t, SCENARIO)).append('\n');
    List<MigrationPlan> plans = new ArrayList<>(st.plans().forScenario(t, SCENARIO));
    plans.sort(Comparator.comparing(MigrationPlan::id));
    for (MigrationPlan p : plans) {
      b.append("plan ").append(PlanJson.write(p)).append('\n');
      b.append("status ").append(x.m().operations().deploymentStatus(t, p.id())).append(" journal ")
          .append(((JournalStore) st.sessions()).forPlan(t, p.id()).size()).append('\n');
    }
    for (String id : SESSIONS) {
      SessionState s = st.sessions().find(t, id).orElse(null);
      if (s != null && s.owed() != null) {
        // an owed effect's id is derived from the tenant, which each trial has of its own
        org.scenariomigration.session.OwedEffects o = s.owed();
        s = s.withOwed(new org.scenariomigration.session.OwedEffects("<effect>", o.kind(), o.planId(),
            o.targetStepId(), o.targetVersion(), o.reason(), o.message(), o.actions()));
      }
      b.append("session ").append(s == null ? "none" : s.withRevision(0)).append('\n');
    }
    return b.toString().replace(t, "<tenant>");
  }
}
