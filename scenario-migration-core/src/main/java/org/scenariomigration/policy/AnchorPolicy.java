package org.scenariomigration.policy;

import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.MigrationScenario;
import static java.util.Objects.requireNonNull;

/**
 * An operator's policy for one anchor, keyed in the plan by the anchor's content hash. Edit one with
 * {@link #toEditor()} (what {@code MigrationOperations#updatePolicy} hands the host's lambda).
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

  /** What separates the hash from the source step id in a {@link #twinKey}. */
  public static final char TWIN_SEPARATOR = '@';

  /**
   * The key of a policy for this one anchor, {@code <anchor content hash>@<source step id>}: twins share a hash, and
   * a policy keyed by the hash applies to all of them; keyed so, to this one only.
   */
  public static String twinKey(AnchorTransformation anchor) {
    return anchor.anchorContentHash() + TWIN_SEPARATOR + anchor.fromStepId();
  }

  /** An editor that starts from this policy; {@link Editor#build()} gives the edited policy. */
  public Editor toEditor() {
    return new Editor(this);
  }

  /**
   * Edits a policy in the host's words: {@code p -> p.includeChannels("whatsapp").maxSessionAgeDays(30)}. Each
   * method checks its argument at once (an invalid channel or step id throws
   * {@link org.scenariomigration.InvalidIdException}, a negative age {@link IllegalArgumentException}, both naming the
   * value); the anchor's hash and name cannot be edited.
   */
  public static final class Editor {
    private final String anchorContentHash;
    private final String anchorName;
    private final ScopeFilter.Builder scope;
    private boolean updateDownstream;
    private MigrationScenario forceScenario;

    private Editor(AnchorPolicy from) {
      this.anchorContentHash = from.anchorContentHash;
      this.anchorName = from.anchorName;
      this.scope = from.scopeFilter.toBuilder();
      this.updateDownstream = from.updateDownstream;
      this.forceScenario = from.forceScenario;
    }

    /** Only sessions on these channels migrate. */
    public Editor includeChannels(String... channels) {
      scope.includeChannels(channels);
      return this;
    }

    /** Sessions on these channels never migrate. */
    public Editor excludeChannels(String... channels) {
      scope.excludeChannels(channels);
      return this;
    }

    /** Sessions older than {@code days} do not migrate. */
    public Editor maxSessionAgeDays(int days) {
      scope.maxSessionAgeDays(days);
      return this;
    }

    /** Sessions newer than {@code days} do not migrate. */
    public Editor minSessionAgeDays(int days) {
      scope.minSessionAgeDays(days);
      return this;
    }

    /** Only sessions at these source steps migrate. */
    public Editor includeCurrentSteps(String... stepIds) {
      scope.includeCurrentSteps(stepIds);
      return this;
    }

    /** Sessions at these source steps never migrate. */
    public Editor excludeCurrentSteps(String... stepIds) {
      scope.excludeCurrentSteps(stepIds);
      return this;
    }

    /** Every session at the anchor migrates again: the scope filter is reset to {@link ScopeFilter#ALL}. */
    public Editor allSessions() {
      scope.includeChannels().excludeChannels().includeCurrentSteps().excludeCurrentSteps();
      scope.resetAges();
      return this;
    }

    /** {@code false} keeps the anchor's sessions on their old version (pinned). */
    public Editor updateDownstream(boolean update) {
      this.updateDownstream = update;
      return this;
    }

    /** Forces a class instead of the computed one; {@code null} for the computed class. */
    public Editor forceScenario(MigrationScenario scenario) {
      this.forceScenario = scenario;
      return this;
    }

    /** The edited policy; throws {@link IllegalArgumentException} when the minimum age exceeds the maximum. */
    public AnchorPolicy build() {
      return new AnchorPolicy(anchorContentHash, anchorName, scope.build(), updateDownstream, forceScenario);
    }
  }
}
