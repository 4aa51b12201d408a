package org.scenariomigration.session;

import org.scenariomigration.spi.SessionStore;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Locale;

/**
 * What a move still owes the host, stored with the session in the same write as the move: the required actions to run,
 * the re-route notification and the exit message of a move made at a message (when the store does not join the host's
 * transaction), and every outcome of a move made without the host (an eager batch migration, which also owes the new
 * position). Every {@code reconcile} of the session offers it again, with the same id, until it is retired: by
 * {@code ScenarioMigration.acknowledge}, by {@code ScenarioMigration.advance} to another step, or by being handed over
 * inside the host's transaction ({@link SessionStore#joinsHostTransaction()}), which then commits or rolls back with
 * the host's work.
 *
 * @param id identifies this obligation: derived from the tenant, the session and the revision the move started from,
 *     so that a move rolled back with the host's transaction and made again owes the same id
 * @param kind what to tell the host
 * @param planId the plan whose migration created it, or {@code null} for a relocation without a plan
 * @param targetStepId where the session now sits, in {@code targetVersion} (empty for an exit)
 * @param targetVersion the version the session now runs
 * @param reason for a teleport, one of {@link #TELEPORT_REASONS} (anything else is refused: the host could not be
 *     told it); for the other kinds the move's reason, or empty
 * @param message what to tell the customer (the re-route notification or the exit message), or {@code null}
 * @param actions for {@link Kind#EXECUTE_ACTIONS}: the ids of the steps whose required actions to run, in path order
 */
public record OwedEffects(String id, Kind kind, String planId, String targetStepId, int targetVersion, String reason,
    String message, List<String> actions) {

  /** Validates and copies the components. */
  public OwedEffects {
    requireNonNull(id, "id");
    requireNonNull(kind, "kind");
    targetStepId = targetStepId == null ? "" : targetStepId;
    reason = reason == null ? "" : reason;
    if (kind == Kind.TELEPORT && !TELEPORT_REASONS.contains(reason)) {
      throw new IllegalArgumentException("owed teleport '" + id + "' has reason '" + reason + "'; it must be one of "
          + TELEPORT_REASONS);
    }
    actions = actions == null ? List.of() : ImmutableList.copyOf(actions);
  }

  /** The reasons a teleport can have: the JSON names of {@code Outcome.TeleportReason}. */
  public static final List<String> TELEPORT_REASONS = List.of("clean_graft", "gap_fill", "re_route", "relocation",
      "rollback", "operator_move");

  /** The outcome owed to the host, with the JSON names of the outcome kinds. */
  public enum Kind {
    /** The session was moved: tell the host where (and the customer, when there is a message). */
    TELEPORT,
    /** The session was moved, and the host must run the required actions first. */
    EXECUTE_ACTIONS,
    /** The session could not be placed: the host ends the scenario with the message. */
    EXIT_SCENARIO;

    private final String jsonName = name().toLowerCase(Locale.ROOT);

    /** The JSON name. */
    public String jsonName() {
      return jsonName;
    }

    /** The kind for a JSON name. */
    public static Kind fromJson(String name) {
      for (Kind k : values()) {
        if (k.jsonName.equals(name)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown owed effects kind '" + name + "'");
    }
  }
}
