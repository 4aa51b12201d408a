package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scenariomigration.MovableClock;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.memory.InMemoryVisitLog;
import org.scenariomigration.spi.LoggedVisit;
import org.scenariomigration.spi.VisitLog;
import org.scenariomigration.spi.VisitPage;

/**
 * What the engine asks of the visit log, counted on the in-memory stores: nothing on the per-message path, nothing at
 * all beyond retention and erasure when it is off, and one append per visit of eager batch migration when it is on.
 */
class VisitLogTest {
  private static final String TENANT = "t1";
  private final MovableClock clock = new MovableClock(Instant.parse("2025-03-04T10:00:00Z"));

  /** A log that records the name of every call made to it. */
  private static final class Counting implements VisitLog {
    final InMemoryVisitLog inner = new InMemoryVisitLog();
    final List<String> calls = new ArrayList<>();

    @Override
    public void append(String tenantId, String sessionId, LoggedVisit visit) {
      calls.add("append " + sessionId + " " + visit.ordinal());
      inner.append(tenantId, sessionId, visit);
    }

    @Override
    public VisitPage visits(String tenantId, String sessionId, long afterOrdinal, int limit) {
      calls.add("visits");
      return inner.visits(tenantId, sessionId, afterOrdinal, limit);
    }

    @Override
    public int deleteSessions(String tenantId, List<String> sessionIds) {
      calls.add("deleteSessions");
      return inner.deleteSessions(tenantId, sessionIds);
    }

    @Override
    public int deleteOlderThan(String tenantId, Instant cutoff, int limit) {
      calls.add("deleteOlderThan");
      return inner.deleteOlderThan(tenantId, cutoff, limit);
    }

    @Override
    public int deleteCustomer(String tenantId, String customerId) {
      calls.add("deleteCustomer");
      return inner.deleteCustomer(tenantId, customerId);
    }
  }

  private ScenarioMigration engine(Counting log, boolean on) {
    return ScenarioMigration.builder().clock(clock).visitLog(log)
        .config(MigrationConfig.custom().visitLog(on)
            .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build()).build();
  }

  private static MigrationPlan deploy(ScenarioMigration m) {
    MigrationPlan p = m.operations().generatePlan(TENANT, Seeds.v2PaymentDownstream(), "op");
    m.operations().approve(TENANT, p.id(), "lead");
    m.operations().deploy(TENANT, p.id());
    return p;
  }

  @Test
  void the_reconcile_of_an_up_to_date_session_never_touches_the_log() {
    Counting log = new Counting();
    ScenarioMigration m = engine(log, true);
    m.publish(TENANT, Seeds.v1());
    m.startSession(TENANT, "s1", "c1", "web", "order-flow");
    m.advance(TENANT, "s1", "checkout");
    assertThat(log.calls).containsExactly("append s1 0", "append s1 1");

    for (int i = 0; i < 5; i++) {
      assertThat(m.reconcile(TENANT, "s1")).isEqualTo(Outcome.CONTINUE);
      assertThat(m.reconcileWithState(TENANT, "s1").outcome()).isEqualTo(Outcome.CONTINUE);
    }
    m.setVariables(TENANT, "s1", java.util.Map.of("name", "Ann")); // no visit, no row

    assertThat(log.calls).containsExactly("append s1 0", "append s1 1");
  }

  @Test
  void with_the_log_off_no_visit_is_ever_appended_nor_read_by_the_engine() {
    Counting log = new Counting();
    ScenarioMigration m = engine(log, false);
    m.publish(TENANT, Seeds.v1());
    m.startSession(TENANT, "s1", "c1", "web", "order-flow");
    m.advance(TENANT, "s1", "checkout");
    m.startSession(TENANT, "s2", "c2", "web", "order-flow");
    m.advance(TENANT, "s2", "checkout");
    MigrationPlan p = deploy(m);
    assertThat(m.reconcile(TENANT, "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    m.operations().migrateNow(TENANT, p.id(), 10, r -> {});
    m.operations().rollback(TENANT, p.id());
    m.reconcile(TENANT, "s1");

    assertThat(log.calls).isEmpty();
    assertThat(m.session(TENANT, "s1").visitCount()).isEqualTo(4);
  }

  @Test
  void eager_batch_migration_appends_each_arrival_once_after_its_page_is_stored() {
    Counting log = new Counting();
    ScenarioMigration m = engine(log, true);
    m.publish(TENANT, Seeds.v1());
    for (String s : List.of("a", "b", "c")) {
      m.startSession(TENANT, s, "c-" + s, "web", "order-flow");
      m.advance(TENANT, s, "checkout");
    }
    MigrationPlan p = deploy(m);
    clock.advance(Duration.ofMinutes(1));
    log.calls.clear();

    BatchReport report = m.operations().migrateNow(TENANT, p.id(), 2, r -> {});

    assertThat(report.migrated()).isEqualTo(3);
    assertThat(log.calls).containsExactly("append a 2", "append b 2", "append c 2");
    for (String s : List.of("a", "b", "c")) {
      LoggedVisit arrival = m.visits(TENANT, s, 1, 10).visits().get(0);
      assertThat(arrival.version()).isEqualTo(2);
      assertThat(arrival.stepId()).isEqualTo(m.session(TENANT, s).currentStepId());
      assertThat(arrival.visitedAt()).isEqualTo(clock.instant());
      assertThat(VisitLogging.visitOrdinal(m.session(TENANT, s))).isEqualTo(arrival.ordinal());
    }
  }
}
