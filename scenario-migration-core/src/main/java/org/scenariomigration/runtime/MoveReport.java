package org.scenariomigration.runtime;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Locale;
import org.scenariomigration.spi.FilledField;

/**
 * The answer of an operator move ({@link MigrationOperations#moveSession}, {@link MigrationOperations#moveSessions}):
 * what happened to each session the move took, in session-id order, and the counts. A dry run answers the same report
 * as the real run would, with {@link Status#WOULD_MOVE} where the real run answers {@link Status#MOVED} (and no effect
 * ids), and writes nothing.
 *
 * @param dryRun whether nothing was written
 * @param scenarioId the scenario
 * @param toVersion the version the sessions were moved to
 * @param toStepId the step they were moved to
 * @param movedBy who moved them, as the operator names themselves (kept in the journal)
 * @param items one per session the move took, in the order it took them
 */
public record MoveReport(boolean dryRun, String scenarioId, int toVersion, String toStepId, String movedBy,
    List<Item> items) {

  /** Copies the items. */
  public MoveReport {
    requireNonNull(scenarioId, "scenarioId");
    requireNonNull(toStepId, "toStepId");
    requireNonNull(movedBy, "movedBy");
    items = items == null ? List.of() : ImmutableList.copyOf(items);
  }

  /** What happened to one session. */
  public enum Status {
    /** Moved: written with its journal record ({@code moved}); the host is owed the teleport until it retires it. */
    MOVED,
    /** A dry run's answer where the real run would move the session. */
    WOULD_MOVE,
    /** Refused, with the reason (a checkpoint, an effect the host has still to retire, a field nobody can fill). */
    REFUSED,
    /**
     * The target step needs fields the session lacks and neither the profile nor the conversation gives: the
     * {@code collect} (or {@code confirm}) outcome names them; nothing is written, and the same move once they are set
     * ({@link ScenarioMigration#setVariables}) moves the session.
     */
    WAITING,
    /** Already at the target step of the target version (a retry whose answer was lost): nothing is written. */
    UNCHANGED;

    private final String jsonName = name().toLowerCase(Locale.ROOT);

    /** The JSON name: {@code moved}, {@code would_move}, {@code refused}, {@code waiting}, {@code unchanged}. */
    public String jsonName() {
      return jsonName;
    }
  }

  /**
   * One session of the move.
   *
   * @param sessionId the session
   * @param status what happened
   * @param reason why it was refused, or what it waits for; {@code null} when it moved or was already there
   * @param outcome the teleport owed to the host (with its effect id, after a real move), the {@code collect} or
   *     {@code confirm} it waits for; {@code null} when refused or unchanged
   * @param filled the fields the move filled from the session, the profile or the conversation
   */
  public record Item(String sessionId, Status status, String reason, Outcome outcome, List<FilledField> filled) {
    /** Copies the fields. */
    public Item {
      requireNonNull(sessionId, "sessionId");
      requireNonNull(status, "status");
      filled = filled == null ? List.of() : ImmutableList.copyOf(filled);
    }
  }

  /** How many sessions have {@code status}. */
  public long count(Status status) {
    requireNonNull(status, "status must not be null");
    return items.stream().filter(i -> i.status() == status).count();
  }

  /** How many sessions were moved. */
  public long moved() {
    return count(Status.MOVED);
  }

  /** How many sessions a dry run would move. */
  public long wouldMove() {
    return count(Status.WOULD_MOVE);
  }

  /** How many sessions were refused. */
  public long refused() {
    return count(Status.REFUSED);
  }

  /** How many sessions wait for fields ({@link Status#WAITING}). */
  public long waiting() {
    return count(Status.WAITING);
  }

  /** The item of a session, or {@code null} when the move did not take it. */
  public Item item(String sessionId) {
    requireNonNull(sessionId, "sessionId must not be null");
    for (Item i : items) {
      if (i.sessionId().equals(sessionId)) {
        return i;
      }
    }
    return null;
  }
}
