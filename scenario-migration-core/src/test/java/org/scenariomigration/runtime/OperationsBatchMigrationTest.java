package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import java.util.Optional;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.runtime.RuntimeFixtures.TestClock;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.SessionCommit;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.SessionStore;

class OperationsBatchMigrationTest {

  private static Env v1Env() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    return env;
  }

  private static List<JournalRecord.Kind> kinds(Env env, String id) {
    return env.journal(id).stream().map(JournalRecord::kind).toList();
  }

  @Test
  void migrate_now_applies_every_marked_session_in_batches_and_reports_progress() {
    Env env = v1Env();
    for (int i = 0; i < 10; i++) {
      String id = "s" + i;
      if (i < 4) {
        env.session(id, "web"); // clean graft
      } else {
        env.session(id, "web", "checkout"); // gap fill
        if (i < 8) {
          env.engine.setVariables(TENANT, id, Map.of("age", 20 + i));
        }
      }
    }
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2AgeInserted());
    List<BatchReport> progress = new ArrayList<>();

    BatchReport report = env.engine.operations().migrateNow(TENANT, plan.id(), 3, progress::add);

    assertThat(progress).hasSize(4);
    assertThat(progress).extracting(BatchReport::processed).containsExactly(3L, 6L, 9L, 10L);
    assertThat(progress).extracting(BatchReport::batches).containsExactly(1, 2, 3, 4);
    assertThat(progress.get(progress.size() - 1)).isEqualTo(report);
    assertThat(counts(report)).isEqualTo(new BatchReport(plan.id(), 10, 8, 0, 2, 0, 4));
    assertThat(report.byOutcome()).containsOnly(Map.entry("collect", 2L), Map.entry("teleport:clean_graft", 4L),
        Map.entry("teleport:gap_fill", 4L));
    // the last page names its session and what it answered; a session awaiting the customer needs the host
    assertThat(report.page()).extracting(BatchReport.Item::sessionId).containsExactly("s9");
    assertThat(report.needsHost()).extracting(BatchReport.Item::sessionId).containsExactly("s9");
    assertThat(progress.get(0).page()).extracting(BatchReport.Item::sessionId).containsExactly("s0", "s1", "s2");
    assertThat(progress.get(0).page()).extracting(i -> i.outcome().kind()).containsOnly(Outcome.Kind.TELEPORT);
    for (int i = 0; i < 8; i++) {
      assertThat(kinds(env, "s" + i)).as("s" + i).containsExactly(JournalRecord.Kind.MIGRATED);
      assertThat(env.engine.session(TENANT, "s" + i).version()).isEqualTo(2);
    }
    // those needing the customer stay marked, and nobody recorded that they were asked
    for (String id : List.of("s8", "s9")) {
      assertThat(env.engine.pendingMigration(TENANT, id).orElse(null)).as(id).isNotNull();
      assertThat(env.engine.pendingMigration(TENANT, id).orElse(null).askedFields()).as(id).isEmpty();
      assertThat(env.journal(id)).as(id).isEmpty();
    }
    DeploymentStatus st = env.engine.operations().deploymentStatus(TENANT, plan.id());
    assertThat(st.migrationsApplied()).isEqualTo(8);
    assertThat(st.migrationsPending()).isEqualTo(2);

    // a second run only looks at the two still waiting; their next message asks the customer
    assertThat(counts(env.engine.operations().migrateNow(TENANT, plan.id(), 100, r -> {}))).isEqualTo(
        new BatchReport(plan.id(), 2, 0, 0, 2, 0, 1));
    assertThat(env.engine.reconcile(TENANT, "s8").kind()).isEqualTo(Outcome.Kind.COLLECT);
  }

  /** The counts of a report, without its per-outcome map and page. */
  static BatchReport counts(BatchReport r) {
    return new BatchReport(r.planId(), r.processed(), r.migrated(), r.blocked(), r.awaitingCustomer(), r.other(),
        r.batches());
  }

  @Test
  void migrate_now_counts_checkpoint_blocks() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1WithPayment());
    env.session("paid", "web", "payment", "checkout");
    env.session("new", "web");
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2PaymentAfterCheckout());

    BatchReport report = env.engine.operations().migrateNow(TENANT, plan.id(), 10, r -> {});

    assertThat(counts(report)).isEqualTo(new BatchReport(plan.id(), 2, 1, 1, 0, 0, 1));
    assertThat(kinds(env, "paid")).containsExactly(JournalRecord.Kind.CHECKPOINT_BLOCKED);
  }

  @Test
  void migrate_now_with_nothing_marked_reports_no_batch() {
    Env env = v1Env();
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2PaymentDownstream());
    List<BatchReport> progress = new ArrayList<>();

    assertThat(env.engine.operations().migrateNow(TENANT, plan.id(), 5, progress::add))
        .isEqualTo(new BatchReport(plan.id(), 0, 0, 0, 0, 0, 0));
    assertThat(progress).isEmpty();
  }

  @Test
  void migrate_now_does_nothing_while_the_tenant_is_off() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2PaymentDownstream());
    env.engine.operations().setMode(TENANT, MigrationMode.OFF);

    assertThat(env.engine.operations().migrateNow(TENANT, plan.id(), 5, r -> {}).processed()).isZero();
    assertThat(env.engine.session(TENANT, "s1").version()).isEqualTo(1);
    assertThat(env.engine.operations().deploymentStatus(TENANT, plan.id()).migrationsPending()).isEqualTo(1);
  }

  @Test
  void migrate_now_rejects_a_plan_that_is_not_deployed_and_a_batch_size_below_one() {
    Env env = v1Env();
    env.session("s1", "web", "checkout");
    MigrationPlan pending = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2PaymentDownstream(), "op");

    assertThatThrownBy(() -> env.engine.operations().migrateNow(TENANT, pending.id(), 5, r -> {}))
        .isInstanceOf(IllegalPlanStatusException.class);
    assertThatThrownBy(() -> env.engine.operations().migrateNow(TENANT, pending.id(), 0, r -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    assertThat(env.journal("s1")).isEmpty();
  }

  @Test
  void a_batch_migration_racing_with_just_in_time_messages_applies_and_reports_each_migration_exactly_once()
      throws Exception {
    Env env = v1Env();
    int sessions = 120;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      String id = String.format("s%03d", i);
      ids.add(id);
      if (i % 2 == 0) {
        env.session(id, "web");
      } else {
        env.session(id, "web", "checkout");
        env.engine.setVariables(TENANT, id, Map.of("age", 30));
      }
    }
    MigrationPlan plan = env.deploy(RuntimeFixtures.v2AgeInserted());
    int messageThreads = 6;
    ExecutorService pool = Executors.newFixedThreadPool(messageThreads + 1);
    List<BatchReport> progress = Collections.synchronizedList(new ArrayList<>());
    java.util.Set<String> owedSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try {
      CountDownLatch ready = new CountDownLatch(messageThreads + 1);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Long>> futures = new ArrayList<>();
      futures.add(pool.submit(() -> {
        ready.countDown();
        start.await();
        return env.engine.operations().migrateNow(TENANT, plan.id(), 7, progress::add).migrated();
      }));
      for (int t = 0; t < messageThreads; t++) {
        int offset = t * 17;
        boolean backwards = t % 2 == 0;
        Callable<Long> messages = () -> {
          ready.countDown();
          start.await();
          long teleports = 0;
          for (int i = 0; i < sessions; i++) {
            int k = (i + offset) % sessions;
            String id = ids.get(backwards ? sessions - 1 - k : k);
            Outcome o = env.engine.reconcile(TENANT, id);
            if (o.kind() == Outcome.Kind.TELEPORT && o.effectId() != null) {
              owedSeen.add(id + " " + o.effectId()); // owed by the batch: offered until the host acknowledges it
              env.engine.acknowledge(TENANT, id, o.effectId());
            } else if (o.kind() == Outcome.Kind.TELEPORT) {
              teleports++;
            } else {
              assertThat(o).isSameAs(Outcome.CONTINUE);
            }
          }
          return teleports;
        };
        futures.add(pool.submit(messages));
      }
      ready.await();
      start.countDown();
      long batchMigrated = futures.get(0).get(60, TimeUnit.SECONDS);
      long reported = 0;
      for (Future<Long> f : futures.subList(1, futures.size())) {
        reported += f.get(60, TimeUnit.SECONDS);
      }
      // one more message each: a session the batch migrated after its last message gets its teleport now
      for (String id : ids) {
        Outcome o = env.engine.reconcile(TENANT, id);
        if (o.kind() == Outcome.Kind.TELEPORT && o.effectId() != null) {
          owedSeen.add(id + " " + o.effectId());
          assertThat(env.engine.acknowledge(TENANT, id, o.effectId())).isTrue();
        } else if (o.kind() == Outcome.Kind.TELEPORT) {
          reported++;
        }
        assertThat(env.engine.reconcile(TENANT, id)).as(id).isSameAs(Outcome.CONTINUE);
      }

      // every migration was applied once, by the batch or by a message, and its teleport reached the host: once at a
      // message, and under one effect id, until acknowledged, from the batch
      assertThat(reported + owedSeen.size()).isEqualTo(sessions);
      assertThat(owedSeen.stream().map(k -> k.split(" ")[0]).distinct().count()).isEqualTo(owedSeen.size());
      long journaled = ids.stream().filter(id -> kinds(env, id).stream()
          .filter(k -> k != JournalRecord.Kind.EFFECT_RETIRED).toList().equals(List.of(JournalRecord.Kind.MIGRATED)))
          .count();
      assertThat(journaled).isEqualTo(sessions);
      assertThat(batchMigrated).isLessThanOrEqualTo(sessions);
    } finally {
      pool.shutdownNow();
    }
    for (String id : ids) {
      assertThat(kinds(env, id).stream().filter(k -> k != JournalRecord.Kind.EFFECT_RETIRED)).as(id)
          .containsExactly(JournalRecord.Kind.MIGRATED);
      assertThat(env.engine.session(TENANT, id).version()).as(id).isEqualTo(2);
      assertThat(env.engine.pendingMigration(TENANT, id).orElse(null)).as(id).isNull();
    }
    assertThat(progress).extracting(BatchReport::processed).isSorted();
    DeploymentStatus st = env.engine.operations().deploymentStatus(TENANT, plan.id());
    assertThat(st.migrationsApplied()).isEqualTo(sessions);
    assertThat(st.migrationsPending()).isZero();
    assertThat(env.engine.metrics().count("migrations_applied")).isEqualTo(sessions);
  }

  @Test
  void a_session_migrated_by_its_message_while_its_page_is_written_is_applied_once_and_reported_once() {
    TestClock clock = new TestClock(RuntimeFixtures.T0);
    InMemorySessionStore memory = new InMemorySessionStore();
    List<MigrationEvent> events = Collections.synchronizedList(new ArrayList<>());
    ScenarioMigration[] engine = new ScenarioMigration[1];
    List<Integer> pageSizes = new ArrayList<>();
    // a store whose page writes first let the message of the page's second session through
    SessionStore racing = new ForwardingSessionStore(memory) {
      @Override
      public List<Optional<SessionState>> commitAll(List<SessionCommit> commits) {
        pageSizes.add(commits.size());
        if (commits.size() > 1) {
          assertThat(engine[0].reconcile(TENANT, commits.get(1).session().sessionId()).kind())
              .isEqualTo(Outcome.Kind.TELEPORT);
        }
        return super.commitAll(commits);
      }
    };
    engine[0] = ScenarioMigration.builder().clock(clock).sessionStore(racing).journalStore(memory)
        .listener(events::add).build();
    engine[0].publish(TENANT, RuntimeFixtures.v1());
    for (int i = 0; i < 5; i++) {
      engine[0].startSession(TENANT, "s" + i, "customer-" + i, "web", "order-flow");
    }
    MigrationPlan p = engine[0].operations().generatePlan(TENANT, RuntimeFixtures.v2AgeInserted(), "op@example.com");
    engine[0].operations().approve(TENANT, p.id(), "lead@example.com");
    engine[0].operations().deploy(TENANT, p.id());

    BatchReport report = engine[0].operations().migrateNow(TENANT, p.id(), 3, r -> {});

    assertThat(pageSizes).containsExactly(3, 2);
    // s1 and s4 were migrated by their messages: the batch applied them again, found them done and left them
    assertThat(counts(report)).isEqualTo(new BatchReport(p.id(), 5, 3, 0, 0, 2, 2));
    for (int i = 0; i < 5; i++) {
      String id = "s" + i;
      assertThat(memory.forSession(TENANT, id)).as(id).extracting(JournalRecord::kind)
          .containsExactly(JournalRecord.Kind.MIGRATED);
      assertThat(engine[0].session(TENANT, id).version()).as(id).isEqualTo(2);
      assertThat(events.stream().filter(e -> e instanceof MigrationEvent.MigrationApplied a
          && a.sessionId().equals(id)).count()).as(id).isEqualTo(1);
    }
    assertThat(engine[0].metrics().count("migrations_applied")).isEqualTo(5);
  }

  @Test
  void a_session_whose_page_commit_lost_to_its_message_is_judged_again_from_its_stored_state_not_the_stale_page() {
    TestClock clock = new TestClock(RuntimeFixtures.T0);
    InMemorySessionStore memory = new InMemorySessionStore();
    org.scenariomigration.memory.InMemoryProfileStore profiles = new org.scenariomigration.memory.InMemoryProfileStore();
    ScenarioMigration[] engine = new ScenarioMigration[1];
    boolean[] raced = new boolean[1];
    // while the page is written, s0's message migrates it, and then the profile value it was filled from expires:
    // judged again from the page's stale state, s0 would look unmigrated with nothing to fill its gap from
    SessionStore racing = new ForwardingSessionStore(memory) {
      @Override
      public List<Optional<SessionState>> commitAll(List<SessionCommit> commits) {
        if (!raced[0]) {
          raced[0] = true;
          assertThat(engine[0].reconcile(TENANT, "s0").kind()).isEqualTo(Outcome.Kind.TELEPORT);
          profiles.put(TENANT, "customer-0", new org.scenariomigration.spi.ProfileField("age", 40, "crm", 1.0,
              RuntimeFixtures.T0.minusSeconds(1)));
        }
        return super.commitAll(commits);
      }
    };
    engine[0] = ScenarioMigration.builder().clock(clock).sessionStore(racing).journalStore(memory)
        .profileStore(profiles).build();
    engine[0].publish(TENANT, RuntimeFixtures.v1());
    for (int i = 0; i < 2; i++) {
      engine[0].startSession(TENANT, "s" + i, "customer-" + i, "web", "order-flow");
      engine[0].advance(TENANT, "s" + i, "checkout");
      profiles.put(TENANT, "customer-" + i, new org.scenariomigration.spi.ProfileField("age", 40, "crm", 1.0, null));
    }
    MigrationPlan p = engine[0].operations().generatePlan(TENANT, RuntimeFixtures.v2AgeInserted(), "op@example.com");
    engine[0].operations().approve(TENANT, p.id(), "lead@example.com");
    engine[0].operations().deploy(TENANT, p.id());

    BatchReport report = engine[0].operations().migrateNow(TENANT, p.id(), 10, r -> {});

    // s1 migrated by the batch; s0 found done (not "waiting for the customer", as its stale state would say)
    assertThat(counts(report)).isEqualTo(new BatchReport(p.id(), 2, 1, 0, 0, 1, 1));
    assertThat(memory.forSession(TENANT, "s0")).extracting(JournalRecord::kind)
        .containsExactly(JournalRecord.Kind.MIGRATED);
    assertThat(engine[0].session(TENANT, "s0").variables()).containsEntry("age", 40L);
  }

  /** A session store that forwards everything (the default {@code commitAll} included) to another. */
  private static class ForwardingSessionStore implements SessionStore {
    private final SessionStore to;

    ForwardingSessionStore(SessionStore to) {
      this.to = to;
    }

    @Override
    public Optional<SessionState> find(String tenantId, String sessionId) {
      return to.find(tenantId, sessionId);
    }

    @Override
    public SessionState insert(SessionState session) {
      return to.insert(session);
    }

    @Override
    public SessionState update(SessionState session, long expectedRevision) {
      return to.update(session, expectedRevision);
    }

    @Override
    public SessionState commit(SessionState session, long expectedRevision, JournalRecord record) {
      return to.commit(session, expectedRevision, record);
    }

    @Override
    public List<Optional<SessionState>> commitAll(List<SessionCommit> commits) {
      return to.commitAll(commits);
    }

    @Override
    public int mark(MarkCriteria criteria) {
      return to.mark(criteria);
    }

    @Override
    public int unmark(String tenantId, String planId) {
      return to.unmark(tenantId, planId);
    }

    @Override
    public List<SessionState> findAtVersion(String tenantId, String scenarioId, int version, int limit) {
      return to.findAtVersion(tenantId, scenarioId, version, limit);
    }

    @Override
    public List<SessionState> findMarked(String tenantId, String planId, String afterSessionId, int limit) {
      return to.findMarked(tenantId, planId, afterSessionId, limit);
    }

    @Override
    public long countMarked(String tenantId, String planId) {
      return to.countMarked(tenantId, planId);
    }
  }
}
