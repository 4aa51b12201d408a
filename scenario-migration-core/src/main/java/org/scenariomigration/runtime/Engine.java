package org.scenariomigration.runtime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.Extractor;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.ModeStore;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.spi.UnitOfWork;
import org.scenariomigration.spi.VisitLog;

/**
 * What one engine's two surfaces share: its stores, configuration, clock, reconciler and modes, and the look-ups and
 * the operator-call frame that both use. {@link ScenarioMigration} (per message) and {@link MigrationOperations}
 * (operator) each hold the same instance. Package-private.
 */
final class Engine {
  final MigrationConfig config;
  final ScenarioStore scenarios;
  final PlanStore plans;
  final SessionStore sessions;
  final JournalStore journal;
  final ProfileStore profiles;
  final UnitOfWork unitOfWork;
  final VisitLog visitLog;
  final VisitLogging visits;
  final Clock clock;
  final MigrationPlanner planner;
  final Modes modes;
  final MigrationMetrics metrics = new MigrationMetrics();
  final Reconciler reconciler;

  Engine(MigrationConfig config, ScenarioStore scenarios, PlanStore plans, SessionStore sessions, JournalStore journal,
      ProfileStore profiles, UnitOfWork unitOfWork, VisitLog visitLog, Extractor extractor, Clock clock,
      Supplier<String> planIds, List<MigrationListener> listeners, ModeStore modeStore) {
    this.config = config;
    this.scenarios = scenarios;
    this.plans = plans;
    this.sessions = sessions;
    this.journal = journal;
    this.profiles = profiles;
    this.unitOfWork = unitOfWork;
    this.visitLog = visitLog;
    this.visits = new VisitLogging(visitLog, config.visitLog(), unitOfWork);
    this.clock = clock;
    this.planner = MigrationPlanner.builder().clock(clock).idGenerator(planIds).build();
    this.modes = new Modes(config.enabled() ? config.mode() : MigrationMode.OFF, modeStore, clock,
        config.modeRefreshSeconds());
    this.reconciler = new Reconciler(config, scenarios, plans, sessions, journal, profiles, extractor, clock, planner,
        modes, metrics, listeners, visits);
  }

  static String requireTenant(String tenantId) {
    return Ids.require(IdKind.TENANT, tenantId);
  }

  /** The session's stored state. */
  SessionState session(String tenantId, String sessionId) {
    return sessions.find(requireTenant(tenantId), Ids.require(IdKind.SESSION, sessionId))
        .orElseThrow(() -> new UnknownSessionException(tenantId, sessionId));
  }

  /** A stored plan. */
  MigrationPlan plan(String tenantId, String planId) {
    return plans.find(requireTenant(tenantId), Ids.require(IdKind.PLAN, planId))
        .orElseThrow(() -> new UnknownPlanException(tenantId, planId));
  }

  /** A stored version, through the reconciler's cache. */
  ScenarioVersion requireVersion(String tenantId, String scenarioId, int version) {
    return reconciler.version(tenantId, scenarioId, version).orElseThrow(() -> new UnknownScenarioException(
        tenantId, scenarioId, version));
  }

  /** The current version of a scenario, as stored now (never from a cache). */
  ScenarioVersion currentVersion(String tenantId, String scenarioId) {
    int v = scenarios.readCurrentVersion(requireTenant(tenantId), Ids.require(IdKind.SCENARIO, scenarioId));
    if (v == 0) {
      throw new UnknownScenarioException(tenantId, scenarioId);
    }
    return requireVersion(tenantId, scenarioId, v);
  }

  /** The mode in force for a tenant. */
  MigrationMode mode(String tenantId) {
    return config.enabled() ? modes.modeFor(tenantId) : MigrationMode.OFF;
  }

  /** Whether a deployment made now covers the tenant's sessions: migration is on for it. */
  boolean covering(String tenantId) {
    return config.enabled() && modes.modeFor(tenantId) != MigrationMode.OFF;
  }

  /**
   * Runs an operator change of a scenario under its change generation ({@link SessionStore#beginChange}): while it
   * runs, no reconcile writes on that scenario, on any node, and every reconcile after it decides on the facts it left.
   * Everything the change validates is validated before this. When the work fails part-way without a shared
   * transaction the scenario stays held by the operation (reconciles continue without writing): the same call again
   * completes it, and any other operator change of the scenario is refused with
   * {@link org.scenariomigration.spi.ConcurrentOperationException} until it does. Inside a unit of work that shares a
   * transaction ({@link #atomically}), the begin, the work and the end commit or roll back together.
   */
  <T> T change(String tenantId, String scenarioId, String operation, Supplier<T> work) {
    sessions.beginChange(tenantId, scenarioId, operation);
    T result = work.get();
    sessions.endChange(tenantId, scenarioId, operation);
    return result;
  }

  /**
   * Runs an operator call: in one transaction of the {@link ScenarioMigration.Builder#unitOfWork unit of work} (when
   * the stores share one), its events held back until it has completed and dropped when it fails. A call inside
   * another joins it.
   */
  <T> T atomically(Supplier<T> call) {
    List<MigrationEvent> events = new ArrayList<>();
    List<MigrationEvent> outer = reconciler.deferEvents(events);
    if (outer != null) {
      reconciler.deferEvents(outer);
      return unitOfWork.inOneTransaction(call);
    }
    T result;
    try {
      result = unitOfWork.inOneTransaction(call);
    } finally {
      reconciler.deferEvents(null);
    }
    events.forEach(reconciler::publish);
    return result;
  }

  /** Whether {@code operation} holds the scenario, left by a failed earlier call: this call resumes it. */
  boolean resuming(String tenantId, String scenarioId, String operation) {
    return operation.equals(sessions.changeHolder(tenantId, scenarioId));
  }
}
