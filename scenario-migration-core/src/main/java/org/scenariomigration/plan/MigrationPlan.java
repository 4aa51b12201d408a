package org.scenariomigration.plan;

import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.StepMapping;
import org.scenariomigration.scenario.TransformationMap;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/**
 * A reviewable migration plan from one scenario version to the next: the transformation map, the per-anchor policies
 * and the summary derived from both. Plans are immutable; the {@code with...} methods return changed copies, each
 * keeping every other component, and the summary is recomputed whenever the policies change. Generate one with
 * {@link MigrationPlanner}; read and write one with {@link PlanJson}; build one with {@link #builder()}, or change
 * several components at once with {@link #toBuilder()}.
 */
public final class MigrationPlan {
  private final String id;
  private final String tenantId;
  private final String scenarioId;
  private final int fromVersion;
  private final int toVersion;
  private final String fromChecksum;
  private final String toChecksum;
  private final PlanStatus status;
  private final TransformationMap transformationMap;
  private final Map<String, AnchorPolicy> anchorPolicies;
  /** Whether a policy is keyed by a twin key: only then does {@link #policyFor} build one to look it up. */
  private final boolean twinKeyed;
  private final List<StepMapping> manualMappings;
  private final PlanSummary summary;
  private final String createdBy;
  private final Instant createdAt;
  private final String approvedBy;
  private final Instant approvedAt;
  private final Instant deployedAt;
  private final int rolloutPercent;
  private final Instant markedAt;
  private final long coverageGeneration;
  /** The progressive rollout of the deployment, or {@code null} (issue 19). */
  private final RolloutState rollout;
  private final List<VariableMapping> variableMappings;
  private final List<VariableMapping> proposedMappings;

  /** Validates and copies the components: every copy goes through here. */
  private MigrationPlan(String id, String tenantId, String scenarioId, int fromVersion, int toVersion,
      String fromChecksum, String toChecksum, PlanStatus status, TransformationMap transformationMap,
      Map<String, AnchorPolicy> anchorPolicies, List<StepMapping> manualMappings, PlanSummary summary, String createdBy,
      Instant createdAt, String approvedBy, Instant approvedAt, Instant deployedAt, int rolloutPercent,
      Instant markedAt, long coverageGeneration, RolloutState rollout, List<VariableMapping> variableMappings,
      List<VariableMapping> proposedMappings) {
    if (coverageGeneration < 0) {
      throw new InvalidPlanException("coverage_generation", String.valueOf(coverageGeneration),
          "plan '" + id + "': coverage generation must not be negative but was "
          + coverageGeneration);
    }
    if (rolloutPercent < 0 || rolloutPercent > 100) {
      throw new InvalidPlanException("rollout_percent", String.valueOf(rolloutPercent),
          "plan '" + id + "': rollout percent must be between 0 and 100 but was "
          + rolloutPercent);
    }
    requireNonNull(id, "id");
    requireNonNull(tenantId, "tenantId");
    requireNonNull(scenarioId, "scenarioId");
    Ids.require(IdKind.PLAN, id);
    Ids.require(IdKind.TENANT, tenantId);
    Ids.require(IdKind.SCENARIO, scenarioId);
    requireNonNull(status, "status");
    requireNonNull(transformationMap, "transformationMap");
    requireNonNull(summary, "summary");
    requireNonNull(createdAt, "createdAt");
    anchorPolicies = ImmutableMap.copyOf(anchorPolicies);
    manualMappings = ImmutableList.copyOf(manualMappings);
    createdBy = createdBy == null ? "" : createdBy;
    this.id = id;
    this.tenantId = tenantId;
    this.scenarioId = scenarioId;
    this.fromVersion = fromVersion;
    this.toVersion = toVersion;
    this.fromChecksum = fromChecksum;
    this.toChecksum = toChecksum;
    this.status = status;
    this.transformationMap = transformationMap;
    this.anchorPolicies = anchorPolicies;
    this.twinKeyed = twinKeyed(anchorPolicies);
    this.manualMappings = manualMappings;
    this.createdBy = createdBy;
    this.createdAt = createdAt;
    this.approvedBy = approvedBy;
    this.approvedAt = approvedAt;
    this.deployedAt = deployedAt;
    this.rolloutPercent = rolloutPercent;
    this.markedAt = markedAt;
    this.coverageGeneration = coverageGeneration;
    this.rollout = rollout;
    this.variableMappings = ImmutableList.copyOf(variableMappings);
    this.proposedMappings = ImmutableList.copyOf(proposedMappings);
    MappingRules.check(id, this.variableMappings);
    this.summary = MappingRules.withProposals(summary, this.proposedMappings, this.variableMappings);
  }

