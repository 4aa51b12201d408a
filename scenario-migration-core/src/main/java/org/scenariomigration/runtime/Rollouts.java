package org.scenariomigration.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.scenariomigration.ScenarioMigrationException;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.plan.RolloutSchedule;
import org.scenariomigration.plan.RolloutState;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.JournalRecord;

/**
 * Progressive rollouts (issue 19): a deploy with a schedule, the host's failure reports, the gates that judge a step
 * and the call that widens, halts or rolls back. Widening goes through {@link Deployments#widenRollout} (buckets stay
 * sticky), rolling back through {@link Rollbacks#rollback} (checkpoints and variables kept as any rollback keeps them).
 * The rollout's state lives in its plan ({@link MigrationPlan#rollout()}). Package-private: {@link ScenarioMigration}
 * and {@link MigrationOperations} are its surface.
 */
final class Rollouts {
  /** The longest reason {@link ScenarioMigration#reportFailure} stores. */
  static final int MAX_REASON_LENGTH = 1000;

  private final Engine engine;
  private final Deployments deployments;
  private final Rollbacks rollbacks;

  Rollouts(Engine engine, Deployments deployments, Rollbacks rollbacks) {
    this.engine = engine;
    this.deployments = deployments;
    this.rollbacks = rollbacks;
  }

  DeploymentResult deploy(String tenantId, String planId, RolloutSchedule schedule) {
    return engine.atomically(() -> {
      MigrationPlan before = engine.plan(tenantId, planId);
      if (before.rollout() != null && !before.rollout().schedule().equals(schedule)) {
        throw new IllegalPlanStatusException(planId, "deploy with another rollout schedule", before.status(),
            "a plan without a rollout schedule");
      }
      return deployments.deploy(tenantId, planId, schedule.steps().get(0).percent(), schedule);
    });
  }

  Optional<String> reportFailure(String tenantId, String sessionId, String reason) {
    if (reason.isBlank() || reason.length() > MAX_REASON_LENGTH) {
      throw new InvalidFailureReportException(sessionId, reason, "the failure reason for session '" + sessionId
          + "' must be 1 to " + MAX_REASON_LENGTH + " characters and not blank, but was "
          + (reason.isBlank() ? "blank" : reason.length() + " characters"));
    }
    return Retries.onConcurrentUpdate(attempt -> {
      SessionState s = engine.session(tenantId, sessionId);
      String planId = null;
      for (JournalRecord r : engine.journal.forSession(tenantId, sessionId)) {
        if ((r.kind() == JournalRecord.Kind.MIGRATED || r.kind() == JournalRecord.Kind.RELOCATED)
            && r.planId() != null) {
          planId = r.planId(); // the plan that last moved it
        }
      }
      engine.sessions.commit(s, s.revision(), MoveWriter.record(s, s, planId, JournalRecord.Kind.HOST_FAILURE, null,
          List.of(), "host failure: " + reason, engine.clock.instant()));
      return Optional.ofNullable(planId);
    });
  }

  RolloutReport advance(Instant now) {
    List<RolloutReport.Action> actions = new ArrayList<>();
    for (MigrationPlan listed : engine.plans.watchedRollouts()) {
      try {
        RolloutReport.Action a = engine.atomically(() -> advance(listed.tenantId(), listed.id(), now));
        if (a != null) {
          actions.add(a);
        }
      } catch (ScenarioMigrationException e) {
        // this plan's turn failed (another operator call holds its scenario, a concurrent write): the next call
        // retries it; the other plans go on
        actions.add(new RolloutReport.Action(listed.tenantId(), listed.id(), RolloutReport.Kind.FAILED,
            listed.rolloutPercent(), listed.rolloutPercent(), e.getMessage()));
      }
    }
    return new RolloutReport(now, actions);
  }

