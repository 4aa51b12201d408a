package org.scenariomigration.plan;

import org.scenariomigration.scenario.AnchorIdentity;
import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A warning in a plan's summary, for the operator who reviews it.
 *
 * @param severity info, warning or critical
 * @param code a stable machine-readable code
 * @param anchorContentHash the anchor concerned, or {@code null}
 * @param anchorName the anchor's name, or {@code null}
 * @param message the sentence shown to the operator
 */
public record PlanWarning(Severity severity, Code code, String anchorContentHash, String anchorName,
    String message) {

  /** Validates the components. */
  public PlanWarning {
    requireNonNull(severity, "severity");
    requireNonNull(code, "code");
    requireNonNull(message, "message");
  }

  /** How serious a warning is. */
  public enum Severity {
    /** For information. */
    INFO,
    /** Needs attention. */
    WARNING,
    /** Needs attention before deploying. */
    CRITICAL;

    /** The JSON name. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What a warning is about. */
  public enum Code {
    /** Customers at an anchor may be asked for a field. */
    FIELD_TO_COLLECT,
    /** An inserted upstream step performs a required action. */
    REQUIRED_ACTION,
    /** A new upstream fork may redirect sessions. */
    RE_ROUTE,
    /** A teleport could violate a checkpoint; affected sessions will be blocked. */
    CHECKPOINT_CONFLICT,
    /** Twin steps could not be paired. */
    AMBIGUOUS_ANCHOR,
    /** A deleted step has nowhere to relocate its sessions. */
    DELETED_STEP_WITHOUT_TARGET,
    /** Checkpoints keep a deleted step's sessions from being relocated forward. */
    RELOCATION_GUARDED,
    /** A checkpoint of the source version is gone. */
    DELETED_CHECKPOINT,
    /** A policy forces a class other than the computed one. */
    FORCED_SCENARIO,
    /** A step of the target version cannot be reached from its start. */
    UNREACHABLE_STEP,
    /** A condition compares a typed field with a value its type can never hold. */
    TYPE_MISMATCH,
    /** A step was changed in place and matched as an edited anchor (see {@link AnchorIdentity}). */
    EDITED_ANCHOR,
    /** Unmatched steps share one context, so none of them could be matched as an edited anchor. */
    AMBIGUOUS_EDIT,
    /**
     * A deleted step's relocation crosses a question, a fork or a checkpoint: sessions lacking what it needs are not
     * moved forward.
     */
    RELOCATION_CROSSES,
    /** A fork reads a field that a step computes ({@code sets_fields}); it is never asked of the customer. */
    COMPUTED_FIELD,
    /**
     * A collected field's name changed while its step stayed as it was: the diff proposes a rename
     * ({@link MigrationPlan#proposedMappings()}), which the operator confirms by adding it to the plan's mappings.
     */
    RENAME_PROPOSED;

    /** The JSON name. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
