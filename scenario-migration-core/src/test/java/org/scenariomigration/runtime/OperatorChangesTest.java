package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.spi.ConcurrentOperationException;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.memory.InMemoryPlanStore;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.memory.InMemoryScenarioStore;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.session.SessionState;

/**
 * Operator changes of a scenario hold it while they run: no reconcile writes on a half-done change, another change is
 * refused, and the same call again completes one that failed part-way.
 */
class OperatorChangesTest {

  /** A scenario store whose next {@code setCurrentVersion} fails once, as a database connection lost would. */
  static final class FailingOnce implements ScenarioStore {
    final InMemoryScenarioStore inner = new InMemoryScenarioStore();
    final AtomicBoolean armed = new AtomicBoolean();

    @Override
    public void save(String tenantId, ScenarioVersion version) {
      inner.save(tenantId, version);
    }

    @Override
    public java.util.Optional<ScenarioVersion> find(String tenantId, String scenarioId, int version) {
      return inner.find(tenantId, scenarioId, version);
    }

    @Override
    public List<Integer> versions(String tenantId, String scenarioId) {
      return inner.versions(tenantId, scenarioId);
    }

    @Override
    public int currentVersion(String tenantId, String scenarioId) {
      return inner.currentVersion(tenantId, scenarioId);
    }

    @Override
    public void setCurrentVersion(String tenantId, String scenarioId, int version) {
      if (armed.getAndSet(false)) {
        throw new IllegalStateException("connection lost while setting the current version");
      }
      inner.setCurrentVersion(tenantId, scenarioId, version);
    }

    @Override
    public boolean delete(String tenantId, String scenarioId, int version) {
      return inner.delete(tenantId, scenarioId, version);
    }
  }

  @Test
  void a_deploy_that_failed_part_way_holds_the_scenario_until_the_same_call_completes_it() {
    FailingOnce scenarios = new FailingOnce();
    InMemorySessionStore sessions = new InMemorySessionStore();
    ScenarioMigration m = ScenarioMigration.builder().clock(new RuntimeFixtures.TestClock(RuntimeFixtures.T0))
        .scenarioStore(scenarios).sessionStore(sessions).build();
    m.publish(TENANT, RuntimeFixtures.v1());
    m.startSession(TENANT, "s1", "c1", "web", "order-flow");
    m.advance(TENANT, "s1", "checkout");
    MigrationPlan plan = m.operations().generatePlan(TENANT, RuntimeFixtures.v2PaymentDownstream(), "op");
    m.operations().approve(TENANT, plan.id(), "lead");
    scenarios.armed.set(true);

    assertThatThrownBy(() -> m.operations().deploy(TENANT, plan.id())).hasMessageContaining("connection lost");

    // half done: the plan says deployed, the current version is still 1, nobody is marked
    assertThat(m.operations().plan(TENANT, plan.id()).status()).isEqualTo(PlanStatus.DEPLOYED);
    assertThat(m.currentVersion(TENANT, "order-flow").version()).isEqualTo(1);
    String holder = sessions.changeHolder(TENANT, "order-flow");
    assertThat(holder).isEqualTo("deploy of plan '" + plan.id() + "'");
    assertThat(sessions.changeGeneration(TENANT, "order-flow") % 2).isEqualTo(1);
    // a message meanwhile decides nothing on half a deploy and writes nothing
    SessionState before = m.session(TENANT, "s1");
    assertThat(m.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(m.session(TENANT, "s1")).isEqualTo(before);
    // another change of the scenario is refused, naming the one to retry
    assertThatThrownBy(() -> m.operations().rollback(TENANT, plan.id()))
        .isInstanceOf(ConcurrentOperationException.class)
        .hasMessageContaining(holder);
    m.publish(TENANT, RuntimeFixtures.unrelated(3));
    assertThatThrownBy(() -> m.operations().makeCurrent(TENANT, "order-flow", 3))
        .isInstanceOf(ConcurrentOperationException.class);

    // the same call again completes it
    DeploymentResult result = m.operations().deploy(TENANT, plan.id());

    assertThat(result.sessionsMarked()).isEqualTo(1);
    assertThat(m.currentVersion(TENANT, "order-flow").version()).isEqualTo(2);
    assertThat(sessions.changeHolder(TENANT, "order-flow")).isNull();
    assertThat(m.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.CLEAN_GRAFT, null));
    // and once more (a retry whose answer was lost): nothing is left to do
    SessionState migrated = m.session(TENANT, "s1");
    assertThat(m.operations().deploy(TENANT, plan.id()).sessionsMarked()).isZero();
    assertThat(m.session(TENANT, "s1")).isEqualTo(migrated);
    assertThat(m.operations().plan(TENANT, plan.id()).status()).isEqualTo(PlanStatus.DEPLOYED);
  }

