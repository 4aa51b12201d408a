package org.scenariomigration.spi;

import org.scenariomigration.session.SessionState;

/**
 * A scenario's current version together with its deployment generation: the number that every
 * {@link ScenarioStore#setCurrentVersion} moves on (a deploy, a widened rollout, a rollback, a version made current).
 * A session pinned at one generation ({@link SessionState#pinnedAt}) takes the per-message fast path until the
 * generation moves on, and is then judged again against the deployments that cover its version, once.
 *
 * @param version the current version, 0 when the scenario has none
 * @param generation the deployment generation, 0 before any change of the current version was counted
 */
public record CurrentVersion(int version, long generation) {

  /** No current version. */
  public static final CurrentVersion NONE = new CurrentVersion(0, 0);

  /** Validates the components. */
  public CurrentVersion {
    if (version < 0) {
      throw new IllegalArgumentException("current version must not be negative but was " + version);
    }
    if (generation < 0) {
      throw new IllegalArgumentException("deployment generation must not be negative but was " + generation);
    }
  }
}
