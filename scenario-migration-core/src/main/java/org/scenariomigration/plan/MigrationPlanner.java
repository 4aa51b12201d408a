package org.scenariomigration.plan;

import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.StepMapping;
import org.scenariomigration.scenario.TransformationMap;
import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Diffs scenario versions and generates reviewable migration plans. Stateless and thread-safe; the plan is a pure
 * function of the two versions, the manual mappings and the policies, apart from its id and creation time, which come
 * from the injected id generator and {@link Clock}.
 *
 * <pre>{@code
 * MigrationPlanner planner = MigrationPlanner.create();
 * MigrationPlan plan = planner.plan(PlanRequest.builder("tenant-1", v1, v2)
 *     .createdBy("operator@example.com")
 *     .build());
 * plan.summary().anchorsWithGapFill();
 * }</pre>
 */
public final class MigrationPlanner {
  private final Clock clock;
  private final Supplier<String> idGenerator;

  private MigrationPlanner(Builder b) {
    this.clock = b.clock;
    this.idGenerator = b.idGenerator;
  }

  /** A planner with the system UTC clock and random UUID plan ids. */
  public static MigrationPlanner create() {
    return builder().build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Diffs two versions with hash matching only. */
  public TransformationMap diff(ScenarioVersion from, ScenarioVersion to) {
    return diff(from, to, List.of());
  }

  /**
   * Diffs two versions; manual mappings override or add to hash matching. Throws {@link InvalidPlanException} when the
   * versions belong to different scenarios or a mapping names an unknown step or maps a step twice.
   */
  public TransformationMap diff(ScenarioVersion from, ScenarioVersion to, List<StepMapping> manualMappings) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (!from.scenarioId().equals(to.scenarioId())) {
      throw new InvalidPlanException("scenario_id", to.scenarioId(),
          "cannot diff versions of different scenarios: '" + from.scenarioId()
          + "' and '" + to.scenarioId() + "'");
    }
    return TransformationMap.between(from, to, requireNonNull(manualMappings, "manualMappings"));
  }

  /**
   * Generates a plan in status {@link PlanStatus#PENDING}. Throws {@link InvalidPlanException} when the target version
   * is not newer than the source, when a mapping is invalid, or when a policy names an anchor the plan does not have.
   */
  public MigrationPlan plan(PlanRequest request) {
    ScenarioVersion from = request.from();
    ScenarioVersion to = request.to();
    if (to.version() <= from.version()) {
      throw new InvalidPlanException("to_version", String.valueOf(to.version()),
          "target version " + to.version() + " of scenario '" + to.scenarioId()
          + "' must be newer than source version " + from.version());
    }
    TransformationMap map = diff(from, to, request.manualMappings());
    String id = requireNonNull(idGenerator.get(), "idGenerator returned null");
    MigrationPlan plan = MigrationPlan.builder().id(id).tenantId(request.tenantId()).scenarioId(from.scenarioId())
        .fromVersion(from.version()).toVersion(to.version()).fromChecksum(from.checksum()).toChecksum(to.checksum())
        .status(PlanStatus.PENDING).transformationMap(map).manualMappings(request.manualMappings())
        .summary(Summaries.of(map, Map.of(), 0)).createdBy(request.createdBy()).createdAt(clock.instant())
        .proposedMappings(MappingRules.proposals(from, to, map)).build();
    return request.policies().isEmpty() ? plan : plan.withPolicies(request.policies());
  }

  /** Builds a {@link MigrationPlanner}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Supplier<String> idGenerator = () -> UUID.randomUUID().toString();

    private Builder() {}

    /** The clock for creation times; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** The plan id generator; random UUIDs by default. */
    public Builder idGenerator(Supplier<String> idGenerator) {
      this.idGenerator = requireNonNull(idGenerator, "idGenerator");
      return this;
    }

    /** Builds the planner. */
    public MigrationPlanner build() {
      return new MigrationPlanner(this);
    }
  }
}
