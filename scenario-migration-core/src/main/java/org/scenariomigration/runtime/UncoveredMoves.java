package org.scenariomigration.runtime;

import java.util.List;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.JournalRecord;

/**
 * What happens to a session on an outdated version that no deployed plan chain covers, when its scenario's
 * {@link UncoveredAction} is not {@code migrate} (relocation, {@link Relocation}): {@code pin}, {@code restart} or
 * {@code exit}. Each is written by the {@link MoveWriter}, a restart through the {@link CheckpointGuard}.
 * Package-private.
 */
final class UncoveredMoves {
  private UncoveredMoves() {}

  static Outcome apply(UncoveredAction action, SessionState s, Facts facts, PlanCatalogue catalogue,
      CheckpointGuard guard, GapFill gaps, MoveWriter writer, Effects fx) {
    String why = "no deployed plan covers version " + s.version() + " of session '" + s.sessionId() + "'";
    Move stay = new Move(s, null, null, null, List.of(), null, facts.deployment());
    return switch (action) {
      case PIN -> writer.pin(stay, why + ": it finishes on version " + s.version() + " (uncovered = pin)", fx);
      case EXIT -> writer.exit(stay, why + " (uncovered = exit)", fx);
      case RESTART -> restart(s, facts, catalogue, guard, writer, fx, why);
      case MIGRATE -> throw new IllegalArgumentException("migrate is relocation");
    };
  }

  /**
   * Restarts the session at the start step of the current version, keeping its variables; a checkpoint the guard
   * protects (one it passed that the restart would run again) keeps it on its version, pinned, journaled
   * {@code checkpoint_blocked}, as any checkpoint block does.
   */
  private static Outcome restart(SessionState s, Facts facts, PlanCatalogue catalogue, CheckpointGuard guard,
      MoveWriter writer, Effects fx, String why) {
    Move move = Relocation.withoutPlan(s, facts, catalogue);
    if (move == null) {
      return Outcome.CONTINUE;
    }
    ScenarioVersion to = move.to();
    String target = to.startStepId();
    String violation = guard.checkpointViolation(s, move.from(), to, target, false, move.map());
    if (violation != null) {
      return writer.block(move, null, List.of(), why + "; it cannot restart (uncovered = restart): " + violation, fx);
    }
    return writer.teleport(move, target, false, JournalRecord.Kind.RELOCATED, null,
        Outcome.TeleportReason.RELOCATION, null, List.of(), List.of(), fx,
        why + ": restarted at '" + target + "' of version " + to.version() + " (uncovered = restart)");
  }
}
