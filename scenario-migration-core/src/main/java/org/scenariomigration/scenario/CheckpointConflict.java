package org.scenariomigration.scenario;

import java.util.Locale;

/**
 * A checkpoint that a teleport from an anchor could violate: one that sessions at the anchor may have passed (run
 * again, contradicted), or one that they may not have passed and would land past. At run time such a teleport is
 * blocked for the sessions whose own history shows the violation.
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
    CONTRADICTED,
    /**
     * A checkpoint of the target version lies on every path to the target, but sessions at the anchor need not have
     * passed it: those that did not are kept where they are rather than land past it.
     */
    NOT_PASSED;

    /** The JSON name. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
