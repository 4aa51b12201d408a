package org.scenariomigration.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.SessionCounts;

/**
 * The drain status of scenario versions ({@link VersionStatus}): read-only set queries on the stores, scoped by
 * tenant. What holds a version: being current, a session on it that has not ended, and a plan with sessions still to
 * settle from or to it, or a pending or approved plan leading to it. A deployed plan from the version holds it only
 * while it has sessions to settle (as retention always had it). Package-private.
 */
final class Drains {
  private final Engine engine;
  private final Coverage coverage;

  Drains(Engine engine, Coverage coverage) {
    this.engine = engine;
    this.coverage = coverage;
  }

  /** The status of a stored version; {@link UnknownScenarioException} when the tenant has no such version. */
  VersionStatus status(String tenantId, String scenarioId, int version) {
    Engine.requireTenant(tenantId);
    Ids.require(IdKind.SCENARIO, scenarioId);
    if (!engine.scenarios.versions(tenantId, scenarioId).contains(version)) {
      throw new UnknownScenarioException(tenantId, scenarioId, version);
    }
    return statusOf(tenantId, scenarioId, version, engine.plans.forScenario(tenantId, scenarioId));
  }

  /** The status of every stored version of a scenario, oldest first. */
  List<VersionStatus> statuses(String tenantId, String scenarioId) {
    Engine.requireTenant(tenantId);
    Ids.require(IdKind.SCENARIO, scenarioId);
    List<Integer> versions = engine.scenarios.versions(tenantId, scenarioId).stream().sorted().toList();
    if (versions.isEmpty()) {
      throw new UnknownScenarioException(tenantId, scenarioId);
    }
    List<MigrationPlan> plans = engine.plans.forScenario(tenantId, scenarioId);
    List<VersionStatus> out = new ArrayList<>();
    for (int v : versions) {
      out.add(statusOf(tenantId, scenarioId, v, plans));
    }
    return out;
  }

  VersionStatus statusOf(String tenantId, String scenarioId, int version, List<MigrationPlan> plans) {
    boolean current = engine.scenarios.readCurrentVersion(tenantId, scenarioId) == version;
    SessionCounts counts = engine.sessions.countAtVersion(tenantId, scenarioId, version);
    long pending = counts.marked();
    List<VersionStatus.PlanReference> refs = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    if (current) {
      reasons.add("it is the current version");
    }
    for (MigrationPlan p : plans) {
      if (p.fromVersion() != version && p.toVersion() != version) {
        continue;
      }
      long toSettle = coverage.pendingOf(p);
      if (p.fromVersion() == version) {
        List<MarkCriteria> covered = coverage.coverage(p);
        pending += covered == null ? 0 : Arrays.stream(engine.sessions.countEligible(covered)).sum();
      }
      boolean leadsHere = p.toVersion() == version
          && (p.status() == PlanStatus.PENDING || p.status() == PlanStatus.APPROVED);
      boolean holds = toSettle > 0 || leadsHere;
      refs.add(new VersionStatus.PlanReference(p.id(), p.fromVersion(), p.toVersion(), p.status(), toSettle, holds));
      if (toSettle > 0) {
        reasons.add("plan " + p.id() + " (" + p.status().jsonName() + ", version " + p.fromVersion() + " to "
            + p.toVersion() + ") has " + sessions(toSettle) + " still to settle");
      } else if (leadsHere) {
        reasons.add("plan " + p.id() + " (" + p.status().jsonName() + ") leads to it: deploying it would make it"
            + " current");
      }
    }
    pending = Math.min(pending, counts.sessions());
    if (counts.sessions() > 0) {
      reasons.add(sessions(counts.sessions()) + " still on it (" + counts.pinned() + " pinned, " + pending
          + " pending a migration)");
    }
    refs.sort(java.util.Comparator.comparing(VersionStatus.PlanReference::planId));
    return new VersionStatus(tenantId, scenarioId, version, current, counts.sessions(), counts.pinned(), pending,
        refs, reasons);
  }

  private static String sessions(long n) {
    return n + (n == 1 ? " session" : " sessions");
  }
}
