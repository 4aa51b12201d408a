package org.scenariomigration.scenario;

import java.util.Locale;

/**
 * A transition between two steps that exist in both versions which was added or removed.
 *
 * @param change whether the transition was added or removed
 * @param fromStepName the name of the step the transition leaves
 * @param fromContentHash that step's content hash
 * @param toStepName the name of the step the transition enters
 * @param toContentHash that step's content hash
 * @param condition the condition text, or {@code null}
 */
public record TransitionChange(Change change, String fromStepName, String fromContentHash, String toStepName,
    String toContentHash, String condition) {

  /** Added or removed. */
  public enum Change {
    /** Present in the target version only. */
    ADDED,
    /** Present in the source version only. */
    REMOVED;

    /** The JSON name. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
