package org.scenariomigration.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.RolloutSchedule;
import org.scenariomigration.runtime.DeploymentResult;
import org.scenariomigration.runtime.MigrationEvent;
import org.scenariomigration.runtime.MigrationListener;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.RolloutReport;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;

/**
 * Section 6 of the demo (issue 19): version 3 goes out as a progressive rollout with health gates; the host runs
 * {@link ScenarioMigration#advanceRollouts} on its timer, widens once, reports failures of migrated sessions, and the
 * failure-rate gate halts the rollout and rolls it back; the migrated sessions go back to version 2 at their next
 * message, keeping their data.
 */
final class DemoRollout implements MigrationListener {
  static final Instant V3_DEPLOYED = Instant.parse("2025-11-30T09:00:00Z");

  private final PrintStream out;
  private final DemoMain.DemoClock clock;
  private final List<MigrationEvent> events = new CopyOnWriteArrayList<>();

  DemoRollout(PrintStream out, DemoMain.DemoClock clock) {
    this.out = out;
    this.clock = clock;
  }

  @Override
  public void onEvent(MigrationEvent event) {
    if (event instanceof MigrationEvent.RolloutAdvanced || event instanceof MigrationEvent.RolloutHalted
        || event instanceof MigrationEvent.RolloutRolledBack) {
      events.add(event);
    }
  }

  /** Version 2 with Gift Wrap between Loyalty Enrollment and Confirm. */
  static ScenarioVersion v3(ScenarioVersion v2) {
    ScenarioVersion.Builder b = ScenarioVersion.builder(DemoScenarios.SCENARIO_ID, 3).name("Order Flow");
    for (Step s : v2.steps()) {
      b.step(s.id().equals("loyalty") ? s.toBuilder().clearTransitions().to("gift_wrap") : s.toBuilder());
    }
    return b.step(Step.builder("gift_wrap").name("Gift Wrap").description("Offers gift wrapping").to("confirm"))
        .build();
  }

  void run(ScenarioMigration migration, List<DemoMain.Customer> customers) {
    out.println();
    out.println("== 6. A progressive rollout of version 3, halted by a failing gate and rolled back");
    ScenarioVersion v3 = v3(migration.currentVersion(DemoMain.TENANT, DemoScenarios.SCENARIO_ID));
    clock.set(V3_DEPLOYED);
    for (DemoMain.Customer c : customers) {
      // what section 4 left owed is handed over first, so that what follows is version 3's rollout alone
      for (int i = 0; i < 3; i++) {
        acknowledge(migration, c.sessionId, migration.reconcile(DemoMain.TENANT, c.sessionId));
      }
    }
    MigrationPlan plan = migration.operations().generatePlan(DemoMain.TENANT, v3, "operator@example.com");
    migration.operations().approve(DemoMain.TENANT, plan.id(), "lead@example.com");
    RolloutSchedule schedule = RolloutSchedule.builder()
        .step(25, Duration.ofHours(1), 2).step(60, Duration.ofHours(1), 2).step(100, Duration.ZERO, 0)
        .gate(RolloutSchedule.Gate.FAILURE_RATE, 0.2).gate(RolloutSchedule.Gate.DISRUPTION_RATE, 0.5)
        .gateMinSessions(2).autoRollback(true).build();
    out.println("v3 adds Gift Wrap before Confirm; rollout: " + schedule.steps().stream()
        .map(s -> s.percent() + " %" + (s.minDuration().isZero() ? "" : " (at least " + s.minDuration().toHours()
            + " h and " + s.minMigratedSessions() + " migrations)")).collect(Collectors.joining(" → ")));
    out.println("gates: " + schedule.gates().entrySet().stream().map(g -> g.getKey().jsonName() + " <= "
        + g.getValue()).collect(Collectors.joining(", ")) + ", judged from " + schedule.gateMinSessions()
        + " sessions; auto_rollback on");
    DeploymentResult d = migration.operations().deploy(DemoMain.TENANT, plan.id(), schedule);
    out.println("deploy   at " + d.deployedAt() + ": step 1, " + d.sessionsMarked() + " sessions marked");

    java.util.Set<String> migrated = new java.util.LinkedHashSet<>(messages(migration, customers));
    clock.advance(Duration.ofHours(1));
    advance(migration);
    List<String> second = messages(migration, customers);
    migrated.addAll(second);
    for (String id : second.subList(0, Math.min(2, second.size()))) {
      out.println("host     reports " + id + " failed after its migration: \"gift wrap service timed out\"");
      migration.reportFailure(DemoMain.TENANT, id, "gift wrap service timed out");
    }
    clock.advance(Duration.ofHours(1));
    advance(migration);
    for (MigrationEvent e : events) {
      out.println("event    " + e.getClass().getSimpleName() + describe(e));
    }
    out.println();
    out.println("the status's rollout block:");
    out.println(SeedJson.write(SeedJson.rollout(migration.operations().deploymentStatus(DemoMain.TENANT, plan.id())
        .rollout())));
    out.println();
    out.println("the migrated sessions' next message:");
    for (String id : migrated) {
      Outcome o = migration.reconcile(DemoMain.TENANT, id);
      acknowledge(migration, id, o);
      out.println("  " + id + "  → " + outcome(o));
    }
  }

  private void advance(ScenarioMigration migration) {
    RolloutReport r = migration.advanceRollouts(clock.instant());
    for (RolloutReport.Action a : r.actions()) {
      out.println(String.format(Locale.ROOT, "%s advanceRollouts: %s, %d %% → %d %%%s",
          r.at().toString().substring(11, 16), a.kind().jsonName(), a.fromPercent(), a.toPercent(),
          a.reason() == null ? "" : "\n         " + a.reason()));
    }
  }

  /** Every customer sends a message; answers the moved sessions, in session order. */
  private List<String> messages(ScenarioMigration migration, List<DemoMain.Customer> customers) {
    List<String> moved = new ArrayList<>();
    for (DemoMain.Customer c : customers) {
      Outcome o = migration.reconcile(DemoMain.TENANT, c.sessionId);
      boolean toV3 = o instanceof Outcome.Teleport t ? t.targetVersion() == 3
          : o instanceof Outcome.ExecuteActions a && a.targetVersion() == 3;
      if (toV3) {
        moved.add(c.sessionId);
        out.println("  " + c.sessionId + "  → " + outcome(o));
      }
      acknowledge(migration, c.sessionId, o);
    }
    return moved;
  }

  private static void acknowledge(ScenarioMigration migration, String sessionId, Outcome o) {
    if (o.effectId() != null) {
      migration.acknowledge(DemoMain.TENANT, sessionId, o.effectId());
    }
  }

  private static String outcome(Outcome o) {
    if (o instanceof Outcome.Teleport t) {
      return "teleport (" + t.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ") to " + t.targetStepId()
          + " of v" + t.targetVersion();
    }
    if (o instanceof Outcome.ExecuteActions a) {
      return "execute_actions " + a.stepIds() + ", then " + a.targetStepId() + " of v" + a.targetVersion();
    }
    return o.kind().name().toLowerCase(Locale.ROOT);
  }

  private static String describe(MigrationEvent e) {
    if (e instanceof MigrationEvent.RolloutAdvanced a) {
      return ": " + a.fromPercent() + " % → " + a.toPercent() + " %";
    }
    if (e instanceof MigrationEvent.RolloutHalted h) {
      return ": at " + h.percent() + " %";
    }
    if (e instanceof MigrationEvent.RolloutRolledBack b) {
      return ": " + b.sessionsToRestore() + " sessions to restore";
    }
    return "";
  }
}
