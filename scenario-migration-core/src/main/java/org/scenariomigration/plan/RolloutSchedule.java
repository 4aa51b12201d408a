package org.scenariomigration.plan;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A progressive rollout of a deployment: steps of a growing share of sessions (1 % → 10 % → 50 % → 100 %), each held
 * for a minimum duration and a minimum number of migrated sessions, health gates with a threshold each, and whether a
 * failing gate rolls the deployment back. Deploy with it through {@code MigrationOperations.deploy(tenant, planId,
 * schedule)}; {@code ScenarioMigration.advanceRollouts(now)} moves it on. Immutable; the builder validates at once.
 *
 * <pre>{@code
 * RolloutSchedule schedule = RolloutSchedule.builder()
 *     .step(1, Duration.ofHours(1), 50).step(10, Duration.ofHours(6), 500).step(100, Duration.ZERO, 0)
 *     .gate(RolloutSchedule.Gate.FAILURE_RATE, 0.05).autoRollback(true).build();
 * }</pre>
 */
public final class RolloutSchedule {
  private final List<Step> steps;
  private final Map<Gate, Double> gates;
  private final long gateMinSessions;
  private final boolean autoRollback;

  private RolloutSchedule(Builder b) {
    this.steps = ImmutableList.copyOf(b.steps);
    this.gates = ImmutableMap.copyOf(b.gates);
    this.gateMinSessions = b.gateMinSessions;
    this.autoRollback = b.autoRollback;
  }

  /** An empty builder: at least one step is required; no gates, gates judged from 1 settled session, no rollback. */
  public static Builder builder() {
    return new Builder();
  }

  /** The steps, percent strictly increasing. */
  public List<Step> steps() {
    return steps;
  }

  /** Each configured gate with its threshold: the highest rate (0 to 1) that still passes. */
  public Map<Gate, Double> gates() {
    return gates;
  }

  /** How many sessions the plan must have settled before its gates are judged (fewer: every gate passes). */
  public long gateMinSessions() {
    return gateMinSessions;
  }

  /** Whether a failing gate rolls the deployment back ({@code auto_rollback}), not only halts it. */
  public boolean autoRollback() {
    return autoRollback;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RolloutSchedule s && steps.equals(s.steps) && gates.equals(s.gates)
        && gateMinSessions == s.gateMinSessions && autoRollback == s.autoRollback;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(steps, gates, gateMinSessions, autoRollback);
  }

  @Override
  public String toString() {
    return "RolloutSchedule[steps=" + steps + ", gates=" + gates + ", gateMinSessions=" + gateMinSessions
        + ", autoRollback=" + autoRollback + "]";
  }

  /**
   * One step of a rollout.
   *
   * @param percent the share of eligible sessions the deployment covers in this step (1 to 100)
   * @param minDuration how long the step lasts at least before the rollout widens to the next one
   * @param minMigratedSessions how many sessions the plan migrates (or relocates) during this step at least before
   *     the rollout widens to the next one
   */
  public record Step(int percent, Duration minDuration, long minMigratedSessions) {
    /** Validates: percent from 1 to 100, duration and count not negative. */
    public Step {
      requireNonNull(minDuration, "minDuration must not be null");
      if (percent < 1 || percent > 100) {
        throw new InvalidPlanException("rollout.steps.percent", String.valueOf(percent),
            "rollout step percent must be between 1 and 100 but was " + percent);
      }
      if (minDuration.isNegative()) {
        throw new InvalidPlanException("rollout.steps.min_duration", minDuration.toString(),
            "rollout step " + percent + " %: min_duration must not be negative but was " + minDuration);
      }
      if (minMigratedSessions < 0) {
        throw new InvalidPlanException("rollout.steps.min_migrated_sessions", String.valueOf(minMigratedSessions),
            "rollout step " + percent + " %: min_migrated_sessions must not be negative but was "
                + minMigratedSessions);
      }
    }
  }

  /** A health gate: a rate computed from the plan's journal and the host's failure reports. */
  public enum Gate {
    /**
     * Sessions the plan told to exit, relocated or found blocked by a checkpoint, over the sessions it settled
     * (migrated, relocated, blocked, pinned, exited).
     */
    DISRUPTION_RATE,
    /** Migrated sessions whose migration asked the customer for a field ({@code collect}), over those migrated. */
    COLLECT_RATE,
    /**
     * Sessions the host reported failing after the plan moved them ({@code ScenarioMigration.reportFailure}), over
     * those it migrated or relocated.
     */
    FAILURE_RATE;

    private final String jsonName = name().toLowerCase(Locale.ROOT);

    /** The JSON and config name, for example {@code failure_rate}. */
    public String jsonName() {
      return jsonName;
    }

    /** The gate of a JSON name; {@link InvalidPlanException} naming it when there is none. */
    public static Gate fromJson(String name) {
      for (Gate g : values()) {
        if (g.jsonName.equals(name)) {
          return g;
        }
      }
      throw new InvalidPlanException("rollout.gates", name, "unknown rollout gate '" + name
          + "', expected one of disruption_rate, collect_rate, failure_rate");
    }
  }

  /** Builds a {@link RolloutSchedule}, validating each value as it is set. */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();
    private final Map<Gate, Double> gates = new EnumMap<>(Gate.class);
    private long gateMinSessions = 1;
    private boolean autoRollback;

    private Builder() {}

    /**
     * Appends a step.
     *
     * @throws InvalidPlanException when the percent is not above the previous step's, or a value is out of range
     */
    public Builder step(int percent, Duration minDuration, long minMigratedSessions) {
      Step s = new Step(percent, minDuration, minMigratedSessions);
      if (!steps.isEmpty() && steps.get(steps.size() - 1).percent() >= percent) {
        throw new InvalidPlanException("rollout.steps.percent", String.valueOf(percent), "rollout step percents must"
            + " increase strictly, but " + percent + " follows " + steps.get(steps.size() - 1).percent());
      }
      steps.add(s);
      return this;
    }

    /**
     * Sets a gate's threshold: the highest rate that passes, from 0 to 1.
     *
     * @throws InvalidPlanException when the threshold is not between 0 and 1
     */
    public Builder gate(Gate gate, double threshold) {
      requireNonNull(gate, "gate must not be null");
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new InvalidPlanException("rollout.gates." + gate.jsonName(), String.valueOf(threshold),
            "rollout gate " + gate.jsonName() + ": threshold must be between 0 and 1 but was " + threshold);
      }
      gates.put(gate, threshold);
      return this;
    }

    /**
     * How many sessions the plan must have settled before its gates are judged (default 1).
     *
     * @throws InvalidPlanException when below 1
     */
    public Builder gateMinSessions(long sessions) {
      if (sessions < 1) {
        throw new InvalidPlanException("rollout.gate_min_sessions", String.valueOf(sessions),
            "rollout gate_min_sessions must be at least 1 but was " + sessions);
      }
      this.gateMinSessions = sessions;
      return this;
    }

    /** Whether a failing gate rolls the deployment back (default {@code false}: it only halts). */
    public Builder autoRollback(boolean autoRollback) {
      this.autoRollback = autoRollback;
      return this;
    }

    /**
     * The schedule.
     *
     * @throws InvalidPlanException when it has no step
     */
    public RolloutSchedule build() {
      if (steps.isEmpty()) {
        throw new InvalidPlanException("rollout.steps", null, "a rollout schedule needs at least one step");
      }
      return new RolloutSchedule(this);
    }
  }
}
