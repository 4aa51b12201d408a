package org.scenariomigration.plan;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a deployment's progressive rollout stands, kept in its plan ({@link MigrationPlan#rollout()}, the
 * {@code rollout} block of the plan JSON): its schedule, the step it is at, its phase, the history of its steps and,
 * once halted, why. Immutable; the runtime moves it on with the {@code with...} methods.
 *
 * @param schedule the schedule
 * @param phase running, halted, rolled back or completed
 * @param step the index (from 0) of the current step in {@link RolloutSchedule#steps()}
 * @param history every step entered so far, oldest first; the last is the current one
 * @param haltedReason why a gate halted the rollout, or {@code null}
 */
public record RolloutState(RolloutSchedule schedule, Phase phase, int step, List<StepRecord> history,
    String haltedReason) {

  /** Validates and copies. */
  public RolloutState {
    requireNonNull(schedule, "schedule");
    requireNonNull(phase, "phase");
    if (step < 0 || step >= schedule.steps().size()) {
      throw new InvalidPlanException("rollout.current_step", String.valueOf(step), "rollout current step must be"
          + " between 0 and " + (schedule.steps().size() - 1) + " but was " + step);
    }
    history = ImmutableList.copyOf(history);
  }

  /** A rollout entering the first step of {@code schedule} at {@code at}, the plan having migrated {@code migrated}. */
  public static RolloutState start(RolloutSchedule schedule, Instant at, long migrated) {
    return new RolloutState(schedule, Phase.RUNNING, 0,
        List.of(new StepRecord(schedule.steps().get(0).percent(), at, migrated, null, null)), null);
  }

  /**
   * Whether {@code advanceRollouts} still acts on the deployed plan that carries this: it is running, or a failed gate
   * decided a rollback that has not completed (the plan is still deployed).
   */
  public boolean watched() {
    return phase == Phase.RUNNING || phase == Phase.ROLLED_BACK;
  }

  /** The current step of the schedule. */
  public RolloutSchedule.Step currentStep() {
    return schedule.steps().get(step);
  }

  /** Whether the current step is the schedule's last. */
  public boolean atLastStep() {
    return step == schedule.steps().size() - 1;
  }

  /** The record of the current step. */
  public StepRecord current() {
    return history.get(history.size() - 1);
  }

  /** This rollout moved on to the next step at {@code at}, the plan having migrated {@code migrated}. */
  public RolloutState advanced(Instant at, long migrated) {
    List<StepRecord> h = left(at, "advanced");
    h.add(new StepRecord(schedule.steps().get(step + 1).percent(), at, migrated, null, null));
    return new RolloutState(schedule, Phase.RUNNING, step + 1, h, null);
  }

  /** This rollout ended in {@code phase} at {@code at} ({@code reason} for a halt or a rollback, else null). */
  public RolloutState ended(Phase phase, Instant at, String reason) {
    return new RolloutState(schedule, phase, step, left(at, phase.jsonName()), reason);
  }

  private List<StepRecord> left(Instant at, String outcome) {
    List<StepRecord> h = new ArrayList<>(history);
    StepRecord c = h.remove(h.size() - 1);
    h.add(new StepRecord(c.percent(), c.enteredAt(), c.migratedAtEntry(), at, outcome));
    return h;
  }

  /** The phase of a rollout. */
  public enum Phase {
    /** Gates are watched; the rollout widens when a step's minimums are met. */
    RUNNING,
    /** A gate failed; the deployment stays at its share, nothing widens it. */
    HALTED,
    /** A gate failed and the deployment was rolled back ({@code auto_rollback}). */
    ROLLED_BACK,
    /** The last step's minimums were met with every gate passing: nothing left to watch. */
    COMPLETED;

    private final String jsonName = name().toLowerCase(Locale.ROOT);

    /** The JSON name, for example {@code rolled_back}. */
    public String jsonName() {
      return jsonName;
    }

    /** The phase of a JSON name; {@link IllegalArgumentException} when there is none. */
    public static Phase fromJson(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * One step of the history.
   *
   * @param percent the step's share of sessions
   * @param enteredAt when the rollout entered it
   * @param migratedAtEntry the sessions the plan had migrated or relocated then
   * @param leftAt when it left it, or {@code null} for the current step
   * @param outcome how it left it ({@code advanced}, {@code halted}, {@code rolled_back}, {@code completed}), or
   *     {@code null}
   */
  public record StepRecord(int percent, Instant enteredAt, long migratedAtEntry, Instant leftAt, String outcome) {
    /** Validates. */
    public StepRecord {
      requireNonNull(enteredAt, "enteredAt");
    }
  }
}
