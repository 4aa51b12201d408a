package org.scenariomigration.policy;

import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.MigrationScenario;
import static java.util.Objects.requireNonNull;

/**
 * An operator's policy for one anchor, keyed in the plan by the anchor's content hash. Twin anchors share one.
 *
 * @param anchorContentHash the anchor's content hash in the target version
 * @param anchorName the anchor's name (informational)
 * @param scopeFilter which sessions at the anchor migrate
 * @param updateDownstream {@code true} (the default) moves sessions to the new version; {@code false} leaves them
 *     pinned to their old version
 * @param forceScenario a class that overrides the computed one, or {@code null}
 */
public record AnchorPolicy(String anchorContentHash, String anchorName, ScopeFilter scopeFilter,
    boolean updateDownstream, MigrationScenario forceScenario) {

  /** Validates the components; a {@code null} scope filter means {@link ScopeFilter#ALL}. */
  public AnchorPolicy {
    requireNonNull(anchorContentHash, "anchorContentHash");
    anchorName = anchorName == null ? "" : anchorName;
    scopeFilter = scopeFilter == null ? ScopeFilter.ALL : scopeFilter;
  }

  /** The default policy for an anchor: every session, update downstream, computed class. */
  public static AnchorPolicy defaults(AnchorTransformation anchor) {
    return new AnchorPolicy(anchor.anchorContentHash(), anchor.anchorName(), ScopeFilter.ALL, true, null);
  }

  /** This policy with another scope filter. */
  public AnchorPolicy withScopeFilter(ScopeFilter filter) {
    return new AnchorPolicy(anchorContentHash, anchorName, filter, updateDownstream, forceScenario);
  }

  /** This policy with another update-downstream flag. */
  public AnchorPolicy withUpdateDownstream(boolean update) {
    return new AnchorPolicy(anchorContentHash, anchorName, scopeFilter, update, forceScenario);
  }

  /** This policy forcing {@code scenario} ({@code null} for the computed class). */
  public AnchorPolicy withForceScenario(MigrationScenario scenario) {
    return new AnchorPolicy(anchorContentHash, anchorName, scopeFilter, updateDownstream, scenario);
  }
}
