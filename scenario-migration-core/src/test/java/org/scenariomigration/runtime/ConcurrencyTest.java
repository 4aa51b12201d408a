package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.spi.JournalRecord;

class ConcurrencyTest {
  private static final int THREADS = 16;

  /** Runs every task at once behind a start gate and returns the outcomes; rethrows any exception. */
  private static List<Outcome> runAtOnce(List<Callable<Outcome>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch ready = new CountDownLatch(tasks.size());
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Outcome>> futures = new ArrayList<>();
      for (Callable<Outcome> task : tasks) {
        futures.add(pool.submit(() -> {
          ready.countDown();
          start.await();
          return task.call();
        }));
      }
      ready.await();
      start.countDown();
      List<Outcome> out = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sixteen_simultaneous_reconciles_of_one_marked_session_migrate_it_exactly_once() throws Exception {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.engine.setVariables(TENANT, "s1", Map.of("age", 30));
    env.deploy(RuntimeFixtures.v2AgeInserted());

    List<Callable<Outcome>> tasks = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      tasks.add(() -> env.engine.reconcile(TENANT, "s1"));
    }
    List<Outcome> outcomes = runAtOnce(tasks);

    assertThat(outcomes).hasSize(THREADS).doesNotContainNull();
    assertThat(outcomes).filteredOn(o -> o.kind() == Outcome.Kind.TELEPORT).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o.kind() == Outcome.Kind.CONTINUE).hasSize(THREADS - 1);
    assertThat(env.journal("s1")).extracting(JournalRecord::kind).containsExactly(JournalRecord.Kind.MIGRATED);
    assertThat(env.engine.session(TENANT, "s1").version()).isEqualTo(2);
  }

  @Test
  void simultaneous_reconciles_of_a_session_waiting_for_a_field_all_return_collect() throws Exception {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.deploy(RuntimeFixtures.v2AgeInserted());

    List<Callable<Outcome>> tasks = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      tasks.add(() -> env.engine.reconcile(TENANT, "s1"));
    }
    List<Outcome> outcomes = runAtOnce(tasks);

    assertThat(outcomes).allSatisfy(o -> assertThat(o.kind()).isEqualTo(Outcome.Kind.COLLECT));
    assertThat(env.engine.pendingMigration(TENANT, "s1").orElse(null).askedFields()).containsExactly("age");
    assertThat(env.journal("s1")).isEmpty();
  }

  @Test
  void simultaneous_reconciles_of_many_sessions_migrate_each_exactly_once() throws Exception {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    int sessions = 40;
    for (int i = 0; i < sessions; i++) {
      env.session("s" + i, i % 2 == 0 ? "web" : "app", "checkout");
    }
    env.deploy(RuntimeFixtures.v2PaymentDownstream());

    List<Callable<Outcome>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int offset = t;
      tasks.add(() -> {
        Outcome last = null;
        for (int i = 0; i < sessions; i++) {
          last = env.engine.reconcile(TENANT, "s" + ((i + offset) % sessions));
        }
        return last;
      });
    }
    runAtOnce(tasks);

    for (int i = 0; i < sessions; i++) {
      assertThat(env.journal("s" + i)).as("s" + i).extracting(JournalRecord::kind)
          .containsExactly(JournalRecord.Kind.MIGRATED);
      assertThat(env.engine.session(TENANT, "s" + i).version()).isEqualTo(2);
    }
  }
}
