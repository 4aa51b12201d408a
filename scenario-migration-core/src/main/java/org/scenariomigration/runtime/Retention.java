package org.scenariomigration.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.spi.ErasureRecord;

/**
 * What the library deletes: retention of plans, versions, ended sessions, journal records and visits (purge), and a
 * customer's personal data (erasure). Package-private: {@link MigrationOperations#purge} and
 * {@link MigrationOperations#forgetCustomer} are its surface.
 */
final class Retention {
  /** Rows per statement of purge's deletes of ended sessions and journal records. */
  static final int PURGE_PAGE = 500;

  private final Engine engine;
  private final Coverage coverage;
  private final Drains drains;

  Retention(Engine engine, Coverage coverage, Drains drains) {
    this.engine = engine;
    this.coverage = coverage;
    this.drains = drains;
  }

  RetentionReport purge(String tenantId, String scenarioId, boolean force) {
    Engine.requireTenant(tenantId);
    Ids.require(IdKind.SCENARIO, scenarioId);
    return engine.atomically(() -> engine.change(tenantId, scenarioId, "purge",
        () -> purgeRecords(tenantId, scenarioId, purgeNow(tenantId, scenarioId, force))));
  }

  ErasureRecord forgetCustomer(String tenantId, String customerId, String requestedBy) {
    Engine.requireTenant(tenantId);
    Ids.require(IdKind.CUSTOMER, customerId);
    ErasureRecord request = new ErasureRecord(UUID.randomUUID().toString(), tenantId, requestedBy,
        engine.clock.instant(), 0, 0, 0, 0);
    return engine.unitOfWork.inOneTransaction(() -> {
      int fields = engine.profiles.eraseCustomer(tenantId, customerId);
      int visitRows = engine.visitLog.deleteCustomer(tenantId, customerId);
      ErasureRecord done = engine.sessions.eraseCustomer(tenantId, customerId, request).withProfileFields(fields)
          .withVisits(visitRows);
      engine.sessions.recordErasure(done);
      return done;
    });
  }

  /** Calls {@code delete} (which deletes at most {@value #PURGE_PAGE} rows) until a call deletes fewer; the total. */
  private static long inPages(java.util.function.IntSupplier delete) {
    long total = 0;
    while (true) {
      int n = delete.getAsInt();
      total += n;
      if (n < PURGE_PAGE) {
        return total;
      }
    }
  }

  /**
   * Deletes ended sessions and journal records past their retention, page by page (statements of at most
   * {@value #PURGE_PAGE} rows, so that no read holds more), as part of the purge: one transaction with a unit of work;
   * without one each page is atomic on its own, and the same call again deletes what a failure left.
   */
  private RetentionReport purgeRecords(String tenantId, String scenarioId, RetentionReport r) {
    Instant now = engine.clock.instant();
    Instant endedBefore = now.minus(Duration.ofDays(engine.config.sessionRetentionDays()));
    Instant writtenBefore = now.minus(Duration.ofDays(engine.config.journalRetentionDays()));
    long[] visitsDeleted = {0};
    long sessionsDeleted = inPages(() -> {
      // the visit-log rows of the sessions about to be deleted first: a failure in between leaves nothing behind
      // that the same call again does not find
      visitsDeleted[0] += engine.visitLog.deleteSessions(tenantId,
          engine.sessions.endedSessionIds(tenantId, scenarioId, endedBefore, PURGE_PAGE));
      return engine.sessions.deleteEnded(tenantId, scenarioId, endedBefore, PURGE_PAGE);
    });
    // a deployed plan's records are what its rollback reads: kept until the plan is superseded or rolled back
    Set<String> deployed = new TreeSet<>();
    for (MigrationPlan p : engine.plans.forScenario(tenantId, scenarioId)) {
      if (p.status() == PlanStatus.DEPLOYED) {
        deployed.add(p.id());
      }
    }
    long recordsDeleted = inPages(
        () -> engine.sessions.deleteJournal(tenantId, scenarioId, writtenBefore, deployed, PURGE_PAGE));
    long kept = 0;
    List<String> why = new ArrayList<>();
    for (String planId : deployed) {
      long n = engine.sessions.countJournal(tenantId, planId, writtenBefore);
      if (n > 0) {
        kept += n;
        why.add(n + " journal record" + (n == 1 ? "" : "s") + " of plan " + planId
            + ": deployed, a rollback reads them (kept until it is superseded or rolled back)");
      }
    }
    Instant visitedBefore = now.minus(Duration.ofDays(engine.config.visitLogRetentionDays()));
    visitsDeleted[0] += inPages(() -> engine.visitLog.deleteOlderThan(tenantId, visitedBefore, PURGE_PAGE));
    return r.withRecords(sessionsDeleted, recordsDeleted, kept, why).withVisitsDeleted(visitsDeleted[0]);
  }

