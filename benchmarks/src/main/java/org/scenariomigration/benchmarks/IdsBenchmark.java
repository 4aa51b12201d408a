package org.scenariomigration.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/**
 * The id grammar's check ({@link Ids#require}) of one id: what each id a write, a plan, a journal record or a
 * {@code ScenarioMigration} call checks costs (a read of the in-memory stores and {@code reconcile}'s hit path check
 * nothing). {@code id}: a short tenant, a UUID (plan and journal record ids), SQL metacharacters, a non-ASCII id
 * (the general path) and 255 ASCII characters (the longest ASCII id).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class IdsBenchmark {
  @Param({"tenant", "uuid", "nasty", "non_ascii", "ascii_255"})
  public String id;

  String value;

  @Setup
  public void setUp() {
    value = switch (id) {
      case "tenant" -> "tenant-1";
      case "uuid" -> "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b";
      case "nasty" -> "o'brien\"; DROP TABLE x; --";
      case "non_ascii" -> "caf\u00e9-z\u00fcrich-\u6771\u4eac-\ud83d\ude00";
      case "ascii_255" -> "a".repeat(255);
      default -> throw new IllegalArgumentException(id);
    };
  }

  @Benchmark
  public String require() {
    return Ids.require(IdKind.TENANT, value);
  }
}
