package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scenariomigration.runtime.MigrationInvariantProperties.assertCheckpointSafe;
import static org.scenariomigration.runtime.MigrationInvariantProperties.composedAnchors;
import static org.scenariomigration.runtime.MigrationInvariantProperties.deploy;
import static org.scenariomigration.runtime.MigrationInvariantProperties.drive;
import static org.scenariomigration.runtime.MigrationInvariantProperties.env;
import static org.scenariomigration.runtime.MigrationInvariantProperties.snapshot;
import static org.scenariomigration.runtime.MigrationInvariantProperties.walkOn;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.ScenarioGenerators;
import org.scenariomigration.scenario.ScenarioGenerators.Edit;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.StepMapping;
import org.scenariomigration.scenario.TransformationMap;
import org.scenariomigration.scenario.Transition;
import org.scenariomigration.runtime.MigrationInvariantProperties.Round;
import org.scenariomigration.runtime.MigrationInvariantProperties.Run;
import org.scenariomigration.runtime.MigrationInvariantProperties.World;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.runtime.SessionGenerators.SessionSpec;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.session.SessionState;

/**
 * The promise on every path that moves a session, over generated scenarios, edits and sessions: a planned migration,
 * a composite migration over two plans, a relocation without a plan, an eager batch migration and a rollback. On each,
 * every move of every session is checked:
 * <ul>
 *   <li>no checkpoint is run again or contradicted ({@link MigrationInvariantProperties#assertCheckpointSafe});</li>
 *   <li>no checkpoint is skipped: a checkpoint of the new version on every path to the session's new step is one it
 *       passed (by content hash, or by the anchor the move's diff matches it to);</li>
 *   <li>no answered field is asked again, and no variable or visit is lost;</li>
 *   <li>what an eager batch migration owes the host is handed over by the session's next message, once.</li>
 * </ul>
 * Coverage checks make sure the generated worlds take every path and contain deleted steps, passed checkpoints and
 * new forks.
 */
class EveryPathProperties {

  /** The paths that move a session. */
  enum Path { MIGRATION, COMPOSITE, RELOCATION, EAGER_BATCH, ROLLBACK }

  /** A world, the edits that give a third version, and the path to take. */
  record Case(World world, List<Edit> moreEdits, ScenarioVersion v3, Path path) {
    @Override
    public String toString() {
      return "Case{path=" + path + ", moreEdits=" + moreEdits + ",\nworld=" + world + ",\nv3="
          + org.scenariomigration.scenario.ScenarioJson.write(v3) + "}";
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    MigrationInvariantProperties worlds = new MigrationInvariantProperties();
    return Combinators.combine(worlds.worlds(), ScenarioGenerators.edits().list().ofMinSize(1).ofMaxSize(3),
        Arbitraries.of(Path.class))
        .as((w, more, path) -> new Case(w, more, ScenarioGenerators.applyAll(w.v2(), more), path));
  }

