package org.scenariomigration.spi;

import java.util.List;
import java.util.Optional;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;

/**
 * Stores migration plans, scoped by the plan's tenant. Ids follow the id grammar as {@link StoredIds} says: a write
 * with a bad id throws, a read by one finds nothing.
 */
public interface PlanStore {

  /** Inserts a new plan; {@link DuplicateRecordException} when its id is taken within the tenant. */
  void insert(MigrationPlan plan);

  /** A plan by id. */
  Optional<MigrationPlan> find(String tenantId, String planId);

  /**
   * Replaces a plan if its stored status is {@code expectedStatus}; otherwise throws {@link ConcurrentUpdateException}
   * naming both statuses and changes nothing.
   */
  void replace(MigrationPlan plan, PlanStatus expectedStatus);

  /** Every plan of a scenario, oldest first. */
  List<MigrationPlan> forScenario(String tenantId, String scenarioId);

  /** Deletes a plan (retention); returns whether it existed. */
  boolean delete(String tenantId, String planId);

  /**
   * Every deployed plan, of every tenant, whose progressive rollout is still watched
   * ({@link org.scenariomigration.plan.RolloutState#watched()}): the maintenance listing that
   * {@code ScenarioMigration.advanceRollouts} walks (issue 19), ordered by tenant then plan id. The default throws
   * {@link UnsupportedOperationException}: a store of the host's that keeps it cannot run rollouts.
   */
  default List<MigrationPlan> watchedRollouts() {
    throw new UnsupportedOperationException(getClass().getName() + " cannot list the plans with a rollout schedule");
  }
}