  @Test
  void a_rollback_that_failed_part_way_is_completed_by_the_same_call_and_restores_once() {
    FailingOnce scenarios = new FailingOnce();
    InMemorySessionStore sessions = new InMemorySessionStore();
    ScenarioMigration m = ScenarioMigration.builder().clock(new RuntimeFixtures.TestClock(RuntimeFixtures.T0))
        .scenarioStore(scenarios).sessionStore(sessions).build();
    m.publish(TENANT, RuntimeFixtures.v1());
    m.startSession(TENANT, "s1", "c1", "web", "order-flow");
    m.advance(TENANT, "s1", "checkout");
    MigrationPlan plan = m.operations().generatePlan(TENANT, RuntimeFixtures.v2PaymentDownstream(), "op");
    m.operations().approve(TENANT, plan.id(), "lead");
    m.operations().deploy(TENANT, plan.id());
    assertThat(m.reconcile(TENANT, "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    scenarios.armed.set(true);

    assertThatThrownBy(() -> m.operations().rollback(TENANT, plan.id())).hasMessageContaining("connection lost");
    assertThat(m.reconcile(TENANT, "s1")).isSameAs(Outcome.CONTINUE); // marked for restoring, but not yet
    RollbackReport report = m.operations().rollback(TENANT, plan.id());

    assertThat(report.sessionsToRestore()).containsExactly("s1");
    assertThat(m.operations().plan(TENANT, plan.id()).status()).isEqualTo(PlanStatus.ROLLED_BACK);
    assertThat(m.reconcile(TENANT, "s1")).isEqualTo(new Outcome.Teleport("checkout", 1, Outcome.TeleportReason.ROLLBACK, null));
    assertThat(m.journal(TENANT, "s1")).extracting(JournalRecord::kind)
        .containsExactly(JournalRecord.Kind.MIGRATED, JournalRecord.Kind.ROLLED_BACK);
  }

  /**
   * Deploys and rollbacks racing six threads that reconcile the sessions at random: a session moves only by the plan
   * (migrated) or back (rolled back), never relocated or exited because a reconcile looked at the moment between two
   * steps of a change, and each plan migrates a session at most once.
   */
  @Test
  void deploys_and_rollbacks_racing_six_reconciling_threads_never_move_a_session_without_a_plan() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      for (int round = 0; round < 60; round++) {
        InMemorySessionStore sessions = new InMemorySessionStore();
        ScenarioMigration m = ScenarioMigration.builder().config(MigrationInvariantProperties.config())
            .sessionStore(sessions).scenarioStore(new InMemoryScenarioStore()).planStore(new InMemoryPlanStore())
            .profileStore(new InMemoryProfileStore()).build();
        m.publish(TENANT, RuntimeFixtures.v1());
        int count = 12;
        for (int i = 0; i < count; i++) {
          m.startSession(TENANT, "s" + i, "c" + i, "web", "order-flow");
          if (i % 2 == 1) {
            m.advance(TENANT, "s" + i, "checkout");
          }
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger reconciles = new AtomicInteger();
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(6);
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
          Random r = new Random(round * 31L + t);
          threads.add(pool.submit(() -> {
            boolean first = true;
            while (!stop.get()) {
              try {
                m.reconcile(TENANT, "s" + r.nextInt(count));
                reconciles.incrementAndGet();
              } catch (ConcurrentUpdateException e) {
                // a message that lost too many races: the host retries it
              }
              if (first) {
                running.countDown();
                first = false;
              }
            }
            return null;
          }));
        }
        running.await(30, TimeUnit.SECONDS); // every thread is reconciling before the changes begin
        ScenarioVersion v2 = RuntimeFixtures.v2PaymentDownstream();
        MigrationPlan plan = m.operations().generatePlan(TENANT, v2, "op");
        m.operations().approve(TENANT, plan.id(), "lead");
        m.operations().deploy(TENANT, plan.id());
        Thread.sleep(1);
        m.operations().rollback(TENANT, plan.id());
        Thread.sleep(1);
        stop.set(true);
        for (Future<?> f : threads) {
          f.get(30, TimeUnit.SECONDS);
        }
        for (int i = 0; i < count; i++) {
          String id = "s" + i;
          while (m.reconcile(TENANT, id) != Outcome.CONTINUE) {
            // the restore, if it is still owed
          }
          List<JournalRecord.Kind> kinds = m.journal(TENANT, id).stream().map(JournalRecord::kind).toList();
          assertThat(kinds).as("round %d, %s", round, id).isIn(List.of(), List.of(JournalRecord.Kind.MIGRATED,
              JournalRecord.Kind.ROLLED_BACK));
          SessionState s = m.session(TENANT, id);
          assertThat(s.version()).as("round %d, %s", round, id).isEqualTo(1);
          assertThat(s.pending()).isNull();
        }
        assertThat(reconciles.get()).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
