package org.scenariomigration.scenario;

import org.scenariomigration.plan.InvalidPlanException;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Locale;

/**
 * A step of the source version with no counterpart in the target version, and where a session sitting there goes.
 *
 * <p>The planner looks forward first: when every path from the deleted step reaches one and the same anchor, without
 * crossing a checkpoint on the way, and that anchor lies past no checkpoint of the target version that such a session
 * cannot have passed, the session is relocated there ({@link Relocation#DOWNSTREAM}). Otherwise it looks back: when
 * every path into the deleted step comes from one and the same anchor, the session goes back there
 * ({@link Relocation#UPSTREAM}). Otherwise the plan names no target, and at run time the session goes back to the last
 * anchor it visited ({@link Relocation#HISTORY}). Whatever the target, the run time checks it against the session's
 * own history first (no passed checkpoint run again or contradicted, no unpassed checkpoint skipped) and fills the
 * gaps a move leaves as a planned migration does; a session with no safe target stays on its version, pinned, or exits, as
 * {@code relocation.without_safe_target} says.
 *
 * @param stepId its id in the source version
 * @param stepName its name
 * @param contentHash its content hash
 * @param relocateToAnchorHash the content hash of the anchor such a session is relocated to, or {@code null} when the
 *     plan names none ({@link Relocation#HISTORY})
 * @param relocateToStepId that anchor's step id in the target version, or {@code null}
 * @param checkpoint whether the deleted step was a checkpoint
 * @param relocation how the target was chosen
 * @param guardedCheckpoints the checkpoints that kept the planner from relocating sessions forward: checkpoints of the
 *     source version on the way to the next anchor, and checkpoints of the target version that the next anchor lies
 *     past; each named in the version it belongs to
 * @param crossedSteps for a {@link Relocation#DOWNSTREAM} relocation, the questions and forks of the source version
 *     it moves sessions forward past (the deleted step included), sorted by name
 * @param crossedFields the fields those steps collect or read that the target version still uses, sorted: a session
 *     lacking one of them is not moved forward (it would skip a question or a fork it cannot evaluate), and goes back
 *     to the last anchor it visited instead
 */
public record DeletedStep(String stepId, String stepName, String contentHash, String relocateToAnchorHash,
    String relocateToStepId, boolean checkpoint, Relocation relocation, List<StepRef> guardedCheckpoints,
    List<StepRef> crossedSteps, List<String> crossedFields) {

  /** Validates and copies the components. */
  public DeletedStep {
    java.util.Objects.requireNonNull(relocation, "relocation");
    guardedCheckpoints = guardedCheckpoints == null ? List.of() : ImmutableList.copyOf(guardedCheckpoints);
    crossedSteps = crossedSteps == null ? List.of() : ImmutableList.copyOf(crossedSteps);
    crossedFields = crossedFields == null ? List.of() : ImmutableList.copyOf(crossedFields);
    if ((relocateToStepId == null) != (relocation == Relocation.HISTORY)) {
      throw new InvalidPlanException("relocate_to_step_id", relocateToStepId,
          "deleted step '" + stepId + "': relocation " + relocation.jsonName()
          + (relocateToStepId == null ? " needs a target step" : " takes no target step but names '"
              + relocateToStepId + "'"));
    }
  }

  /** A deleted step whose relocation crosses no question and no fork. */
  public DeletedStep(String stepId, String stepName, String contentHash, String relocateToAnchorHash,
      String relocateToStepId, boolean checkpoint, Relocation relocation, List<StepRef> guardedCheckpoints) {
    this(stepId, stepName, contentHash, relocateToAnchorHash, relocateToStepId, checkpoint, relocation,
        guardedCheckpoints, List.of(), List.of());
  }

  /** A deleted step whose relocation is downstream when a target is given and from the history otherwise. */
  public DeletedStep(String stepId, String stepName, String contentHash, String relocateToAnchorHash,
      String relocateToStepId, boolean checkpoint) {
    this(stepId, stepName, contentHash, relocateToAnchorHash, relocateToStepId, checkpoint,
        relocateToStepId == null ? Relocation.HISTORY : Relocation.DOWNSTREAM, List.of());
  }

  /** How a deleted step's relocation target was chosen. */
  public enum Relocation {
    /** Forward, to the one anchor every path from the deleted step reaches first. */
    DOWNSTREAM,
    /** Back, to the one anchor every path into the deleted step comes from. */
    UPSTREAM,
    /** No target in the plan: back to the last anchor the session visited, or out of the scenario. */
    HISTORY;

    private final String jsonName = name().toLowerCase(Locale.ROOT);

    /** The JSON name. */
    public String jsonName() {
      return jsonName;
    }

    /** The value for a JSON name. */
    public static Relocation fromJson(String name) {
      for (Relocation r : values()) {
        if (r.jsonName.equals(name)) {
          return r;
        }
      }
      throw new IllegalArgumentException("unknown relocation '" + name + "'");
    }
  }
}
