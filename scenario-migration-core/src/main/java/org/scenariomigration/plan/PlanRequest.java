package org.scenariomigration.plan;

import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.StepMapping;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/**
 * What {@link MigrationPlanner#plan(PlanRequest)} needs: the tenant, both versions, who asks, and optionally manual
 * mappings and policies.
 *
 * @param tenantId the tenant
 * @param from the source version
 * @param to the target version; same scenario id, higher version number
 * @param createdBy who asks for the plan
 * @param manualMappings operator mappings of source steps to target steps
 * @param policies per-anchor policies keyed by anchor content hash, or by twin key ({@code AnchorPolicy.twinKey})
 */
public record PlanRequest(String tenantId, ScenarioVersion from, ScenarioVersion to, String createdBy,
    List<StepMapping> manualMappings, Map<String, AnchorPolicy> policies) {

  /** Validates and copies the components. */
  public PlanRequest {
    Ids.require(IdKind.TENANT, tenantId);
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    createdBy = createdBy == null ? "" : createdBy;
    manualMappings = manualMappings == null ? List.of() : ImmutableList.copyOf(manualMappings);
    policies = policies == null ? Map.of() : ImmutableMap.copyOf(policies);
  }

  /** Starts a builder. */
  public static Builder builder(String tenantId, ScenarioVersion from, ScenarioVersion to) {
    return new Builder(tenantId, from, to);
  }

  /** Builds a {@link PlanRequest}. */
  public static final class Builder {
    private final String tenantId;
    private final ScenarioVersion from;
    private final ScenarioVersion to;
    private String createdBy = "";
    private final List<StepMapping> mappings = new ArrayList<>();
    private final Map<String, AnchorPolicy> policies = new LinkedHashMap<>();

    private Builder(String tenantId, ScenarioVersion from, ScenarioVersion to) {
      this.tenantId = tenantId;
      this.from = from;
      this.to = to;
    }

    /** Who asks for the plan. */
    public Builder createdBy(String who) {
      this.createdBy = requireNonNull(who, "createdBy");
      return this;
    }

    /** Adds a manual mapping from a source step id to a target step id. */
    public Builder map(String fromStepId, String toStepId) {
      mappings.add(new StepMapping(fromStepId, toStepId));
      return this;
    }

    /** Adds a policy. */
    public Builder policy(AnchorPolicy policy) {
      policies.put(policy.anchorContentHash(), policy);
      return this;
    }

    /** Builds the request. */
    public PlanRequest build() {
      return new PlanRequest(tenantId, from, to, createdBy, mappings, policies);
    }
  }
}
