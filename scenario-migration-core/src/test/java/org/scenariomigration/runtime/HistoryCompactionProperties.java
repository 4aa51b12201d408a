package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.ScenarioGenerators;
import org.scenariomigration.scenario.ScenarioGenerators.Edit;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Transition;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;

/**
 * The bounded history (one entry per distinct step) loses no decision: over generated scenarios with cycles and
 * checkpoints, edited into a second and a third version, a session that walked long enough to revisit steps is driven
 * through the same migration twice, once by an engine that reads its bounded history and once by an engine that reads
 * its full visit log ({@link LogVisits}, the form the library kept before). Every outcome (checkpoint block,
 * relocation target, gap fill and what is asked, re-route, composite chain), every state after it and every journal
 * record must be the same; then the session walks on in the new version and the plan is rolled back, and the rollback
 * (which reads the visits since the migration) must decide the same too.
 */
class HistoryCompactionProperties {

  /** A scenario, two series of edits, a long walk and a seed for the rest. */
  record World(ScenarioVersion v1, List<Edit> edits, ScenarioVersion v2, List<Edit> moreEdits, ScenarioVersion v3,
      boolean composite, int walkLength, long seed) {
    @Override
    public String toString() {
      return "World{edits=" + edits + ", moreEdits=" + moreEdits + ", composite=" + composite + ", walk="
          + walkLength + ", seed=" + seed + ",\nv1=" + org.scenariomigration.scenario.ScenarioJson.write(v1) + ",\nv2="
          + org.scenariomigration.scenario.ScenarioJson.write(v2) + ",\nv3="
          + org.scenariomigration.scenario.ScenarioJson.write(v3) + "}";
    }
  }

  @Provide
  Arbitrary<World> worlds() {
    return Combinators.combine(ScenarioGenerators.scenarios(2, 12),
        ScenarioGenerators.edits().list().ofMinSize(1).ofMaxSize(3),
        ScenarioGenerators.edits().list().ofMinSize(1).ofMaxSize(2), Arbitraries.of(true, false),
        Arbitraries.integers().between(1, 40), Arbitraries.longs())
        .as((v0, edits, more, composite, length, seed) -> {
          // half the scenarios get a checkpoint on a cycle, so that walks revisit checkpoints, and a quarter two
          // (a checkpoint seen before a migration and another after it, for the rollback's "passed since")
          Random r = new Random(seed);
          ScenarioVersion v1 = seed % 2 == 0 ? ScenarioGenerators.checkpointOnCycle(v0, r) : v0;
          v1 = seed % 4 == 0 ? ScenarioGenerators.checkpointOnCycle(v1, r) : v1;
          ScenarioVersion v2 = ScenarioGenerators.applyAll(v1, edits);
          return new World(v1, edits, v2, more, ScenarioGenerators.applyAll(v2, more), composite, length, seed);
        });
  }

  /** One engine, and the full visit log of its session, kept by the test beside the engine. */
  static final class Side {
    private int plans;
    final Env env = new Env(MigrationInvariantProperties.config(), org.scenariomigration.spi.Extractor.NONE,
        () -> "plan-" + ++plans);
    final List<StepVisit> log = new ArrayList<>();

    /** Reads the session's history from the log instead: the prefix of it that the state has seen. */
    void readFromTheLog() {
      env.engine.readHistoriesWith(s -> {
        sync(s);
        return new LogVisits(log.subList(0, (int) s.visitCount()));
      });
    }

    /** Logs the one visit the runtime made since the log was last brought up to date (a migration's arrival). */
    void sync(SessionState s) {
      long n = s.visitCount();
      if (n == log.size() + 1) {
        StepVisit last = s.history().get(s.history().size() - 1);
        log.add(new StepVisit(last.stepId(), last.stepName(), last.contentHash(), last.visitedAt(),
            last.checkpoint(), last.checkpointDescription()));
      }
      assertThat(n).as("visits of %s known to the log", s.sessionId()).isLessThanOrEqualTo(log.size());
    }

    void advance(ScenarioVersion v, String stepId) {
      sync(env.engine.session(TENANT, "s"));
      env.clock.advance(Duration.ofSeconds(7));
      SessionState s = env.engine.advance(TENANT, "s", stepId);
      log.add(StepVisit.of(v.requireStep(stepId), s.history().get(s.history().size() - 1).visitedAt()));
    }
  }

