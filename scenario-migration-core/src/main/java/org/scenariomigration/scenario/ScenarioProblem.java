package org.scenariomigration.scenario;

import static java.util.Objects.requireNonNull;

/**
 * One problem found while validating a scenario version: an error that stops it from loading, or a warning.
 *
 * @param kind what is wrong
 * @param scenarioId the scenario's id
 * @param version the version number
 * @param stepId the step concerned, or {@code null} when the problem concerns the whole version
 * @param value the offending value (a duplicate id, an unknown target, a condition text ...)
 * @param message a sentence that names the scenario, the version, the step and the offending value
 */
public record ScenarioProblem(
    Kind kind, String scenarioId, int version, String stepId, String value, String message) {

  /** What kind of problem. */
  public enum Kind {
    /** Two steps share an id. Error. */
    DUPLICATE_STEP_ID(true),
    /** A transition points at a step id that does not exist. Error. */
    UNKNOWN_TRANSITION_TARGET(true),
    /** No start step is given. Error. */
    MISSING_START_STEP(true),
    /** The start step id names no step. Error. */
    UNKNOWN_START_STEP(true),
    /** A transition's condition does not parse. Error. */
    CONDITION_SYNTAX(true),
    /** The version has no step at all. Error. */
    NO_STEPS(true),
    /** One field is declared with two different types. Error. */
    CONFLICTING_FIELD_TYPE(true),
    /**
     * The version has more steps than {@link ScenarioVersion#MAX_STEPS}; the value is the count. Error, reported
     * before any other check.
     */
    TOO_MANY_STEPS(true),
    /**
     * A step has more transitions than {@link ScenarioVersion#MAX_TRANSITIONS_PER_STEP} (the problem names the step),
     * or the version more than {@link ScenarioVersion#MAX_TRANSITIONS} in all (no step); the value is the count.
     * Error, reported before any other check.
     */
    TOO_MANY_TRANSITIONS(true),
    /** A step cannot be reached from the start step. Warning. */
    UNREACHABLE_STEP(false);

    private final boolean error;

    Kind(boolean error) {
      this.error = error;
    }

    /** Whether this kind stops the version from loading. */
    public boolean isError() {
      return error;
    }
  }

  /** Validates the components. */
  public ScenarioProblem {
    requireNonNull(kind, "kind");
    requireNonNull(message, "message");
  }

  /** Whether this problem stops the version from loading. */
  public boolean isError() {
    return kind.isError();
  }
}
