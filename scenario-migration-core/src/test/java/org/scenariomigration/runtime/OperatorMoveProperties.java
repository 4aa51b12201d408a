package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scenariomigration.runtime.MigrationInvariantProperties.assertCheckpointSafe;
import static org.scenariomigration.runtime.MigrationInvariantProperties.env;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.statistics.Statistics;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.runtime.MigrationInvariantProperties.Round;
import org.scenariomigration.runtime.MigrationInvariantProperties.World;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.runtime.SessionGenerators.SessionSpec;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.ScenarioGenerators;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.TransformationMap;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;
import org.scenariomigration.spi.JournalRecord;

/**
 * Operator moves over generated scenarios, edits and sessions: every session moved to a random step of the new version
 * or of its own. A move that happens never lands the session past a checkpoint of the target version it did not pass
 * (a checkpoint on every path to the target is one it passed, by content hash or by the anchor the versions' diff
 * matches it to), never makes a checkpoint it passed reachable again, and never contradicts one (a passed checkpoint
 * with a counterpart lies upstream of the target); it loses no variable and journals the exact states. A move refused
 * or waiting writes nothing. The dry run answers exactly what the real run then does.
 */
class OperatorMoveProperties {

  @Provide
  Arbitrary<World> worlds() {
    return new MigrationInvariantProperties().worlds();
  }

  @Property(tries = 400)
  void an_operator_move_never_lands_past_a_checkpoint_it_did_not_pass_nor_runs_a_passed_one_again(
      @ForAll("worlds") World w) {
    Env env = env(w, TENANT);
    env.engine.publish(TENANT, w.v2());
    Random random = new Random(w.seed());
    for (SessionSpec spec : w.sessions()) {
      ScenarioVersion to = random.nextInt(4) == 0 ? w.v1() : w.v2();
      List<Step> steps = to.steps();
      String target = steps.get(random.nextInt(steps.size())).id();
      SessionState before = env.engine.session(TENANT, spec.sessionId());
      int records = env.journal(spec.sessionId()).size();

      MoveReport dry = env.engine.operations().moveSession(TENANT, spec.sessionId(), to.version(), target, "ops",
          true);
      assertThat(env.engine.session(TENANT, spec.sessionId())).as("a dry run writes nothing").isEqualTo(before);
      MoveReport real = env.engine.operations().moveSession(TENANT, spec.sessionId(), to.version(), target, "ops",
          false);

      assertThat(OperatorMovesContract.comparable(dry)).as("the dry run answers what the real run does")
          .isEqualTo(OperatorMovesContract.comparable(real));
      MoveReport.Item item = real.item(spec.sessionId());
      Statistics.collect(item.status(), to == w.v1() ? "same version" : "new version");
      SessionState after = env.engine.session(TENANT, spec.sessionId());
      List<JournalRecord> added = env.journal(spec.sessionId()).subList(records,
          env.journal(spec.sessionId()).size());
      if (item.status() != MoveReport.Status.MOVED) {
        assertThat(after).as("a move %s writes nothing", item.status()).isEqualTo(before);
        assertThat(added).isEmpty();
        continue;
      }
      assertThat(after.version()).isEqualTo(to.version());
      assertThat(after.currentStepId()).isEqualTo(target);
      Round r = new Round(before, item.outcome(), after, new ArrayList<>(added));
      assertCheckpointSafe(r, w.v1(), to);
      assertNothingSkippedNorContradicted(before, to, target, MigrationPlanner.create().diff(w.v1(), to));
      MigrationInvariantProperties.assertNoDataLoss(r);
      assertThat(added.get(0).kind()).isEqualTo(JournalRecord.Kind.MOVED);
      // the host is owed the teleport: acknowledged, so that the next move of the world is not refused for it
      assertThat(env.engine.acknowledge(TENANT, spec.sessionId(), item.outcome().effectId())).isTrue();
    }
    Statistics.coverage(c -> {
      c.check(MoveReport.Status.MOVED, "new version").count(n -> n > 0);
      c.check(MoveReport.Status.REFUSED, "new version").count(n -> n > 0);
      c.check(MoveReport.Status.MOVED, "same version").count(n -> n > 0);
    });
  }

  /**
   * Every checkpoint of {@code to} on every path to {@code target} is one the session passed (by content hash, or by
   * the anchor {@code map} matches it to); every checkpoint it passed that has a counterpart in {@code to} has one
   * upstream of the target, or at it.
   */
  private static void assertNothingSkippedNorContradicted(SessionState before, ScenarioVersion to, String target,
      TransformationMap map) {
    Set<String> visited = new java.util.HashSet<>();
    for (StepVisit v : before.history()) {
      visited.add(v.contentHash());
    }
    for (String d : to.dominatorsOf(target)) {
      Step c = to.requireStep(d);
      if (!c.checkpoint()) {
        continue;
      }
      boolean passed = visited.contains(c.contentHash());
      for (AnchorTransformation a : map.anchors()) {
        passed |= a.toStepId().equals(c.id()) && visited.contains(a.fromContentHash());
      }
      assertThat(passed).as("session %s moved to %s@v%d past checkpoint %s, which it never passed",
          before.sessionId(), target, to.version(), c.id()).isTrue();
    }
    for (String h : SessionGenerators.checkpointHashes(before)) {
      List<Step> counterparts = to.stepsWithHash(h);
      if (!counterparts.isEmpty()) {
        assertThat(counterparts.stream().anyMatch(c -> c.id().equals(target) || to.canReach(c.id(), target)))
            .as("checkpoint %s passed by %s is not upstream of the move's target %s@v%d", h, before.sessionId(),
                target, to.version())
            .isTrue();
      }
    }
  }
}
