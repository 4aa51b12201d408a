package org.scenariomigration.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.plan.PlanRequest;
import org.scenariomigration.scenario.ScenarioVersion;

/** Diff plus plan generation for scenarios of 50, 1,000 and 10,000 steps (the versions are built in setup). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class PlanBenchmark {
  @Param({"50", "1000", "10000"})
  public int steps;

  ScenarioVersion v1;
  ScenarioVersion v2;
  ScenarioVersion a;
  ScenarioVersion b;
  MigrationPlanner planner;

  @Setup
  public void setUp() {
    v1 = Scenarios.large(steps, 1, false);
    v2 = Scenarios.large(steps, 2, true);
    planner = MigrationPlanner.create();
  }

  /** Fresh, validated versions with cold reachability caches, so each invocation measures a whole diff. */
  @Setup(Level.Invocation)
  public void freshVersions() {
    a = v1.toBuilder().build();
    b = v2.toBuilder().build();
  }

  @Benchmark
  public MigrationPlan diffAndPlan() {
    return planner.plan(PlanRequest.builder("t", a, b).build());
  }

  /** Loading a version (validation, condition compilation, hashes) for comparison. */
  @Benchmark
  public ScenarioVersion buildVersion() {
    return v2.toBuilder().build();
  }
}