  @Property(tries = 1000)
  void every_decision_read_from_the_bounded_history_is_the_one_the_full_visit_log_gives(@ForAll("worlds") World w) {
    Side bounded = new Side();
    Side full = new Side();
    full.readFromTheLog();
    Random walk = new Random(w.seed());
    List<String> steps = walk(w.v1(), walk, w.walkLength());
    for (Side side : List.of(bounded, full)) {
      side.env.engine.publish(TENANT, w.v1());
      SessionState s = side.env.engine.startSession(TENANT, "s", "customer-s", "web",
          ScenarioGenerators.SCENARIO_ID);
      side.log.add(s.history().get(0));
      for (String step : steps.subList(1, steps.size())) {
        side.advance(w.v1(), step);
      }
      side.env.engine.setVariables(TENANT, "s", Map.of("f0", Math.floorMod(w.seed(), 10)));
    }
    SessionState walked = bounded.env.engine.session(TENANT, "s");
    assertThat(walked.visitCount()).isEqualTo(steps.size());
    assertThat(walked.history()).hasSize(new HashSet<>(steps).size());
    boolean revisitsCheckpoint = revisitsCheckpoint(w.v1(), steps);
    Statistics.label("walk revisits a checkpoint").collect(revisitsCheckpoint);
    Statistics.label("walk revisits a checkpoint").coverage(c -> c.check(true).percentage(p -> p >= 5));
    Statistics.label("walk revisits a step").coverage(c -> c.check(true).percentage(p -> p >= 30));
    Statistics.label("walk revisits a step").collect(steps.size() > new HashSet<>(steps).size());
    long checkpoints = steps.stream().distinct().filter(id -> w.v1().requireStep(id).checkpoint()).count();
    Statistics.label("walk visits two checkpoints or more").collect(checkpoints >= 2);
    Statistics.label("walk visits two checkpoints or more").coverage(c -> c.check(true).percentage(p -> p >= 5));

    List<String> plans = new ArrayList<>();
    for (Side side : List.of(bounded, full)) {
      plans.add(MigrationInvariantProperties.deploy(side.env, TENANT, w.v2(), Map.of()).id());
      if (w.composite()) {
        MigrationInvariantProperties.deploy(side.env, TENANT, w.v3(), Map.of());
      }
    }
    MigrationInvariantProperties.Run a = MigrationInvariantProperties.drive(bounded.env, TENANT, "s");
    MigrationInvariantProperties.Run b = MigrationInvariantProperties.drive(full.env, TENANT, "s");
    Statistics.label("outcome").collect(MigrationInvariantProperties.describe(a));
    MigrationInvariantProperties.coverOutcomes("outcome");
    assertSameRuns(a, b);

    // walk on in the version the session is on now, then roll the first plan back: the rollback reads the visits
    // made since the migration (a checkpoint passed since keeps the session where it is)
    SessionState now = bounded.env.engine.session(TENANT, "s");
    ScenarioVersion on = bounded.env.engine.version(TENANT, now.scenarioId(), now.version());
    List<String> more = walk(on, now.currentStepId(), walk, walk.nextInt(6));
    for (Side side : List.of(bounded, full)) {
      for (String step : more) {
        side.advance(on, step);
      }
    }
    // both sides reached the same plan status (a difference is a difference of the two histories)
    assertThat(bounded.env.engine.operations().plan(TENANT, plans.get(0)).status())
        .isEqualTo(full.env.engine.operations().plan(TENANT, plans.get(1)).status());
    boolean rolledBack = bounded.env.engine.operations().plan(TENANT, plans.get(0)).status()
        == org.scenariomigration.plan.PlanStatus.DEPLOYED;
    Statistics.label("rolled back").collect(rolledBack);
    Statistics.label("rolled back").coverage(c -> c.check(true).percentage(p -> p >= 20));
    if (rolledBack) {
      bounded.env.engine.operations().rollback(TENANT, plans.get(0));
      full.env.engine.operations().rollback(TENANT, plans.get(1));
      assertSameRuns(MigrationInvariantProperties.drive(bounded.env, TENANT, "s"),
          MigrationInvariantProperties.drive(full.env, TENANT, "s"));
    }
  }

  private static void assertSameRuns(MigrationInvariantProperties.Run a, MigrationInvariantProperties.Run b) {
    assertThat(a.rounds()).hasSameSizeAs(b.rounds());
    for (int i = 0; i < a.rounds().size(); i++) {
      MigrationInvariantProperties.Round x = a.rounds().get(i);
      MigrationInvariantProperties.Round y = b.rounds().get(i);
      assertThat(x.outcome()).as("outcome of round %d", i).isEqualTo(y.outcome());
      assertThat(x.after()).as("state after round %d", i).isEqualTo(y.after());
      // journal record ids are random (a UUID v7): all else must be equal
      assertThat(x.records()).as("journal records of round %d", i)
          .usingRecursiveFieldByFieldElementComparatorIgnoringFields("id").isEqualTo(y.records());
    }
  }

  /**
   * A random walk of {@code length} steps from the start step, following transitions; at a step without any, the
   * host starts the flow over (as a main menu does), so that long walks revisit steps in any scenario.
   */
  private static List<String> walk(ScenarioVersion v, Random r, int length) {
    List<String> out = new ArrayList<>(List.of(v.startStepId()));
    while (out.size() < length) {
      List<String> leg = walk(v, out.get(out.size() - 1), r, length - out.size());
      out.addAll(leg);
      if (out.size() < length) {
        out.add(v.startStepId());
      }
    }
    return out;
  }

  /** The steps of a random walk of at most {@code length} steps after {@code from}. */
  private static List<String> walk(ScenarioVersion v, String from, Random r, int length) {
    List<String> out = new ArrayList<>();
    String at = from;
    while (out.size() < length) {
      List<Transition> ts = v.requireStep(at).transitions();
      if (ts.isEmpty()) {
        break;
      }
      at = ts.get(r.nextInt(ts.size())).toStepId();
      out.add(at);
    }
    return out;
  }

  private static boolean revisitsCheckpoint(ScenarioVersion v, List<String> steps) {
    Map<String, Integer> seen = new HashMap<>();
    for (String s : steps) {
      if (v.requireStep(s).checkpoint() && seen.merge(s, 1, Integer::sum) > 1) {
        return true;
      }
    }
    return false;
  }
}