  private RetentionReport purgeNow(String tenantId, String scenarioId, boolean force) {
    Instant now = engine.clock.instant();
    Instant planCutoff = now.minus(Duration.ofDays(engine.config.planRetentionDays()));
    Instant versionCutoff = now.minus(Duration.ofDays(engine.config.versionRetentionDays()));
    int current = engine.scenarios.readCurrentVersion(tenantId, scenarioId);
    List<String> purgedPlans = new ArrayList<>();
    List<String> expired = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    Set<Integer> referenced = new TreeSet<>();
    Map<Integer, Instant> leftAt = new HashMap<>();
    long unmarked = 0;
    Set<String> released = new HashSet<>(); // a plan's sessions are released once per purge
    List<VersionStatus> keptVersions = new ArrayList<>();
    for (MigrationPlan p : engine.plans.forScenario(tenantId, scenarioId)) {
      Instant ref = p.deployedAt() != null ? p.deployedAt() : p.approvedAt() != null ? p.approvedAt() : p.createdAt();
      if (p.deployedAt() != null && p.status() != PlanStatus.ROLLED_BACK) {
        leftAt.merge(p.fromVersion(), p.deployedAt(), (a, b) -> a.isAfter(b) ? a : b);
      }
      boolean old = ref.isBefore(planCutoff);
      long markers = coverage.pendingOf(p);
      if (markers > 0) {
        referenced.add(p.fromVersion());
        referenced.add(p.toVersion());
      }
      if ((p.status() == PlanStatus.PENDING || p.status() == PlanStatus.APPROVED) && old) {
        engine.plans.replace(p.withStatus(PlanStatus.EXPIRED), p.status());
        expired.add(p.id());
        continue;
      }
      boolean finished = p.status() == PlanStatus.SUPERSEDED || p.status() == PlanStatus.REJECTED
          || p.status() == PlanStatus.ROLLED_BACK || p.status() == PlanStatus.EXPIRED;
      if (!finished || !old) {
        continue;
      }
      if (markers > 0 && !force) {
        kept.add("plan " + p.id());
        continue;
      }
      if (markers > 0 && released.add(p.id())) {
        unmarked += coverage.release(p);
      }
      // deleted last: until then, a purge resumed after a failure still sees when versions left
      purgedPlans.add(p.id());
    }
    List<String> purgedVersions = new ArrayList<>();
    List<MigrationPlan> plansNow = engine.plans.forScenario(tenantId, scenarioId);
    for (int v : engine.scenarios.versions(tenantId, scenarioId)) {
      Instant left = leftAt.get(v);
      if (v >= current || left == null || !left.isBefore(versionCutoff)) {
        continue;
      }
      if (!force) {
        // not safe to retire (sessions still on it, a plan holding it): kept, with its reasons (issue 19)
        VersionStatus status = drains.statusOf(tenantId, scenarioId, v, plansNow);
        if (referenced.contains(v) || !status.safeToRetire()) {
          kept.add(scenarioId + "@" + v);
          keptVersions.add(status);
          continue;
        }
      }
      if (deleteVersion(tenantId, scenarioId, v)) {
        purgedVersions.add(scenarioId + "@" + v);
      }
    }
    if (force) {
      unmarked += releaseOrphans(tenantId, scenarioId, released);
    }
    for (String planId : purgedPlans) {
      engine.plans.delete(tenantId, planId);
    }
    engine.reconciler.forgetVersions();
    return new RetentionReport(purgedVersions, purgedPlans, expired, kept, unmarked, 0, 0, 0, List.of(), 0,
        keptVersions);
  }

  /**
   * Deletes a version: the sessions kept on it (out of scope, blocked) cannot stay on a version that is gone, so they
   * are unpinned and fall back to relocation at their next message. Unpinned before the version is deleted, so that a
   * call that fails in between finds the version still there when the same call resumes, and unpins the rest.
   */
  private boolean deleteVersion(String tenantId, String scenarioId, int v) {
    for (SessionState s : engine.sessions.findAtVersion(tenantId, scenarioId, v, Integer.MAX_VALUE)) {
      if (s.pinned() && s.end() == null) { // an ended session needs no version
        try {
          engine.sessions.update(s.withPinned(false), s.revision());
        } catch (ConcurrentUpdateException e) {
          // a concurrent message moved it: it is no longer pinned there
        }
      }
    }
    return engine.scenarios.delete(tenantId, scenarioId, v);
  }

  /** Releases the sessions of every plan whose source or target version is gone; how many. */
  private long releaseOrphans(String tenantId, String scenarioId, Set<String> released) {
    long unmarked = 0;
    for (MigrationPlan p : engine.plans.forScenario(tenantId, scenarioId)) {
      if (!engine.scenarios.find(tenantId, scenarioId, p.fromVersion()).isPresent()
          || !engine.scenarios.find(tenantId, scenarioId, p.toVersion()).isPresent()) {
        unmarked += released.add(p.id()) ? coverage.release(p) : 0;
      }
    }
    return unmarked;
  }

  /**
   * Retires one version now, whatever its age: refused while it is current, and, unless {@code force}, while it is not
   * safe to retire ({@link VersionNotRetirableException} with the status; nothing changed). Forced, as a forced purge:
   * its sessions fall back to relocation and the plans from or to it release theirs.
   */
  RetentionReport retire(String tenantId, String scenarioId, int version, boolean force) {
    Engine.requireTenant(tenantId);
    Ids.require(IdKind.SCENARIO, scenarioId);
    // refused before the change begins, so that a refusal holds nothing; a call that failed part-way (no shared
    // transaction) is completed by the same call, whose version may be gone already
    if (!engine.resuming(tenantId, scenarioId, "retire")) {
      VersionStatus status = drains.status(tenantId, scenarioId, version);
      if (status.current() || (!force && !status.safeToRetire())) {
        throw new VersionNotRetirableException(status);
      }
    }
    return engine.atomically(() -> engine.change(tenantId, scenarioId, "retire", () -> {
      boolean stored = engine.scenarios.versions(tenantId, scenarioId).contains(version);
      List<String> purged = stored && deleteVersion(tenantId, scenarioId, version)
          ? List.of(scenarioId + "@" + version) : List.of();
      long unmarked = releaseOrphans(tenantId, scenarioId, new HashSet<>());
      engine.reconciler.forgetVersions();
      return new RetentionReport(purged, List.of(), List.of(), List.of(), unmarked);
    }));
  }
}
