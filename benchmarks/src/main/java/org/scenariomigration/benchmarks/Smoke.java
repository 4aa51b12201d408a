package org.scenariomigration.benchmarks;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The CI smoke run, bound to the {@code verify} phase of this module: every benchmark once, in one fork, with no
 * warm-up and one 100 ms iteration ({@code -f 1 -wi 0 -i 1 -r 100ms -w 100ms}), and small populations, so that the
 * benchmarks keep compiling and running. Its numbers mean nothing. The PostgreSQL benchmarks are skipped with a
 * warning when the database does not answer, unless {@code -Dsm.bench.require-databases=true} (or
 * {@code SM_BENCH_REQUIRE_DATABASES=true}) makes that a failure. Exits non-zero when any benchmark fails.
 */
public final class Smoke {
  private Smoke() {}

  public static void main(String[] args) {
    long started = System.nanoTime();
    boolean postgres = Databases.postgresReachable();
    boolean require = Boolean.getBoolean("sm.bench.require-databases")
        || "true".equalsIgnoreCase(System.getenv("SM_BENCH_REQUIRE_DATABASES"));
    ChainedOptionsBuilder o = new OptionsBuilder()
        .include("org\\.scenariomigration\\.benchmarks\\..*")
        .forks(1)
        .warmupIterations(0)
        .measurementIterations(1)
        .warmupTime(TimeValue.milliseconds(100))
        .measurementTime(TimeValue.milliseconds(100))
        .shouldFailOnError(true)
        .param("memorySessions", "2000")
        .param("h2Sessions", "2000")
        .param("postgresSessions", "5000")
        .param("batchSessions", "200")
        .param("n", "50")
        .param("versionSteps", "1000")
        .param("journalSessions", "1000")
        .param("visits", "10");
    if (!postgres) {
      if (require) {
        System.err.println("smoke: FAILED: PostgreSQL at " + Databases.POSTGRES_URL + " does not answer");
        System.exit(1);
      }
      System.err.println("smoke: warning: PostgreSQL at " + Databases.POSTGRES_URL
          + " does not answer: its benchmarks are skipped");
      o.exclude("deployPostgres").param("db", "h2").param("store", "memory", "h2");
    }
    // the smoke run only checks that every benchmark runs: a measuring JMH run elsewhere on the machine (it holds
    // /tmp/jmh.lock) must not fail it
    System.setProperty("jmh.ignoreLock", "true");
    try {
      Collection<RunResult> results = new Runner(o.build()).run();
      if (results.isEmpty()) {
        System.err.println("smoke: FAILED: no benchmark ran");
        System.exit(1);
      }
      System.out.printf("smoke: %d benchmark runs passed in %.0f s%n", results.size(),
          (System.nanoTime() - started) / 1e9);
    } catch (RunnerException e) {
      System.err.println("smoke: FAILED: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }
}
