package org.scenariomigration.model;

/**
 * A step of the source version with no counterpart in the target version, and where a session sitting there goes.
 *
 * @param stepId its id in the source version
 * @param stepName its name
 * @param contentHash its content hash
 * @param relocateToAnchorHash the content hash of the anchor such a session is relocated to, or {@code null} when
 *     there is none (the session then exits the scenario)
 * @param relocateToStepId that anchor's step id in the target version, or {@code null}
 * @param checkpoint whether the deleted step was a checkpoint
 */
public record DeletedStep(String stepId, String stepName, String contentHash, String relocateToAnchorHash,
    String relocateToStepId, boolean checkpoint) {}