  private RolloutReport.Action advance(String tenantId, String planId, Instant now) {
    MigrationPlan p = engine.plan(tenantId, planId); // read again: another call may have moved it on
    RolloutState r = p.rollout();
    if (p.status() != PlanStatus.DEPLOYED || r == null || !r.watched()) {
      return null;
    }
    int percent = p.rolloutPercent();
    if (r.phase() == RolloutState.Phase.ROLLED_BACK) {
      return rollBack(p, r.haltedReason(), now); // decided by an earlier call that failed before completing it
    }
    RolloutGates health = gates(p);
    RolloutStatus.GateValue failed = health.values(r.schedule()).stream().filter(g -> !g.passing()).findFirst()
        .orElse(null);
    if (failed != null) {
      String reason = "gate " + failed.gate().jsonName() + " is " + rate(failed.value()) + " over "
          + failed.sessions() + " sessions, above its threshold " + rate(failed.threshold()) + ", at step "
          + (r.step() + 1) + " (" + percent + " %)";
      boolean back = r.schedule().autoRollback();
      if (movedOn(p)) {
        return null;
      }
      engine.plans.replace(p.withRollout(r.ended(back ? RolloutState.Phase.ROLLED_BACK : RolloutState.Phase.HALTED,
          now, reason)), PlanStatus.DEPLOYED);
      engine.reconciler.publish(new MigrationEvent.RolloutHalted(tenantId, planId, percent, reason, now));
      return back ? rollBack(engine.plan(tenantId, planId), reason, now)
          : new RolloutReport.Action(tenantId, planId, RolloutReport.Kind.HALTED, percent, percent, reason);
    }
    RolloutSchedule.Step step = r.currentStep();
    boolean lasted = !now.isBefore(r.current().enteredAt().plus(step.minDuration()));
    boolean migrated = health.applied() - r.current().migratedAtEntry() >= step.minMigratedSessions();
    if (!lasted || !migrated) {
      return null;
    }
    if (r.atLastStep()) {
      if (movedOn(p)) {
        return null;
      }
      engine.plans.replace(p.withRollout(r.ended(RolloutState.Phase.COMPLETED, now, null)), PlanStatus.DEPLOYED);
      return new RolloutReport.Action(tenantId, planId, RolloutReport.Kind.COMPLETED, percent, percent, null);
    }
    int next = Math.max(r.schedule().steps().get(r.step() + 1).percent(), percent);
    deployments.widenRollout(tenantId, planId, next); // (widening to the percent it has already changes nothing)
    if (movedOn(p)) {
      return null;
    }
    engine.plans.replace(engine.plan(tenantId, planId).withRollout(r.advanced(now, health.applied())),
        PlanStatus.DEPLOYED);
    engine.reconciler.publish(new MigrationEvent.RolloutAdvanced(tenantId, planId, percent, next, now));
    return new RolloutReport.Action(tenantId, planId, RolloutReport.Kind.ADVANCED, percent, next, null);
  }

  /**
   * True when the plan's rollout is no longer the state {@code p} holds: another node's {@code advanceRollouts} acted on
   * it since this call read it. This call then writes nothing (the other one's step stands) and reports nothing.
   */
  private boolean movedOn(MigrationPlan p) {
    return !java.util.Objects.equals(engine.plan(p.tenantId(), p.id()).rollout(), p.rollout());
  }

  private RolloutReport.Action rollBack(MigrationPlan p, String reason, Instant now) {
    RollbackReport report = rollbacks.rollback(p.tenantId(), p.id());
    engine.reconciler.publish(new MigrationEvent.RolloutRolledBack(p.tenantId(), p.id(), reason,
        report.sessionsToRestore().size(), now));
    return new RolloutReport.Action(p.tenantId(), p.id(), RolloutReport.Kind.ROLLED_BACK, p.rolloutPercent(),
        p.rolloutPercent(), reason);
  }

  /** The status's {@code rollout} block, or {@code null} for a deployment without a schedule. */
  RolloutStatus status(MigrationPlan p) {
    RolloutState r = p.rollout();
    if (r == null) {
      return null;
    }
    return new RolloutStatus(r.phase(), r.step(), r.currentStep().percent(), r.schedule().autoRollback(),
        gates(p).values(r.schedule()), r.history(), r.haltedReason());
  }

  private RolloutGates gates(MigrationPlan p) {
    return RolloutGates.of(engine.journal.forPlan(p.tenantId(), p.id()));
  }

  private static String rate(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
