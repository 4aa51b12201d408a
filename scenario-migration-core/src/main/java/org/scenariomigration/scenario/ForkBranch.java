package org.scenariomigration.scenario;

/**
 * One branch of a fork.
 *
 * @param targetStepId the step the branch leads to, in the target version
 * @param targetName that step's name
 * @param condition the branch's condition text, or {@code null} for the default branch
 * @param leadsToAnchor whether the anchor can still be reached through this branch
 */
public record ForkBranch(String targetStepId, String targetName, String condition, boolean leadsToAnchor) {}
