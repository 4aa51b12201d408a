package org.scenariomigration.spi;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Locale;

/**
 * What a migration that ran without the host still owes the host: an eager batch migration moves sessions between
 * messages, so the outcome the host must act on (the required actions to run, the re-route notification, the exit
 * message, the new position) is stored with the session, in the same write as the migration, and handed over by the
 * session's next {@code reconcile}, once.
 *
 * @param id identifies this obligation (a journal record id of the migration that created it)
 * @param kind what to tell the host
 * @param planId the plan whose migration created it, or {@code null} for a relocation without a plan
 * @param targetStepId where the session now sits, in {@code targetVersion} (empty for an exit)
 * @param targetVersion the version the session now runs
 * @param reason for a teleport: {@code clean_graft}, {@code gap_fill}, {@code re_route} or {@code relocation};
 *     empty otherwise
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
    actions = actions == null ? List.of() : ImmutableList.copyOf(actions);
  }

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