  /**
   * A builder with no component set but a full rollout (100) and no policies or manual mappings: id, tenant, scenario,
   * status, transformation map, summary and creation time are required.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every component of this plan, to change several of them at once. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.tenantId = tenantId;
    b.scenarioId = scenarioId;
    b.fromVersion = fromVersion;
    b.toVersion = toVersion;
    b.fromChecksum = fromChecksum;
    b.toChecksum = toChecksum;
    b.status = status;
    b.transformationMap = transformationMap;
    b.anchorPolicies = anchorPolicies;
    b.manualMappings = manualMappings;
    b.summary = summary;
    b.createdBy = createdBy;
    b.createdAt = createdAt;
    b.approvedBy = approvedBy;
    b.approvedAt = approvedAt;
    b.deployedAt = deployedAt;
    b.rolloutPercent = rolloutPercent;
    b.markedAt = markedAt;
    b.coverageGeneration = coverageGeneration;
    b.rollout = rollout;
    b.variableMappings = variableMappings;
    b.proposedMappings = proposedMappings;
    return b;
  }

  /** The plan id. */
  public String id() {
    return id;
  }

  /** The tenant the plan belongs to. */
  public String tenantId() {
    return tenantId;
  }

  /** The scenario id. */
  public String scenarioId() {
    return scenarioId;
  }

  /** The source version number. */
  public int fromVersion() {
    return fromVersion;
  }

  /** The target version number. */
  public int toVersion() {
    return toVersion;
  }

  /** The source version's checksum. */
  public String fromChecksum() {
    return fromChecksum;
  }

  /** The target version's checksum. */
  public String toChecksum() {
    return toChecksum;
  }

  /** The lifecycle status; {@link PlanStatus#PENDING} when generated. */
  public PlanStatus status() {
    return status;
  }

  /** The diff. */
  public TransformationMap transformationMap() {
    return transformationMap;
  }

  /** The policy of every anchor, keyed by anchor content hash, or by twin key {@code <hash>@<source step id>}. */
  public Map<String, AnchorPolicy> anchorPolicies() {
    return anchorPolicies;
  }

  /** The operator's manual step mappings the diff used. */
  public List<StepMapping> manualMappings() {
    return manualMappings;
  }

  /**
   * Counts, fields to collect and warnings; among them a {@link PlanWarning.Code#RENAME_PROPOSED} for each proposed
   * mapping the {@link #variableMappings()} do not hold.
   */
  public PlanSummary summary() {
    return summary;
  }

  /** Who generated the plan. */
  public String createdBy() {
    return createdBy;
  }

  /** When. */
  public Instant createdAt() {
    return createdAt;
  }

  /** Who approved it, or {@code null}. */
  public String approvedBy() {
    return approvedBy;
  }

  /** When, or {@code null}. */
  public Instant approvedAt() {
    return approvedAt;
  }

  /** When it was deployed, or {@code null}. */
  public Instant deployedAt() {
    return deployedAt;
  }

  /** The share (0 to 100) of eligible sessions the deployment covers; 100 unless a gradual rollout narrowed it. */
  public int rolloutPercent() {
    return rolloutPercent;
  }

  /**
   * When the deployment started covering sessions (at the deploy, or at {@code ScenarioMigration.markSessions} when
   * sessions were not marked at the deploy): each session it covers is judged at its next message, its scope filter
   * measured at this time; {@code null} while it covers none.
   */
  public Instant markedAt() {
    return markedAt;
  }

  /**
   * The deployment generation of the scenario ({@code CurrentVersion.generation}) at which the deployment last took
   * sessions in (deployed, widened, marked): a session pinned at or after it was judged against this coverage already
   * and is not judged again by it; 0 while it covers none.
   */
  public long coverageGeneration() {
    return coverageGeneration;
  }

