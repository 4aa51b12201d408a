package org.scenariomigration.model;

import java.util.Locale;

/**
 * A checkpoint that sessions at an anchor may have passed and that a teleport could violate. At run time such a
 * teleport is blocked for sessions that really passed the checkpoint.
 *
 * @param kind how the checkpoint would be violated
 * @param checkpointName the checkpoint step's name
 * @param checkpointHash its content hash
 * @param targetStepId the teleport target (the anchor or a fork branch target) in the target version
 * @param targetName that step's name
 */
public record CheckpointConflict(Kind kind, String checkpointName, String checkpointHash, String targetStepId,
    String targetName) {

  /** How the checkpoint would be violated. */
  public enum Kind {
    /** The checkpoint would be reachable again from the target although it was not from the session's step. */
    RUN_AGAIN,
    /** The target is not downstream of the checkpoint, so the new branch contradicts it. */
    CONTRADICTED;

    /** The JSON name. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
