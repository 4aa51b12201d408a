package org.scenariomigration.runtime;

import java.util.List;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.plan.VariableMapping;
import org.scenariomigration.scenario.ScenarioVersion;

/**
 * Sets a pending plan's variable mappings, as one atomic operator call: checked on their own (the plan's rules:
 * {@link MigrationPlan#withVariableMappings}), then against the plan's two versions ({@link MappingChecks}), and only
 * then stored. Package-private.
 */
final class PlanMappings {
  private final Engine engine;

  PlanMappings(Engine engine) {
    this.engine = engine;
  }

  MigrationPlan update(String tenantId, String planId, List<VariableMapping> mappings) {
    return engine.atomically(() -> {
      MigrationPlan p = engine.plan(tenantId, planId);
      if (p.status() != PlanStatus.PENDING) {
        throw new IllegalPlanStatusException(planId, "update variable mappings of", p.status(), "pending");
      }
      MigrationPlan changed = p.withVariableMappings(mappings);
      ScenarioVersion from = engine.requireVersion(tenantId, p.scenarioId(), p.fromVersion());
      ScenarioVersion to = engine.requireVersion(tenantId, p.scenarioId(), p.toVersion());
      MappingChecks.check(p, from, to, changed.variableMappings());
      if (!changed.equals(p)) {
        engine.plans.replace(changed, PlanStatus.PENDING);
      }
      return changed;
    });
  }
}
