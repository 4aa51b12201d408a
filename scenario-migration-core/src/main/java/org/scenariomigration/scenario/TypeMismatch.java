package org.scenariomigration.scenario;

import static java.util.Objects.requireNonNull;

/**
 * A comparison in a condition of the target version that the declared type of its field can never satisfy as
 * written: an integer field compared with text, a boolean ordered, an enum compared with a value it does not have.
 * At run time such a condition cannot route a session the way it reads, so the plan review flags it.
 *
 * @param stepId the id, in the target version, of the step whose transition carries the condition
 * @param stepName that step's name
 * @param condition the condition text
 * @param field the field compared
 * @param type the field's declared type, as text ({@code integer}, {@code enum[gold, silver]} ...)
 * @param reason why the comparison cannot hold, for example {@code "18" is not a number}
 */
public record TypeMismatch(String stepId, String stepName, String condition, String field, String type,
    String reason) {
  /** Validates the components. */
  public TypeMismatch {
    requireNonNull(stepId, "stepId");
    requireNonNull(condition, "condition");
    requireNonNull(field, "field");
    requireNonNull(type, "type");
    requireNonNull(reason, "reason");
    stepName = stepName == null ? "" : stepName;
  }
}
