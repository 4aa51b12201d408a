package org.scenariomigration.runtime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.TransformationMap;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.JournalRecord;

/**
 * One operator move of one session to a step of a version, as a migration is made: the {@link CheckpointGuard} first
 * (a move that would land the session past a checkpoint it never passed, run again one it passed, or contradict one
 * by a branch that does not follow it, is refused with the guard's reason), then the gap fill ({@link GapFill}: the
 * fields the target needs that the session lacks, from the profile or the conversation, else the {@code collect}
 * naming them), then the {@link MoveWriter}, which journals it ({@link JournalRecord.Kind#MOVED}) and stores the
 * teleport the host is owed. A refused or waiting move writes nothing. Package-private.
 */
final class OperatorMove {
  private final PlanCatalogue catalogue;
  private final CheckpointGuard guard;
  private final GapFill gaps;
  private final MoveWriter writer;
  private final Clock clock;

  OperatorMove(PlanCatalogue catalogue, CheckpointGuard guard, GapFill gaps, MoveWriter writer, Clock clock) {
    this.catalogue = catalogue;
    this.guard = guard;
    this.gaps = gaps;
    this.writer = writer;
    this.clock = clock;
  }

  /** Moves {@code s} to {@code target} of {@code to}, or says why not; {@code fx} decides whether anything is written. */
  MoveReport.Item move(SessionState s, ScenarioVersion to, String target, String movedBy, Effects fx) {
    String id = s.sessionId();
    if (s.end() != null) {
      return refused(id, "session '" + id + "' has ended (" + s.end().reason().name() + ")");
    }
    if (s.version() == to.version() && s.currentStepId().equals(target)) {
      return new MoveReport.Item(id, MoveReport.Status.UNCHANGED, null, null, List.of());
    }
    if (s.owed() != null) {
      return refused(id, "session '" + id + "' owes the host effect '" + s.owed().id() + "' ("
          + s.owed().kind().jsonName() + "): the host retires it first (acknowledge, or advance)");
    }
    if (s.pending() != null && s.pending().rollback()) {
      return refused(id, "session '" + id + "' waits for the rollback of plan '" + s.pending().planId() + "'");
    }
    ScenarioVersion from = catalogue.version(s.tenantId(), s.scenarioId(), s.version()).orElse(null);
    TransformationMap map = from == null ? null : catalogue.adHoc(s.tenantId(), from, to);
    // as a re-route is judged: no checkpoint it passed may be contradicted by where it lands
    String violation = guard.checkpointViolation(s, from, to, target, true, map);
    if (violation != null) {
      return refused(id, violation);
    }
    List<CollectedField> needed = new ArrayList<>();
    String computed = needed(s, to, target, needed);
    if (computed != null) {
      return refused(id, "moving session '" + id + "' to '" + target + "' in version " + to.version() + " needs '"
          + computed + "', which the flow computes (sets_fields) and the session lacks");
    }
    List<FilledField> filled = new ArrayList<>();
    Outcome ask = gaps.fill(s, s.variables(), needed, filled, fx);
    if (ask != null) {
      String what = ask instanceof Outcome.Collect c ? "the session lacks " + c.fields()
          : "an extracted value is to be confirmed: '" + ((Outcome.Confirm) ask).field() + "'";
      return new MoveReport.Item(id, MoveReport.Status.WAITING, "moving session '" + id + "' to '" + target
          + "' in version " + to.version() + " needs fields nothing fills: " + what, ask, filled);
    }
    Move move = new Move(s, from, to, map, List.of(), null, 0);
    Outcome o = writer.teleport(move, target, false, JournalRecord.Kind.MOVED, null,
        Outcome.TeleportReason.OPERATOR_MOVE, null, filled, List.of(), fx, "moved by '" + movedBy + "' from '"
        + s.currentStepId() + "' of version " + s.version() + " to '" + target + "' of version " + to.version());
    if (!(o instanceof Outcome.Teleport)) {
      // the guard refused what it accepted above: never, as it decides on the same state
      throw new IllegalStateException("operator move of session '" + id + "' answered " + o);
    }
    fx.publish(new MigrationEvent.SessionMoved(s.tenantId(), id, movedBy, to.version(), target, clock.instant()));
    return new MoveReport.Item(id, fx.writes() ? MoveReport.Status.MOVED : MoveReport.Status.WOULD_MOVE, null, o,
        filled);
  }

  private static MoveReport.Item refused(String sessionId, String reason) {
    return new MoveReport.Item(sessionId, MoveReport.Status.REFUSED, reason, null, List.of());
  }

  /**
   * Adds to {@code needed} the fields a session at {@code target} has given had it come the way the graph allows, and
   * that {@code s} lacks: the required fields collected by the steps on every path to the target, and the fields the
   * target requires. Answers the first field the target requires that the flow computes and the session lacks (never
   * asked), or {@code null}.
   */
  private String needed(SessionState s, ScenarioVersion to, String target, List<CollectedField> needed) {
    Map<String, CollectedField> fields = new LinkedHashMap<>();
    for (String d : to.dominatorsOf(target)) {
      for (CollectedField f : to.requireStep(d).collectsFields()) {
        if (!f.optional()) {
          fields.putIfAbsent(f.name(), f);
        }
      }
    }
    Step at = to.requireStep(target);
    for (String name : at.requiresFields()) {
      if (fields.containsKey(name) || GapFill.lookup(s.variables(), name) != null) {
        continue;
      }
      for (Step st : to.steps()) {
        if (st.setsFields().contains(name)) {
          return name;
        }
      }
      fields.put(name, CollectedField.required(name, to.fieldType(name)));
    }
    for (CollectedField f : fields.values()) {
      if (GapFill.lookup(s.variables(), f.name()) == null) {
        needed.add(f);
      }
    }
    return null;
  }
}