  /** This plan with another rollout percent. */
  public MigrationPlan withRolloutPercent(int percent) {
    return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum, status,
        transformationMap, anchorPolicies, manualMappings, summary, createdBy, createdAt, approvedBy, approvedAt,
        deployedAt, percent, markedAt, coverageGeneration, rollout, variableMappings, proposedMappings);
  }

  /**
   * The policy for an anchor: the operator's for this anchor alone ({@link AnchorPolicy#twinKey}, set for one of
   * twins), else the operator's for its content hash, else the default.
   */
  public AnchorPolicy policyFor(AnchorTransformation anchor) {
    AnchorPolicy p = policyIn(anchorPolicies, twinKeyed, anchor);
    return p == null ? AnchorPolicy.defaults(anchor) : p;
  }

  /** Whether a policy key names an anchor of {@code map}: its content hash, or its {@link AnchorPolicy#twinKey}. */
  static boolean namesAnchor(TransformationMap map, String key) {
    int at = key.indexOf(AnchorPolicy.TWIN_SEPARATOR);
    return at < 0 ? !map.anchorsWithHash(key).isEmpty()
        : map.anchorsWithHash(key.substring(0, at)).stream().anyMatch(a -> AnchorPolicy.twinKey(a).equals(key));
  }

  /**
   * The policy {@code policies} set for {@code anchor} (by its twin key when {@code twinKeyed}, then by its hash), or
   * {@code null}. A twin key is built only when a policy has one: the migration path builds no string otherwise.
   */
  static AnchorPolicy policyIn(Map<String, AnchorPolicy> policies, boolean twinKeyed, AnchorTransformation anchor) {
    AnchorPolicy p = twinKeyed ? policies.get(AnchorPolicy.twinKey(anchor)) : null;
    return p != null || policies.isEmpty() ? p : policies.get(anchor.anchorContentHash());
  }

  /** Whether any of {@code policies} is keyed by a twin key. */
  static boolean twinKeyed(Map<String, AnchorPolicy> policies) {
    for (String key : policies.keySet()) {
      if (key.indexOf(AnchorPolicy.TWIN_SEPARATOR) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** The class that applies to an anchor: the policy's forced class, or the computed one. */
  public MigrationScenario effectiveScenario(AnchorTransformation anchor) {
    MigrationScenario forced = policyFor(anchor).forceScenario();
    return forced == null ? anchor.migrationScenario() : forced;
  }

  /**
   * This plan with some policies replaced (others keep their current value). A key is an anchor content hash (the
   * policy of every anchor with it) or the {@linkplain AnchorPolicy#twinKey twin key} of one anchor (one of twins,
   * which share a hash). Throws {@link InvalidPlanException} when a key names no anchor of this plan or disagrees with
   * the policy's own hash; the plan is unchanged.
   */
  public MigrationPlan withPolicies(Map<String, AnchorPolicy> policies) {
    Map<String, AnchorPolicy> merged = new LinkedHashMap<>(anchorPolicies);
    for (Map.Entry<String, AnchorPolicy> e : policies.entrySet()) {
      String key = e.getKey();
      AnchorPolicy p = requireNonNull(e.getValue(), "policy for " + key);
      int at = key.indexOf(AnchorPolicy.TWIN_SEPARATOR);
      String hash = at < 0 ? key : key.substring(0, at);
      if (!namesAnchor(transformationMap, key)) {
        throw new InvalidPlanException("anchor_policies", key, at < 0
            ? "plan '" + id + "' has no anchor with content hash '" + key + "'"
            : "plan '" + id + "' has no anchor at source step '" + key.substring(at + 1) + "' with content hash '"
                + hash + "'");
      }
      if (!p.anchorContentHash().equals(hash)) {
        throw new InvalidPlanException("anchor_policies", key, "plan '" + id + "': policy key '" + key
            + "' does not match its anchor_content_hash '" + p.anchorContentHash() + "'");
      }
      if (at < 0) {
        // a policy for the hash is the policy of every anchor with it: twins' own policies give way to it
        merged.keySet().removeIf(k -> k.startsWith(key + AnchorPolicy.TWIN_SEPARATOR));
      }
      merged.put(key, p);
    }
    return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum, status,
        transformationMap, merged, manualMappings,
        Summaries.of(transformationMap, merged, summary.estimatedSessionsAffected()), createdBy, createdAt,
        approvedBy, approvedAt, deployedAt, rolloutPercent, markedAt, coverageGeneration, rollout, variableMappings,
        proposedMappings);
  }

  /** This plan with another status (no transition check: lifecycle rules live in the runtime). */
  public MigrationPlan withStatus(PlanStatus newStatus) {
    return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum, newStatus,
        transformationMap, anchorPolicies, manualMappings, summary, createdBy, createdAt, approvedBy, approvedAt,
        deployedAt, rolloutPercent, markedAt, coverageGeneration, rollout, variableMappings, proposedMappings);
  }

  /** This plan approved by {@code by} at {@code at}, with status {@link PlanStatus#APPROVED}. */
  public MigrationPlan withApproval(String by, Instant at) {
    return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum,
        PlanStatus.APPROVED, transformationMap, anchorPolicies, manualMappings, summary, createdBy, createdAt, by, at,
        deployedAt, rolloutPercent, markedAt, coverageGeneration, rollout, variableMappings, proposedMappings);
  }

  /** This plan deployed at {@code at}, with status {@link PlanStatus#DEPLOYED}. */
  public MigrationPlan withDeployment(Instant at) {
    return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum,
        PlanStatus.DEPLOYED, transformationMap, anchorPolicies, manualMappings, summary, createdBy, createdAt,
        approvedBy, approvedAt, at, rolloutPercent, markedAt, coverageGeneration, rollout, variableMappings,
        proposedMappings);
  }

  /**
   * This plan's deployment covering sessions from {@code at} on: the sessions it is deployed to are judged against it
   * at their next message, their scope filters measured at {@code at}.
   */
  public MigrationPlan withMarking(Instant at) {
    return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum, status,
        transformationMap, anchorPolicies, manualMappings, summary, createdBy, createdAt, approvedBy, approvedAt,
        deployedAt, rolloutPercent, at, coverageGeneration, rollout, variableMappings, proposedMappings);
  }

  /** This plan's deployment taking sessions in at deployment generation {@code generation}. */
  public MigrationPlan withCoverageGeneration(long generation) {
    return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum, status,
        transformationMap, anchorPolicies, manualMappings, summary, createdBy, createdAt, approvedBy, approvedAt,
        deployedAt, rolloutPercent, markedAt, generation, rollout, variableMappings, proposedMappings);
  }

  /** This plan with another estimate of affected sessions. */
  public MigrationPlan withEstimatedSessionsAffected(long estimate) {
    return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum, status,
        transformationMap, anchorPolicies, manualMappings, summary.withEstimatedSessionsAffected(estimate), createdBy,
        createdAt, approvedBy, approvedAt, deployedAt, rolloutPercent, markedAt, coverageGeneration, rollout,
        variableMappings, proposedMappings);
  }

  /**
   * The progressive rollout of the deployment ({@code MigrationOperations.deploy(tenant, planId, schedule)}): its
   * schedule, step, phase and history, or {@code null} for a deployment without a schedule.
   */
  public RolloutState rollout() {
    return rollout;
  }

  /** This plan with another rollout state ({@code null}: none). */
  public MigrationPlan withRollout(RolloutState state) {
    return toBuilder().rollout(state).build();
  }

  /**
   * The variable mappings the plan applies to a session's variables when it migrates it, in order: renames, defaults,
   * drops and computed fields ({@link VariableMapping}); checked when set (no two mappings of one field, no renames in
   * a cycle), and against both versions by the operator calls that set them.
   */
  public List<VariableMapping> variableMappings() {
    return variableMappings;
  }

  /**
   * The renames the diff proposes: a collected field whose name changed in a step that otherwise stayed as it was.
   * Each one the {@link #variableMappings()} do not hold yet is a {@link PlanWarning.Code#RENAME_PROPOSED} warning of
   * the {@link #summary()}.
   */
  public List<VariableMapping> proposedMappings() {
    return proposedMappings;
  }

  /**
   * This plan with {@code mappings} in place of its variable mappings, checked as {@link #variableMappings()} says
   * ({@link InvalidVariableMappingException}; the plan is unchanged). The summary's rename proposals follow them.
   */
  public MigrationPlan withVariableMappings(List<VariableMapping> mappings) {
    return toBuilder().variableMappings(mappings).build();
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof MigrationPlan o)) {
      return false;
    }
    return Objects.equals(id, o.id)
        && Objects.equals(tenantId, o.tenantId)
        && Objects.equals(scenarioId, o.scenarioId)
        && fromVersion == o.fromVersion
        && toVersion == o.toVersion
        && Objects.equals(fromChecksum, o.fromChecksum)
        && Objects.equals(toChecksum, o.toChecksum)
        && Objects.equals(status, o.status)
        && Objects.equals(transformationMap, o.transformationMap)
        && Objects.equals(anchorPolicies, o.anchorPolicies)
        && Objects.equals(manualMappings, o.manualMappings)
        && Objects.equals(summary, o.summary)
        && Objects.equals(createdBy, o.createdBy)
        && Objects.equals(createdAt, o.createdAt)
        && Objects.equals(approvedBy, o.approvedBy)
        && Objects.equals(approvedAt, o.approvedAt)
        && Objects.equals(deployedAt, o.deployedAt)
        && rolloutPercent == o.rolloutPercent
        && Objects.equals(markedAt, o.markedAt)
        && coverageGeneration == o.coverageGeneration
        && Objects.equals(rollout, o.rollout)
        && variableMappings.equals(o.variableMappings)
        && proposedMappings.equals(o.proposedMappings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum, status,
        transformationMap, anchorPolicies, manualMappings, summary, createdBy, createdAt, approvedBy, approvedAt,
        deployedAt, rolloutPercent, markedAt, coverageGeneration, rollout, variableMappings, proposedMappings);
  }

  /** Every component by name, in the form a record prints. */
  @Override
  public String toString() {
    return "MigrationPlan[id=" + id
        + ", tenantId=" + tenantId
        + ", scenarioId=" + scenarioId
        + ", fromVersion=" + fromVersion
        + ", toVersion=" + toVersion
        + ", fromChecksum=" + fromChecksum
        + ", toChecksum=" + toChecksum
        + ", status=" + status
        + ", transformationMap=" + transformationMap
        + ", anchorPolicies=" + anchorPolicies
        + ", manualMappings=" + manualMappings
        + ", summary=" + summary
        + ", createdBy=" + createdBy
        + ", createdAt=" + createdAt
        + ", approvedBy=" + approvedBy
        + ", approvedAt=" + approvedAt
        + ", deployedAt=" + deployedAt
        + ", rolloutPercent=" + rolloutPercent
        + ", markedAt=" + markedAt
        + ", coverageGeneration=" + coverageGeneration
        + ", rollout=" + rollout
        + ", variableMappings=" + variableMappings
        + ", proposedMappings=" + proposedMappings + "]";
  }

  /**
   * Builds a {@link MigrationPlan}. {@link #build()} validates as the copies do: ids by the id grammar, a rollout
   * percent between 0 and 100 and a coverage generation not negative ({@link InvalidPlanException} naming the value),
   * the required components present ({@link NullPointerException} naming the first missing).
   */
  public static final class Builder {
    private String id;
    private String tenantId;
    private String scenarioId;
    private int fromVersion;
    private int toVersion;
    private String fromChecksum;
    private String toChecksum;
    private PlanStatus status;
    private TransformationMap transformationMap;
    private Map<String, AnchorPolicy> anchorPolicies = Map.of();
    private List<StepMapping> manualMappings = List.of();
    private PlanSummary summary;
    private String createdBy;
    private Instant createdAt;
    private String approvedBy;
    private Instant approvedAt;
    private Instant deployedAt;
    private int rolloutPercent = 100;
    private Instant markedAt;
    private long coverageGeneration;
    private RolloutState rollout;
    private List<VariableMapping> variableMappings = List.of();
    private List<VariableMapping> proposedMappings = List.of();

    private Builder() {}

    /** Sets {@link MigrationPlan#id()}: the plan id. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Sets {@link MigrationPlan#tenantId()}: the tenant the plan belongs to. */
    public Builder tenantId(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /** Sets {@link MigrationPlan#scenarioId()}: the scenario id. */
    public Builder scenarioId(String scenarioId) {
      this.scenarioId = scenarioId;
      return this;
    }

    /** Sets {@link MigrationPlan#fromVersion()}: the source version number. */
    public Builder fromVersion(int fromVersion) {
      this.fromVersion = fromVersion;
      return this;
    }

    /** Sets {@link MigrationPlan#toVersion()}: the target version number. */
    public Builder toVersion(int toVersion) {
      this.toVersion = toVersion;
      return this;
    }

    /** Sets {@link MigrationPlan#fromChecksum()}: the source version's checksum. */
    public Builder fromChecksum(String fromChecksum) {
      this.fromChecksum = fromChecksum;
      return this;
    }

    /** Sets {@link MigrationPlan#toChecksum()}: the target version's checksum. */
    public Builder toChecksum(String toChecksum) {
      this.toChecksum = toChecksum;
      return this;
    }

    /** Sets {@link MigrationPlan#status()}: the lifecycle status; {@link PlanStatus#PENDING} when generated. */
    public Builder status(PlanStatus status) {
      this.status = status;
      return this;
    }

    /** Sets {@link MigrationPlan#transformationMap()}: the diff. */
    public Builder transformationMap(TransformationMap transformationMap) {
      this.transformationMap = transformationMap;
      return this;
    }

    /**
     * Sets {@link MigrationPlan#anchorPolicies()} (default Map.of()): the policy of every anchor, keyed by anchor
     * content hash.
     */
    public Builder anchorPolicies(Map<String, AnchorPolicy> anchorPolicies) {
      this.anchorPolicies = anchorPolicies;
      return this;
    }

    /**
     * Sets {@link MigrationPlan#manualMappings()} (default List.of()): the operator's manual step mappings the diff
     * used.
     */
    public Builder manualMappings(List<StepMapping> manualMappings) {
      this.manualMappings = manualMappings;
      return this;
    }

    /** Sets {@link MigrationPlan#summary()}: counts, fields to collect and warnings. */
    public Builder summary(PlanSummary summary) {
      this.summary = summary;
      return this;
    }

    /** Sets {@link MigrationPlan#createdBy()}: who generated the plan. */
    public Builder createdBy(String createdBy) {
      this.createdBy = createdBy;
      return this;
    }

    /** Sets {@link MigrationPlan#createdAt()}: when. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** Sets {@link MigrationPlan#approvedBy()}: who approved it, or {@code null}. */
    public Builder approvedBy(String approvedBy) {
      this.approvedBy = approvedBy;
      return this;
    }

    /** Sets {@link MigrationPlan#approvedAt()}: when, or {@code null}. */
    public Builder approvedAt(Instant approvedAt) {
      this.approvedAt = approvedAt;
      return this;
    }

    /** Sets {@link MigrationPlan#deployedAt()}: when it was deployed, or {@code null}. */
    public Builder deployedAt(Instant deployedAt) {
      this.deployedAt = deployedAt;
      return this;
    }

    /**
     * Sets {@link MigrationPlan#rolloutPercent()} (default 100): the share (0 to 100) of eligible sessions the
     * deployment covers; 100 unless a gradual rollout narrowed it.
     */
    public Builder rolloutPercent(int rolloutPercent) {
      this.rolloutPercent = rolloutPercent;
      return this;
    }

    /**
     * Sets {@link MigrationPlan#markedAt()}: when the deployment started covering sessions (at the deploy, or at {@code
     * ScenarioMigration.markSessions} when sessions were not marked at the deploy): each session it covers is judged at
     * its next message, its scope filter measured at this time; {@code null} while it covers none.
     */
    public Builder markedAt(Instant markedAt) {
      this.markedAt = markedAt;
      return this;
    }

    /**
     * Sets {@link MigrationPlan#coverageGeneration()}: the deployment generation of the scenario ({@code
     * CurrentVersion.generation}) at which the deployment last took sessions in (deployed, widened, marked): a session
     * pinned at or after it was judged against this coverage already and is not judged again by it; 0 while it covers
     * none.
     */
    public Builder coverageGeneration(long coverageGeneration) {
      this.coverageGeneration = coverageGeneration;
      return this;
    }

    /** Sets {@link MigrationPlan#rollout()} (default {@code null}: a deployment without a rollout schedule). */
    public Builder rollout(RolloutState rollout) {
      this.rollout = rollout;
      return this;
    }

    /**
     * Sets {@link MigrationPlan#variableMappings()} (default List.of()): the variable mappings applied at migration.
     */
    public Builder variableMappings(List<VariableMapping> variableMappings) {
      this.variableMappings = requireNonNull(variableMappings, "variableMappings");
      return this;
    }

    /** Sets {@link MigrationPlan#proposedMappings()} (default List.of()): the renames the diff proposes. */
    public Builder proposedMappings(List<VariableMapping> proposedMappings) {
      this.proposedMappings = requireNonNull(proposedMappings, "proposedMappings");
      return this;
    }

    /** The plan, validated. */
    public MigrationPlan build() {
      return new MigrationPlan(id, tenantId, scenarioId, fromVersion, toVersion, fromChecksum, toChecksum, status,
          transformationMap, anchorPolicies, manualMappings, summary, createdBy, createdAt, approvedBy, approvedAt,
          deployedAt, rolloutPercent, markedAt, coverageGeneration, rollout, variableMappings, proposedMappings);
    }
  }
}
