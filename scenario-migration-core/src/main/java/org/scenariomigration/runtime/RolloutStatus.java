package org.scenariomigration.runtime;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.scenariomigration.plan.RolloutSchedule;
import org.scenariomigration.plan.RolloutState;

/**
 * The {@code rollout} block of a deployment's status ({@link DeploymentStatus#rollout()}): the step it is at, each
 * health gate's value against its threshold, the history of its steps and, once halted, why.
 *
 * @param phase running, halted, rolled back or completed
 * @param currentStep the index (from 0) of the current step
 * @param currentPercent the current step's share of sessions
 * @param autoRollback whether a failing gate rolls the deployment back
 * @param gates each configured gate, computed now from the journal and the host's failure reports
 * @param history every step entered so far, oldest first
 * @param haltedReason why a gate halted the rollout, or {@code null}
 */
public record RolloutStatus(RolloutState.Phase phase, int currentStep, int currentPercent, boolean autoRollback,
    List<GateValue> gates, List<RolloutState.StepRecord> history, String haltedReason) {

  /** Copies the lists. */
  public RolloutStatus {
    requireNonNull(phase, "phase");
    gates = ImmutableList.copyOf(gates);
    history = ImmutableList.copyOf(history);
  }

  /**
   * A gate's value against its threshold.
   *
   * @param gate the gate
   * @param value the rate now (0 when nothing was counted yet)
   * @param threshold the highest rate that passes
   * @param sessions the sessions the rate is over (its denominator)
   * @param passing whether it passes: its value is not above the threshold, or the plan has settled fewer sessions
   *     than {@link RolloutSchedule#gateMinSessions()}
   */
  public record GateValue(RolloutSchedule.Gate gate, double value, double threshold, long sessions,
      boolean passing) {
    /** Validates. */
    public GateValue {
      requireNonNull(gate, "gate");
    }
  }
}
