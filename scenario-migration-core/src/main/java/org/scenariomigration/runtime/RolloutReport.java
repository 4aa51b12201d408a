package org.scenariomigration.runtime;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What one {@link ScenarioMigration#advanceRollouts} call did: one action per plan it changed, in the order it went
 * through them (by tenant, then plan id). A plan whose step has not lasted or migrated enough yet, with every gate
 * passing, is not listed.
 *
 * @param at the time the host passed
 * @param actions what was done, plan by plan
 */
public record RolloutReport(Instant at, List<Action> actions) {

  /** Copies the list. */
  public RolloutReport {
    requireNonNull(at, "at");
    actions = ImmutableList.copyOf(actions);
  }

  /**
   * What was done to one plan.
   *
   * @param tenantId the tenant
   * @param planId the plan
   * @param kind what was done
   * @param fromPercent the share of sessions before
   * @param toPercent the share of sessions after (the same, but for {@link Kind#ADVANCED})
   * @param reason the failed gate for a halt or a rollback, the exception's message for a failure, else {@code null}
   */
  public record Action(String tenantId, String planId, Kind kind, int fromPercent, int toPercent, String reason) {
    /** Validates. */
    public Action {
      requireNonNull(tenantId, "tenantId");
      requireNonNull(planId, "planId");
      requireNonNull(kind, "kind");
    }
  }

  /** What was done to a plan. */
  public enum Kind {
    /** Widened to the next step. */
    ADVANCED,
    /** The last step's minimums were met with every gate passing: the rollout completed. */
    COMPLETED,
    /** A gate failed: halted (no {@code auto_rollback}). */
    HALTED,
    /** A gate failed: halted and rolled back. */
    ROLLED_BACK,
    /**
     * The plan's turn failed (for example another operator call held its scenario): nothing of it changed, or what
     * changed is completed by the next call.
     */
    FAILED;

    /** The JSON name, for example {@code rolled_back}. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
