package org.scenariomigration.memory;

import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.spi.DuplicateRecordException;
import org.scenariomigration.spi.PlanStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;

/** The in-memory {@link PlanStore}. Thread-safe. */
public final class InMemoryPlanStore implements PlanStore {
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, MigrationPlan>> plans = new ConcurrentHashMap<>();

  @Override
  public void insert(MigrationPlan plan) {
    if (plans.computeIfAbsent(plan.tenantId(), k -> new ConcurrentHashMap<>()).putIfAbsent(plan.id(), plan) != null) {
      throw new DuplicateRecordException(plan.tenantId(), "plan", plan.id(),
          "plan '" + plan.id() + "' of tenant '" + plan.tenantId()
          + "' already exists");
    }
  }

  @Override
  public Optional<MigrationPlan> find(String tenantId, String planId) {
    Map<String, MigrationPlan> t = plans.get(tenantId);
    return t == null ? Optional.empty() : Optional.ofNullable(t.get(planId));
  }

  @Override
  public void replace(MigrationPlan plan, PlanStatus expectedStatus) {
    ConcurrentHashMap<String, MigrationPlan> t = plans.get(plan.tenantId());
    if (t == null) {
      throw new ConcurrentUpdateException(plan.tenantId(), "plan", plan.id(), expectedStatus.jsonName(), "no plan");
    }
    t.compute(plan.id(), (id, current) -> {
      if (current == null) {
        throw new ConcurrentUpdateException(plan.tenantId(), "plan", id, expectedStatus.jsonName(), "no plan");
      }
      if (current.status() != expectedStatus) {
        throw new ConcurrentUpdateException(plan.tenantId(), "plan", id, "status " + expectedStatus.jsonName(),
            "status " + current.status().jsonName());
      }
      return plan;
    });
  }

  @Override
  public List<MigrationPlan> forScenario(String tenantId, String scenarioId) {
    Map<String, MigrationPlan> t = plans.get(tenantId);
    if (t == null) {
      return List.of();
    }
    return t.values().stream().filter(p -> p.scenarioId().equals(scenarioId))
        .sorted(Comparator.comparing(MigrationPlan::createdAt).thenComparing(MigrationPlan::id)).toList();
  }

  @Override
  public boolean delete(String tenantId, String planId) {
    Map<String, MigrationPlan> t = plans.get(tenantId);
    return t != null && t.remove(planId) != null;
  }

  @Override
  public List<MigrationPlan> watchedRollouts() {
    return plans.values().stream().flatMap(t -> t.values().stream())
        .filter(p -> p.status() == PlanStatus.DEPLOYED && p.rollout() != null && p.rollout().watched())
        .sorted(Comparator.comparing(MigrationPlan::tenantId).thenComparing(MigrationPlan::id)).toList();
  }
}