  @Property(tries = 1500)
  void every_path_that_moves_a_session_skips_no_checkpoint_loses_nothing_and_delivers_once(
      @ForAll("cases") Case c) {
    World w = c.world();
    Env env = env(w, TENANT);
    Random random = new Random(w.seed() ^ c.path().ordinal());
    ScenarioVersion target = c.path() == Path.COMPOSITE ? c.v3() : w.v2();
    TransformationMap map;
    switch (c.path()) {
      case MIGRATION -> {
        map = deploy(env, TENANT, w.v2(), Map.of()).transformationMap();
        walkOn(env, w, w.v1(), random);
        checkEveryRun(env, w, w.v1(), target, map);
      }
      case COMPOSITE -> {
        MigrationPlan first = deploy(env, TENANT, w.v2(), Map.of());
        MigrationPlan second = deploy(env, TENANT, c.v3(), Map.of());
        List<StepMapping> through = new ArrayList<>();
        composedAnchors(first, second).forEach((a, b) -> through.add(new StepMapping(a, b)));
        map = MigrationPlanner.create().diff(w.v1(), c.v3(), through);
        walkOn(env, w, w.v1(), random);
        checkEveryRun(env, w, w.v1(), target, map);
      }
      case RELOCATION -> {
        env.engine.publish(TENANT, w.v2());
        env.engine.operations().makeCurrent(TENANT, ScenarioGenerators.SCENARIO_ID, w.v2().version());
        map = MigrationPlanner.create().diff(w.v1(), w.v2());
        walkOn(env, w, w.v1(), random);
        checkEveryRun(env, w, w.v1(), target, map);
      }
      case EAGER_BATCH -> {
        MigrationPlan plan = deploy(env, TENANT, w.v2(), Map.of());
        map = plan.transformationMap();
        eagerBatch(env, w, plan, random);
      }
      case ROLLBACK -> {
        MigrationPlan plan = deploy(env, TENANT, w.v2(), Map.of());
        map = plan.transformationMap();
        rollback(env, w, plan, random);
      }
      default -> throw new AssertionError(c.path());
    }

    Statistics.label("path").collect(c.path());
    Statistics.label("path").coverage(cov -> {
      for (Path p : Path.values()) {
        cov.check(p).percentage(pct -> pct >= 8);
      }
    });
    Statistics.label("deleted steps").collect(!map.deletedSteps().isEmpty());
    Statistics.label("deleted steps").coverage(cov -> cov.check(true).percentage(pct -> pct >= 20));
    boolean forks = map.anchors().stream().anyMatch(a -> a.migrationScenario() == MigrationScenario.RE_ROUTE);
    Statistics.label("new forks").collect(forks);
    Statistics.label("new forks").coverage(cov -> cov.check(true).percentage(pct -> pct >= 10));
    boolean passed = w.sessions().stream().anyMatch(s -> s.walk().stream()
        .anyMatch(id -> w.v1().requireStep(id).checkpoint()));
    Statistics.label("sessions past a checkpoint").collect(passed);
    Statistics.label("sessions past a checkpoint").coverage(cov -> cov.check(true).percentage(pct -> pct >= 20));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The paths

  private static void checkEveryRun(Env env, World w, ScenarioVersion from, ScenarioVersion to,
      TransformationMap map) {
    for (SessionSpec spec : w.sessions()) {
      Run run = drive(env, TENANT, spec.sessionId());
      for (Round r : run.rounds()) {
        checkRound(r, from, to, map);
      }
      // settled: the next message has nothing to do
      assertThat(env.engine.reconcile(TENANT, spec.sessionId())).as(spec.sessionId()).isEqualTo(Outcome.CONTINUE);
    }
  }

  /**
   * Eager batch migration, then every session's messages: a move the batch made is handed to the host by the
   * session's next messages, exactly as the batch page reported it, until the host acknowledges it.
   */
  private static void eagerBatch(Env env, World w, MigrationPlan plan, Random random) {
    Map<String, SessionState> before = snapshot(env, TENANT, w);
    Map<String, Outcome> reported = new LinkedHashMap<>();
    BatchReport report = env.engine.operations().migrateNow(TENANT, plan.id(), 1 + random.nextInt(4),
        page -> page.page().forEach(i -> reported.put(i.sessionId(), i.outcome())));
    assertThat(reported).hasSize((int) report.processed());
    for (SessionSpec spec : w.sessions()) {
      String id = spec.sessionId();
      Outcome batch = reported.get(id);
      boolean owes = batch instanceof Outcome.Teleport || batch instanceof Outcome.ExecuteActions
          || batch instanceof Outcome.ExitScenario;
      SessionState after = env.engine.session(TENANT, id);
      assertThat(after.owed() != null).as("%s owes the host %s", id, batch).isEqualTo(owes);
      if (owes) {
        List<JournalRecord> records = env.journal(id);
        assertThat(records).as("journal of %s", id).hasSize(1);
        Round r = new Round(before.get(id), batch, records.get(0).after(), records);
        if (!(batch instanceof Outcome.ExitScenario)) {
          checkRound(r, w.v1(), w.v2(), plan.transformationMap());
        }
        assertThat(env.engine.reconcile(TENANT, id)).as("the next message of %s", id).isEqualTo(batch);
        assertThat(batch.effectId()).isEqualTo(after.owed().id());
        // offered again, the same, until the host retires it
        assertThat(env.engine.reconcile(TENANT, id)).as("the message after of %s", id).isEqualTo(batch);
        assertThat(env.engine.acknowledge(TENANT, id, batch.effectId())).isTrue();
        assertThat(env.engine.session(TENANT, id).owed()).isNull();
      }
      Run rest = drive(env, TENANT, id);
      for (Round r : rest.rounds()) {
        checkRound(r, w.v1(), w.v2(), plan.transformationMap());
        if (owes) {
          assertThat(r.outcome()).as("%s after its owed outcome", id).isEqualTo(Outcome.CONTINUE);
        }
      }
      assertThat(env.engine.reconcile(TENANT, id)).isEqualTo(Outcome.CONTINUE);
    }
  }

  /**
   * Migrations, moves on the new version, a rollback, and every session's next messages: a session restored goes
   * back to the position and version it had before its migration, and keeps every variable and visit it had at the
   * rollback; a session that passed a checkpoint since is left where it is.
   */
  private static void rollback(Env env, World w, MigrationPlan plan, Random random) {
    Map<String, SessionState> original = snapshot(env, TENANT, w);
    Map<String, SessionState> migrated = migrateAndMoveOn(env, w, plan, random);
    Map<String, SessionState> atRollback = snapshot(env, TENANT, w);

    RollbackReport report = env.engine.operations().rollback(TENANT, plan.id());

    for (SessionSpec spec : w.sessions()) {
      String id = spec.sessionId();
      Run again = drive(env, TENANT, id);
      SessionState now = again.last().after();
      SessionState last = atRollback.get(id);
      assertThat(now.variables()).as("variables of %s", id).containsAllEntriesOf(last.variables());
      HistoryChecks.assertHistoryKept(last, now, id);
      if (!migrated.containsKey(id)) {
        assertThat(now.version()).isEqualTo(original.get(id).version());
        assertThat(now.currentStepId()).isEqualTo(original.get(id).currentStepId());
        continue;
      }
      SessionState m = migrated.get(id);
      // reaching a checkpoint by the migration is not passing it: the arrival counts once the session moved on
      boolean passedSince = HistoryChecks.checkpointVisitedSince(last, m);
      if (passedSince) {
        assertThat(report.sessionsKept()).contains(id);
        assertThat(now.version()).isEqualTo(w.v2().version());
        assertThat(now.currentStepId()).isEqualTo(last.currentStepId());
      } else {
        assertThat(report.sessionsToRestore()).contains(id);
        assertThat(again.outcome()).isEqualTo(new Outcome.Teleport(original.get(id).currentStepId(), 1, Outcome.TeleportReason.ROLLBACK,
            null));
        assertThat(now.version()).isEqualTo(original.get(id).version());
        assertThat(now.currentStepId()).isEqualTo(original.get(id).currentStepId());
      }
      assertThat(env.engine.reconcile(TENANT, id)).isEqualTo(Outcome.CONTINUE);
    }
  }

  /**
   * Every session's messages under {@code plan}, each round checked; a migrated session then moves on a few random
   * steps of the new version and sometimes gives a variable there. Answers the migrated sessions as they arrived.
   */
  static Map<String, SessionState> migrateAndMoveOn(Env env, World w, MigrationPlan plan, Random random) {
    Map<String, SessionState> migrated = new LinkedHashMap<>();
    for (SessionSpec spec : w.sessions()) {
      Run run = drive(env, TENANT, spec.sessionId());
      for (Round r : run.rounds()) {
        checkRound(r, w.v1(), w.v2(), plan.transformationMap());
      }
      if (run.last().moved()) {
        migrated.put(spec.sessionId(), run.last().after());
        String at = run.last().after().currentStepId();
        for (int k = random.nextInt(4); k > 0; k--) {
          List<Transition> ts = w.v2().requireStep(at).transitions();
          if (ts.isEmpty()) {
            break;
          }
          at = ts.get(random.nextInt(ts.size())).toStepId();
          env.engine.advance(TENANT, spec.sessionId(), at);
        }
        if (random.nextBoolean()) {
          env.engine.setVariables(TENANT, spec.sessionId(), Map.of("given_on_v2", spec.sessionId()));
        }
      }
    }
    return migrated;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The checks of one reconcile

  static void checkRound(Round r, ScenarioVersion from, ScenarioVersion to, TransformationMap map) {
    SessionState before = r.before();
    SessionState after = r.after();
    String id = before.sessionId();
    // nothing lost, whatever the outcome
    for (Map.Entry<String, Object> e : before.variables().entrySet()) {
      assertThat(after.variables()).as("variables of %s after %s", id, r.outcome())
          .containsEntry(e.getKey(), e.getValue());
    }
    HistoryChecks.assertHistoryKept(before, after, id + " after " + r.outcome());
    // never asked again for what it holds
    List<String> asked = r.outcome() instanceof Outcome.Collect c ? c.fields()
        : r.outcome() instanceof Outcome.Confirm c ? List.of(c.field()) : List.of();
    for (String f : asked) {
      assertThat(before.variables().get(f)).as("%s asked for %s, which it holds", id, f).isNull();
    }
    if (r.moved()) {
      assertThat(after.version()).isEqualTo(to.version());
      assertCheckpointSafe(r, from, to);
      assertNoCheckpointSkipped(before, to, after.currentStepId(), map);
    }
  }

  /** Every checkpoint on every path to {@code target} of {@code to} is one the session passed. */
  static void assertNoCheckpointSkipped(SessionState before, ScenarioVersion to, String target,
      TransformationMap map) {
    Set<String> visited = new HashSet<>();
    before.history().forEach(v -> visited.add(v.contentHash()));
    for (String id : to.dominatorsOf(target)) {
      Step c = to.requireStep(id);
      if (!c.checkpoint() || visited.contains(c.contentHash())) {
        continue;
      }
      boolean matched = false;
      for (AnchorTransformation a : map.anchors()) {
        matched |= a.toStepId().equals(id) && visited.contains(a.fromContentHash());
      }
      assertThat(matched).as("%s moved to %s@v%d past checkpoint %s, which it never passed", before.sessionId(),
          target, to.version(), id).isTrue();
    }
  }
}
