package org.scenariomigration.benchmarks;

import java.lang.ref.Reference;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.scenariomigration.scenario.ScenarioJson;
import org.scenariomigration.scenario.ScenarioVersion;

/**
 * Reading a scenario version of {@code versionSteps} steps from JSON ({@link ScenarioJson#read}: parsing, validation,
 * hashes, the graph and the unreachable-step warnings), the heap a read version retains, and the runtime's
 * reachability question ({@link ScenarioVersion#canReach}) on a read version, for a chain and for a branching graph
 * with cycles ({@link ScenarioDocuments}).
 *
 * <p>{@code retained} is single shot: it reads the document between two full collections and reports, as secondary
 * results in KiB, the heap the version retains after reading ({@code retainedKiB}) and after one
 * {@code upstreamOf}, {@code downstreamOf} and {@code canReach} each ({@code queriedKiB}: whatever a version caches
 * on demand), each the mean over the measured iterations. Its time is not a figure (it holds the collections).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ScenarioVersionBenchmark {
  @Param({"10000", "100000"})
  public int versionSteps;

  @Param({"chain", "branching"})
  public String shape;

  String json;
  ScenarioVersion read;
  String first;
  String last;
  int next;

  @Setup
  public void setUp() {
    json = ScenarioDocuments.of(shape, versionSteps);
    first = "s0";
    last = "s" + (versionSteps - 1);
    read = ScenarioJson.read(json);
    if (read.steps().size() != versionSteps || !read.canReach(first, last)) {
      throw new IllegalStateException("unexpected version " + read);
    }
  }

  /** Reading the whole document into a validated version. */
  @Benchmark
  public ScenarioVersion read() {
    return ScenarioJson.read(json);
  }

  /**
   * {@code canReach(s_k, last)} for a different source step every call (k cycles through 4,096 steps spread over the
   * version): what checkpoint checks cost when sessions sit at many different steps.
   */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public boolean canReachManySources() {
    int k = (int) ((long) (next++ & 4095) * versionSteps / 4096);
    return read.canReach("s" + k, last);
  }

  /**
   * {@code canReach(s_k, first)} for a different source step every call, as {@link #canReachManySources}: whether a
   * checkpoint passed near the start lies downstream again (no, except on a cycle back to it).
   */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public boolean canReachUpstream() {
    int k = (int) ((long) (next++ & 4095) * versionSteps / 4096);
    return read.canReach("s" + k, first);
  }

  /** {@code canReach(first, last)} again and again: sessions at the same step. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public boolean canReachOneSource() {
    return read.canReach(first, last);
  }

  /** The heap a read version retains; see the class comment. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  public ScenarioVersion retained(Retained r, BenchmarkParams params) {
    long before = usedAfterGc();
    ScenarioVersion v = ScenarioJson.read(json);
    long afterRead = usedAfterGc();
    v.upstreamOf(last);
    v.downstreamOf(first);
    v.canReach(first, last);
    long afterQueries = usedAfterGc();
    Reference.reachabilityFence(v);
    // JMH sums an EVENTS counter over the measured iterations: each iteration adds its share of the mean
    int iterations = params.getMeasurement().getCount();
    r.retainedKiB = ((afterRead - before) >> 10) / iterations;
    r.queriedKiB = ((afterQueries - before) >> 10) / iterations;
    return v;
  }

  /** Secondary results of {@link #retained}. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Retained {
    /** KiB retained by a read version. */
    public long retainedKiB;
    /** KiB retained after one upstream, downstream and reachability query. */
    public long queriedKiB;
  }

  static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
