package org.scenariomigration.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.DeletedStep;
import org.scenariomigration.scenario.FieldType;
import org.scenariomigration.scenario.InvalidFieldValueException;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.plan.PlanRequest;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.StepMapping;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.session.EndReason;
import org.scenariomigration.spi.ErasureRecord;
import org.scenariomigration.session.SessionEnd;
import org.scenariomigration.spi.Extractor;
import org.scenariomigration.memory.InMemoryPlanStore;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.PlanJournalSummary;
import org.scenariomigration.spi.Rollout;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.memory.InMemoryScenarioStore;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.MarkedPage;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.session.StepVisit;
import org.scenariomigration.memory.InMemoryVisitLog;
import org.scenariomigration.spi.InvalidVisitLogRequestException;
import org.scenariomigration.spi.VisitLog;
import org.scenariomigration.spi.VisitPage;
import org.scenariomigration.spi.UnitOfWork;

/**
 * The library's entry point: hosts report session progress, operators generate, review, approve and deploy plans, and
 * every incoming message goes through {@link #reconcile(String, String)} first.
 *
 * <pre>{@code
 * ScenarioMigration migration = ScenarioMigration.builder().build();   // in-memory stores, seed defaults
 * migration.publish("tenant-1", v1);
 * migration.startSession("tenant-1", "s-1", "customer-9", "whatsapp", "order-flow");
 * migration.advance("tenant-1", "s-1", "checkout");
 *
 * MigrationPlan plan = migration.generatePlan("tenant-1", v2, "operator@example.com");
 * migration.approve("tenant-1", plan.id(), "lead@example.com");
 * migration.deploy("tenant-1", plan.id());                             // marks sessions, moves none
 *
 * Outcome outcome = migration.reconcile("tenant-1", "s-1");            // before processing each message
 * }</pre>
 *
 * <p><b>Operator calls are atomic and retryable.</b> {@link #deploy}, {@link #rollback}, {@link #widenRollout},
 * {@link #updatePolicies}, {@link #approve}, {@link #purge}, {@link #markSessions} and {@link #makeCurrent} either
 * happen whole or leave nothing changed that a reconcile would act on, and the same call again after any failure
 * completes it. With a {@link Builder#unitOfWork(UnitOfWork) unit of work} (the JDBC stores on one database) a call
 * runs in one transaction. Without one (the in-memory stores, stores on different databases) it is a resumable
 * sequence: the scenario's change gate records the operation until its last step, no reconcile writes on the scenario
 * meanwhile, and the same call again resumes it. A call repeated after it took effect (its answer was lost) succeeds
 * without changing anything more. Events of an operator call reach listeners once it has completed.
 *
 * <p>Thread-safe. It starts no threads of its own.
 */
public final class ScenarioMigration {
  private final MigrationConfig config;
  private final ScenarioStore scenarios;
  private final PlanStore plans;
  private final SessionStore sessions;
  private final Clock clock;
  private final JournalStore journal;
  private final ProfileStore profiles;
  private final UnitOfWork unitOfWork;
  private final VisitLog visitLog;
  private final VisitLogging visits;
  private final MigrationPlanner planner;
  private final Reconciler reconciler;
  private final Modes modes;
  private final MigrationMetrics metrics = new MigrationMetrics();

  private ScenarioMigration(Builder b) {
    this.config = b.config;
    this.scenarios = b.scenarioStore;
    this.plans = b.planStore;
    this.sessions = b.sessionStore;
    this.journal = b.journalStore;
    this.profiles = b.profileStore;
    this.unitOfWork = b.unitOfWork;
    this.visitLog = b.visitLog;
    this.visits = new VisitLogging(b.visitLog, b.config.visitLog(), b.unitOfWork);
    this.clock = b.clock;
    this.planner = MigrationPlanner.builder().clock(b.clock).idGenerator(b.planIdGenerator).build();
    this.modes = new Modes(b.config.enabled() ? b.config.mode() : MigrationMode.OFF);
    this.reconciler = new Reconciler(b.config, b.scenarioStore, b.planStore, b.sessionStore, b.journalStore,
        b.profileStore, b.extractor, b.clock, planner, modes, metrics, b.listeners, visits);
  }

  /** A builder with in-memory stores, no extractor, the system UTC clock and the seed's default config. */
  public static Builder builder() {
    return new Builder();
  }

  /** For tests: decisions read histories with {@code reader} instead of their bounded form. */
  void readHistoriesWith(java.util.function.Function<SessionState, Visits> reader) {
    reconciler.readHistoriesWith(reader);
  }

  /** The configuration. */
  public MigrationConfig config() {
    return config;
  }

  // ------------------------------------------------------------------------------------------- hot path

  /**
   * Call before processing every incoming message. When nothing is pending it does one session read and one
   * current-version look-up, allocates nothing and answers {@link Outcome#CONTINUE}. When a migration is pending it
   * applies it (exactly once, even under concurrent calls) or tells the host what it needs first. What a move owes the
   * host (required actions, a re-route notice, an exit message: {@link Outcome#effectId()} is set) is offered again at
   * every call until it is retired: by {@link #acknowledge}, by {@link #advance} to another step, or, when the stores
   * join the host's transaction ({@link SessionStore#joinsHostTransaction()}), by the host's commit of the
   * transaction that received it.
   *
   * @throws UnknownSessionException when the tenant has no such session
   * @throws org.scenariomigration.InvalidIdException when it has none because an id breaks the id grammar
   *     ({@link Ids}); a session found is never checked again, so the per-message path costs nothing more
   */
  public Outcome reconcile(String tenantId, String sessionId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    return reconciler.reconcile(tenantId, sessionId);
  }

  /**
   * {@link #reconcile}, answering also the session's state, so that a host that needs the session's step, version or
   * variables to handle the message needs no {@link #session} call: on a database store a message then costs one
   * primary-key read when nothing is pending (and no current-version read within the current-version cache's time).
   * The state is the one the library read, or, when it moved or changed the session, the one it stored. Unlike
   * {@link #reconcile}, it reads the session also when migration is disabled or the tenant's mode is
   * {@link MigrationMode#OFF} (the answer is then {@link Outcome#CONTINUE} with the state read).
   *
   * @throws UnknownSessionException when the tenant has no such session
   * @throws org.scenariomigration.InvalidIdException when it has none because an id breaks the id grammar
   */
  public Reconciled reconcileWithState(String tenantId, String sessionId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    return reconciler.reconcileWithState(tenantId, sessionId);
  }

  /** The engine's caches: bound and weight in estimated bytes by name (for the tests). */
  Map<String, long[]> cacheWeights() {
    return reconciler.cacheWeights();
  }

  // ------------------------------------------------------------------------------------------- scenarios

  /**
   * Stores a version; the first version of a scenario becomes current. Later versions become current when a plan to
   * them is deployed, or with {@link #makeCurrent}.
   */
  public void publish(String tenantId, ScenarioVersion version) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(version, "version must not be null");
    scenarios.save(requireTenant(tenantId), version);
    if (scenarios.readCurrentVersion(tenantId, version.scenarioId()) == 0) {
      change(tenantId, version.scenarioId(), "publish of version " + version.version(), () -> {
        scenarios.setCurrentVersion(tenantId, version.scenarioId(), version.version());
        return null;
      });
    }
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
  private <T> T change(String tenantId, String scenarioId, String operation, java.util.function.Supplier<T> work) {
    sessions.beginChange(tenantId, scenarioId, operation);
    T result = work.get();
    sessions.endChange(tenantId, scenarioId, operation);
    return result;
  }

  /**
   * Runs an operator call: in one transaction of the {@link Builder#unitOfWork unit of work} (when the stores share
   * one), its events held back until it has completed and dropped when it fails. A call inside another joins it.
   */
  private <T> T atomically(java.util.function.Supplier<T> call) {
    List<MigrationEvent> events = new java.util.ArrayList<>();
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
  private boolean resuming(String tenantId, String scenarioId, String operation) {
    return operation.equals(sessions.changeHolder(tenantId, scenarioId));
  }

  /** Makes a stored version current without a plan: sessions on older versions are relocated at their next message. */
  public void makeCurrent(String tenantId, String scenarioId, int version) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(scenarioId, "scenarioId must not be null");
    requireVersion(requireTenant(tenantId), Ids.require(IdKind.SCENARIO, scenarioId), version);
    atomically(() -> change(tenantId, scenarioId, "making version " + version + " current", () -> {
      scenarios.setCurrentVersion(tenantId, scenarioId, version);
      return null;
    }));
  }

  /** The current version of a scenario, as stored now (never from a cache). */
  public ScenarioVersion currentVersion(String tenantId, String scenarioId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(scenarioId, "scenarioId must not be null");
    int v = scenarios.readCurrentVersion(requireTenant(tenantId), Ids.require(IdKind.SCENARIO, scenarioId));
    if (v == 0) {
      throw new UnknownScenarioException(tenantId, scenarioId);
    }
    return requireVersion(tenantId, scenarioId, v);
  }

  /**
   * A stored version of a scenario.
   *
   * @throws UnknownScenarioException when the tenant has no such version
   */
  public ScenarioVersion version(String tenantId, String scenarioId, int version) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(scenarioId, "scenarioId must not be null");
    return requireVersion(requireTenant(tenantId), Ids.require(IdKind.SCENARIO, scenarioId), version);
  }

  private ScenarioVersion requireVersion(String tenantId, String scenarioId, int version) {
    return reconciler.version(tenantId, scenarioId, version)
        .orElseThrow(() -> new UnknownScenarioException(tenantId, scenarioId, version));
  }

  // ------------------------------------------------------------------------------------------- sessions

  /** Starts a session at the start step of the scenario's current version. */
  public SessionState startSession(String tenantId, String sessionId, String customerId, String channel,
      String scenarioId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    requireNonNull(customerId, "customerId must not be null");
    requireNonNull(channel, "channel must not be null");
    requireNonNull(scenarioId, "scenarioId must not be null");
    IdChecks.newSession(sessionId, customerId, channel);
    ScenarioVersion v = currentVersion(tenantId, scenarioId);
    Instant now = clock.instant();
    Step start = v.requireStep(v.startStepId());
    SessionState s = SessionState.builder().tenantId(tenantId).sessionId(requireNonNull(sessionId, "sessionId"))
        .customerId(customerId).channel(channel).createdAt(now).scenarioId(scenarioId).version(v.version())
        .scenarioChecksum(v.checksum()).currentStepId(start.id()).history(List.of(StepVisit.of(start, now))).build();
    return visits.write(null, s, () -> sessions.insert(s));
  }

  /** The session's state. */
  public SessionState session(String tenantId, String sessionId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    return sessions.find(requireTenant(tenantId), Ids.require(IdKind.SESSION, sessionId))
        .orElseThrow(() -> new UnknownSessionException(tenantId, sessionId));
  }

  /**
   * A page of the session's full visit log, oldest first: the visits whose ordinal (the visit's number in the
   * session, from 0 for the start step) is above {@code afterOrdinal} ({@code -1}: from the first), at most
   * {@code limit}; read the next page after {@link VisitPage#nextAfter}. The log is written only with
   * {@code sessions.visit_log = true} (off by default: the page is then empty, or holds what was logged while it was
   * on), one row per visit (the start, every {@link #advance}, the arrival of every migration, relocation and
   * rollback), in the same unit of work as the session write; {@link #purge} deletes rows older than
   * {@code retention.visit_log_retention_days}. It is a read of its own: {@link #reconcile} never reads it.
   *
   * @throws UnknownSessionException when the tenant has no such session
   * @throws InvalidVisitLogRequestException naming the value when {@code afterOrdinal} is below -1 or {@code limit}
   *     below 1
   */
  public VisitPage visits(String tenantId, String sessionId, long afterOrdinal, int limit) {
    VisitLog.requireAfterOrdinal(afterOrdinal);
    VisitLog.requireLimit(limit);
    session(tenantId, sessionId);
    return visitLog.visits(tenantId, sessionId, afterOrdinal, limit);
  }

  /**
   * Records that the session reached {@code stepId} of its current version. With
   * {@code sessions.complete_at_final_step}, a step with no outgoing transition completes the session
   * ({@link EndReason#COMPLETED}, see {@link #endSession}). Moving on to another step than the one
   * the session is at retires what it owes the host ({@link Outcome#effectId()}): the host has acted on it. The
   * retirement is journaled ({@link JournalRecord.Kind#EFFECT_RETIRED}) in the same write.
   *
   * @throws UnknownScenarioException when the session's version has no such step
   * @throws SessionEndedException when the session has ended; nothing is changed
   */
  public SessionState advance(String tenantId, String sessionId, String stepId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    requireNonNull(stepId, "stepId must not be null");
    Ids.require(IdKind.STEP, stepId);
    for (int attempt = 1; ; attempt++) {
      SessionState stored = session(tenantId, sessionId);
      if (stored.end() != null) {
        throw new SessionEndedException(tenantId, sessionId, stored.end(), "advance to '" + stepId + "'");
      }
      // judged where it is before it moves, as marking at the deploy judged it: the move keeps the answer
      Reconciler.Judged judged = reconciler.judgedInPlace(stored);
      SessionState s = judged.session();
      long generation = judged.generation();
      ScenarioVersion v = requireVersion(tenantId, s.scenarioId(), s.version());
      Step step = v.step(stepId).orElseThrow(() -> new UnknownScenarioException(tenantId, s.scenarioId(), s.version(),
          stepId, sessionId));
      Instant now = clock.instant();
      SessionState after = s.withVisit(StepVisit.of(step, now));
      if (config.completeAtFinalStep() && step.transitions().isEmpty()) {
        after = after.withEnd(new SessionEnd(EndReason.COMPLETED, now)); // nowhere to go from here: completed
      }
      try {
        if (s.owed() == null || stepId.equals(s.currentStepId())) {
          SessionState visited = after;
          return visits.write(s, visited, () -> sessions.update(visited, s.revision(), generation));
        }
        SessionState moved = after.withOwed(null);
        return visits.write(s, moved, () -> sessions.commit(moved, s.revision(), generation,
            MoveWriter.retirement(s, moved, "retired by advance from '" + s.currentStepId() + "' to '" + stepId
                + "'", now)));
      } catch (ConcurrentUpdateException e) {
        if (attempt >= 8) {
          throw e;
        }
      }
    }
  }

  /**
   * Retires what the session owes the host, by the id its outcome carried ({@link Outcome#effectId()}): its
   * {@code reconcile} stops offering it. Idempotent: an id the session was owed before and that is retired already
   * changes nothing. Inside the host's transaction the retirement commits or rolls back with the host's work (a
   * rollback offers the effect again). The retirement is journaled ({@link JournalRecord.Kind#EFFECT_RETIRED}).
   *
   * @return {@code true} when this call retired the effect, {@code false} when it was retired already
   * @throws UnknownSessionException when the tenant has no such session
   * @throws UnknownEffectException when the session was never owed an effect with this id; nothing is changed
   */
  public boolean acknowledge(String tenantId, String sessionId, String effectId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    requireNonNull(effectId, "effectId must not be null");
    for (int attempt = 1; ; attempt++) {
      SessionState s = session(tenantId, sessionId);
      if (s.owed() == null || !s.owed().id().equals(effectId)) {
        for (JournalRecord r : journal.forSession(tenantId, sessionId)) {
          if (MoveWriter.owedBy(r, effectId)) {
            return false; // issued for this session, and retired already
          }
        }
        throw new UnknownEffectException(tenantId, sessionId, effectId);
      }
      try {
        SessionState retired = s.withOwed(null);
        sessions.commit(retired, s.revision(), MoveWriter.retirement(s, retired, "acknowledged by the host",
            clock.instant()));
        return true;
      } catch (ConcurrentUpdateException e) {
        if (attempt >= 8) {
          throw e;
        }
      }
    }
  }

  /**
   * Merges variables into the session. A field that the session's version, the version a pending migration leads
   * to, or the current version declares a {@link FieldType type} for is converted to it ({@code "17"} becomes 17 for
   * an integer field); the newest of those versions decides.
   *
   * @throws InvalidFieldValueException naming the field, the value and the type when a value cannot be converted
   *     unambiguously; nothing is stored
   * @throws org.scenariomigration.spi.UnsupportedValueException when a value (converted) is outside the value model of
   *     {@link org.scenariomigration.session.VariableValues} or beyond one of its limits (the message names the variable
   *     and the value's type or the limit); nothing is stored
   */
  public SessionState setVariables(String tenantId, String sessionId, Map<String, ?> variables) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    requireNonNull(variables, "variables must not be null");
    return retry(tenantId, sessionId, s -> s.end() != null
        ? endedError(s, "set variables " + variables.keySet()) : s.withVariables(
        org.scenariomigration.session.VariableValues.normalizeVariables(typed(s, variables))));
  }

  private static SessionState endedError(SessionState s, String attempted) {
    throw new SessionEndedException(s.tenantId(), s.sessionId(), s.end(), attempted);
  }

  /**
   * Ends a session: from now on its {@link #reconcile} answers {@link Outcome.Ended}, it is never marked, migrated or
   * rolled back, it counts as pending for no plan (a marker it carried is removed), and {@link #advance} and
   * {@link #setVariables} refuse it. What it still owed the host is retired, journaled
   * ({@link JournalRecord.Kind#EFFECT_RETIRED}). {@link #purge} deletes it, with its journal records, once
   * {@code retention.session_retention_days} have passed. With {@code sessions.complete_at_final_step} a session also
   * ends on its own: it completes when it reaches a step with no outgoing transition ({@link #advance}, or a migration
   * landing there). A session a reconcile told to leave the scenario ({@link Outcome.ExitScenario}) ends when the host
   * says so, with {@link EndReason#EXITED}.
   *
   * <p>Idempotent: a session that has ended already is returned as it is, with its first reason.
   *
   * @param reason why: {@link EndReason#COMPLETED}, {@link EndReason#ABANDONED}, {@link EndReason#EXITED} or a
   *     host-defined {@link EndReason#of reason}
   * @return the stored state
   * @throws UnknownSessionException when the tenant has no such session
   */
  public SessionState endSession(String tenantId, String sessionId, EndReason reason) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    requireNonNull(reason, "reason must not be null");
    for (int attempt = 1; ; attempt++) {
      SessionState s = session(tenantId, sessionId);
      if (s.end() != null) {
        return s;
      }
      Instant now = clock.instant();
      SessionState ended = s.withEnd(new SessionEnd(reason, now));
      try {
        if (s.owed() == null) {
          return sessions.update(ended, s.revision());
        }
        SessionState retired = ended.withOwed(null);
        return sessions.commit(retired, s.revision(), MoveWriter.retirement(s, retired,
            "retired by endSession (" + reason.name() + ")", now));
      } catch (ConcurrentUpdateException e) {
        if (attempt >= 8) {
          throw e;
        }
      }
    }
  }

  /**
   * Erases a customer's personal data everywhere the library keeps it: the variables of every session of the
   * customer, the values in their journal records (the variables of the before and after states, filled fields, and
   * those values where a warning quotes them), every field of the customer's profile, and the rows of the full visit
   * log ({@link #visits}) of the customer's sessions (counted in {@link ErasureRecord#visits()}; whether the log is on
   * now or not: it may hold rows from when it was). A session's own step history, which holds step ids, names and
   * times, not the customer's values, stays.
   * Sessions stay where they are and stay consistent: a later {@link #reconcile} neither fails nor brings a value back
   * (a rollback restores the erased before-state; a pending migration asks for what it needs again).
   *
   * <p>Leaves a record without personal data ({@link #erasures}): who asked, when and how much was removed, and returns
   * it. With a {@link Builder#unitOfWork unit of work} (the JDBC stores on one database) it runs in one transaction.
   * Otherwise each store erases on its own: the call is idempotent and resumable, so the same call again after a
   * failure completes it (and records a second erasure).
   *
   * @param requestedBy who asked for the erasure, as the host names them (kept in the record: not the customer)
   * @throws UnsupportedOperationException when a store cannot erase (a store of the host's that does not implement
   *     it)
   */
  public ErasureRecord forgetCustomer(String tenantId, String customerId, String requestedBy) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(customerId, "customerId must not be null");
    requireNonNull(requestedBy, "requestedBy must not be null");
    requireTenant(tenantId);
    Ids.require(IdKind.CUSTOMER, customerId);
    ErasureRecord request = new ErasureRecord(java.util.UUID.randomUUID().toString(), tenantId, requestedBy,
        clock.instant(), 0, 0, 0, 0);
    return unitOfWork.inOneTransaction(() -> {
      int fields = profiles.eraseCustomer(tenantId, customerId);
      int visitRows = visitLog.deleteCustomer(tenantId, customerId);
      ErasureRecord done = sessions.eraseCustomer(tenantId, customerId, request).withProfileFields(fields)
          .withVisits(visitRows);
      sessions.recordErasure(done);
      return done;
    });
  }

  /** The tenant's erasure records ({@link #forgetCustomer}), oldest first. */
  public List<ErasureRecord> erasures(String tenantId) {
    requireNonNull(tenantId, "tenantId must not be null");
    return sessions.erasures(requireTenant(tenantId));
  }

  /** The variables converted to the types the session's versions declare for them. */
  private Map<String, ?> typed(SessionState s, Map<String, ?> variables) {
    List<ScenarioVersion> versions = new java.util.ArrayList<>(3);
    int current = scenarios.currentVersion(s.tenantId(), s.scenarioId());
    int target = s.pending() == null ? 0 : s.pending().targetVersion();
    java.util.TreeSet<Integer> numbers = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
    numbers.add(s.version());
    numbers.add(current);
    numbers.add(target);
    for (int v : numbers) {
      if (v > 0) {
        reconciler.version(s.tenantId(), s.scenarioId(), v).ifPresent(versions::add);
      }
    }
    Map<String, Object> out = null;
    for (Map.Entry<String, ?> e : variables.entrySet()) {
      for (ScenarioVersion v : versions) {
        FieldType type = v.fieldType(requireNonNull(e.getKey(), "variable name"));
        if (type.isDeclared()) {
          Object converted = type.convert(e.getKey(), e.getValue());
          if (converted != e.getValue()) {
            out = out == null ? new LinkedHashMap<>(variables) : out;
            out.put(e.getKey(), converted);
          }
          break;
        }
      }
    }
    return out == null ? variables : out;
  }

  private SessionState retry(String tenantId, String sessionId,
      java.util.function.UnaryOperator<SessionState> change) {
    for (int attempt = 1; ; attempt++) {
      SessionState s = session(tenantId, sessionId);
      try {
        return sessions.update(change.apply(s), s.revision());
      } catch (ConcurrentUpdateException e) {
        if (attempt >= 8) {
          throw e;
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------- plans

  /** Stores {@code newVersion} (not current yet) and generates a plan from the current version to it. */
  public MigrationPlan generatePlan(String tenantId, ScenarioVersion newVersion, String createdBy) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(newVersion, "newVersion must not be null");
    requireNonNull(createdBy, "createdBy must not be null");
    return generatePlan(tenantId, newVersion, createdBy, List.of());
  }

  /** Like {@link #generatePlan(String, ScenarioVersion, String)}, with manual step mappings. */
  public MigrationPlan generatePlan(String tenantId, ScenarioVersion newVersion, String createdBy,
      List<StepMapping> manualMappings) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(newVersion, "newVersion must not be null");
    requireNonNull(createdBy, "createdBy must not be null");
    requireNonNull(manualMappings, "manualMappings must not be null");
    ScenarioVersion from = currentVersion(tenantId, newVersion.scenarioId());
    PlanRequest.Builder req = PlanRequest.builder(tenantId, from, newVersion).createdBy(createdBy);
    manualMappings.forEach(m -> req.map(m.fromStepId(), m.toStepId()));
    MigrationPlan plan = planner.plan(req.build());
    scenarios.save(tenantId, newVersion);
    plan = plan.withEstimatedSessionsAffected(estimate(plan));
    plans.insert(plan);
    reconciler.publish(new MigrationEvent.PlanGenerated(tenantId, plan.id(), plan.scenarioId(), plan.fromVersion(),
        plan.toVersion(), plan.createdAt()));
    return plan;
  }

  /** The sessions a plan would cover if it were deployed now: a read-only set query. */
  private long estimate(MigrationPlan plan) {
    return java.util.Arrays.stream(sessions.countEligible(markCriteria(plan, clock.instant(), 100))).sum();
  }

  /** Sessions read per page where the library goes through the sessions of a version. */
  static final int PAGE = 200;

  /**
   * Hands the sessions of a version to {@code each}, {@value #PAGE} read at a time (so that only one page of sessions,
   * with their histories, is in the heap at once), until it answers {@code false}.
   */
  private void atVersion(String tenantId, String scenarioId, int version,
      java.util.function.Predicate<SessionState> each) {
    String after = null;
    while (true) {
      List<SessionState> page = sessions.findAtVersion(tenantId, scenarioId, version, after, PAGE);
      for (SessionState s : page) {
        if (!each.test(s)) {
          return;
        }
      }
      if (page.size() < PAGE) {
        return;
      }
      after = page.get(page.size() - 1).sessionId();
    }
  }

  /**
   * The marking operations of a plan: one per anchor (with its policy's scope filter) and one per deleted step (its
   * sessions relocate). Deploying runs them against the store; estimates, previews and dry runs test sessions against
   * them with {@link MarkCriteria#matches}, so there is one definition of "the plan would mark this session".
   */
  static List<MarkCriteria> markCriteria(MigrationPlan p, Instant now, int percent) {
    return markCriteria(p, now, percent, MarkCriteria.ANY_GENERATION);
  }

  /** {@link #markCriteria(MigrationPlan, Instant, int)} leaving out the sessions pinned at {@code generation}. */
  static List<MarkCriteria> markCriteria(MigrationPlan p, Instant now, int percent, long generation) {
    List<MarkCriteria> out = new java.util.ArrayList<>();
    for (AnchorTransformation a : p.transformationMap().anchors()) {
      out.add(new MarkCriteria(p.tenantId(), p.scenarioId(), p.fromVersion(), a.fromStepId(),
          p.policyFor(a).scopeFilter(), now,
          new PendingMigration(p.id(), a.anchorContentHash(), p.toVersion(), now, null), percent, generation));
    }
    for (DeletedStep d : p.transformationMap().deletedSteps()) {
      out.add(new MarkCriteria(p.tenantId(), p.scenarioId(), p.fromVersion(), d.stepId(), ScopeFilter.ALL, now,
          new PendingMigration(p.id(), d.relocateToAnchorHash(), p.toVersion(), now, null), percent, generation));
    }
    return out;
  }

  static boolean eligible(List<MarkCriteria> criteria, SessionState s) {
    for (MarkCriteria c : criteria) {
      if (c.matches(s)) {
        return true;
      }
    }
    return false;
  }

  /** A plan by id. */
  public MigrationPlan plan(String tenantId, String planId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    return plans.find(requireTenant(tenantId), Ids.require(IdKind.PLAN, planId))
        .orElseThrow(() -> new UnknownPlanException(tenantId, planId));
  }

  /**
   * Replaces policies of a pending plan; the summary is recomputed, its {@code estimated_sessions_affected} included
   * (the sessions the plan would mark now, under the new scope filters).
   */
  public MigrationPlan updatePolicies(String tenantId, String planId, Map<String, AnchorPolicy> policies) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    requireNonNull(policies, "policies must not be null");
    return atomically(() -> {
      MigrationPlan p = plan(tenantId, planId);
      if (p.status() != PlanStatus.PENDING) {
        throw new IllegalPlanStatusException(planId, "update policies of", p.status(), "pending");
      }
      MigrationPlan changed = p.withPolicies(policies);
      changed = changed.withEstimatedSessionsAffected(estimate(changed));
      plans.replace(changed, PlanStatus.PENDING);
      return changed;
    });
  }

  /**
   * Approves a pending plan. Approving a plan that {@code approvedBy} approved already (a retry whose answer was lost)
   * returns it as stored and changes nothing.
   *
   * @throws IllegalPlanStatusException when the plan is neither pending nor approved by {@code approvedBy}
   */
  public MigrationPlan approve(String tenantId, String planId, String approvedBy) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    requireNonNull(approvedBy, "approvedBy must not be null");
    return atomically(() -> {
      MigrationPlan p = plan(tenantId, planId);
      if (p.status() == PlanStatus.APPROVED && approvedBy.equals(p.approvedBy())) {
        return p; // this call again: it took effect
      }
      if (p.status() != PlanStatus.PENDING) {
        throw new IllegalPlanStatusException(planId, "approve", p.status(), "pending");
      }
      MigrationPlan approved = p.withApproval(approvedBy, clock.instant());
      plans.replace(approved, PlanStatus.PENDING);
      reconciler.publish(new MigrationEvent.PlanApproved(tenantId, planId, approvedBy, approved.approvedAt()));
      return approved;
    });
  }

  /** Rejects a pending or approved plan. */
  public MigrationPlan reject(String tenantId, String planId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    MigrationPlan p = plan(tenantId, planId);
    if (p.status() != PlanStatus.PENDING && p.status() != PlanStatus.APPROVED) {
      throw new IllegalPlanStatusException(planId, "reject", p.status(), "pending, approved");
    }
    MigrationPlan rejected = p.withStatus(PlanStatus.REJECTED);
    plans.replace(rejected, p.status());
    return rejected;
  }

  /**
   * Deploys an approved plan (or a pending one when {@code require_approval} is false): the target version becomes
   * current for new sessions, any other deployed plan of the scenario becomes superseded, and the deployment covers
   * the eligible sessions (when {@code auto_mark_sessions} is true and the tenant's mode is not off). No session is
   * moved, and no session is written: the deploy writes the plan, the scenario's current version with its next
   * deployment generation ({@link org.scenariomigration.spi.CurrentVersion}) and the change gate, whatever the number
   * of sessions. Each covered session is judged at its next message ({@link #reconcile}, or before it moves with
   * {@link #advance}), exactly as marking judged it: its scope filter measured at the deploy time
   * ({@link MigrationPlan#markedAt()}), its rollout bucket, its plans settled; it then migrates, or is pinned at the
   * generation and takes the per-message fast path until a deployment, a widened rollout or a rollback moves the
   * generation on. The answer's {@code sessions_marked} and {@code sessions_by_anchor} count the covered sessions
   * with read-only set queries ({@link SessionStore#countEligible}); they are what the runtime then does. On a store
   * that caches the current version (JDBC: {@code currentVersionCacheTtl}, 1 s by default) another node sees the
   * deployment once its cache entry lives out. The one session write a deploy can make: the markers of sessions that
   * a superseded plan from the same source version judged and that wait for the customer are removed, so that the new
   * plan judges them again.
   *
   * <p>Atomic and retryable (see the class comment): a deploy that failed part-way is completed by the same call, and
   * deploying again a plan that is deployed at the same rollout and whose target version is current (a retry whose
   * answer was lost) marks whatever eligible session is left unmarked and succeeds.
   */
  public DeploymentResult deploy(String tenantId, String planId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    return deploy(tenantId, planId, 100);
  }

  /**
   * Deploys to a share of the eligible sessions, picked deterministically from the session id
   * ({@link Rollout#bucket(String)}), so that {@link #widenRollout} keeps every session picked before.
   *
   * @throws InvalidRolloutException when the percent is not between 1 and 100
   */
  public DeploymentResult deploy(String tenantId, String planId, int rolloutPercent) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    if (rolloutPercent < 1 || rolloutPercent > 100) {
      throw new InvalidRolloutException(planId, rolloutPercent, 1,
          "rollout percent of plan '" + planId + "' must be between 1 and 100 but was " + rolloutPercent);
    }
    return atomically(() -> deployNow(tenantId, planId, rolloutPercent));
  }

  private DeploymentResult deployNow(String tenantId, String planId, int rolloutPercent) {
    MigrationPlan p = plan(tenantId, planId);
    String operation = "deploy of plan '" + planId + "'";
    boolean resume = resuming(tenantId, p.scenarioId(), operation);
    int current = scenarios.readCurrentVersion(tenantId, p.scenarioId());
    // this call again after it took effect: every step below is done already or can be done again
    boolean repeat = p.status() == PlanStatus.DEPLOYED && p.rolloutPercent() == rolloutPercent
        && current == p.toVersion();
    boolean allowed = p.status() == PlanStatus.APPROVED
        || (p.status() == PlanStatus.PENDING && !config.requireApproval())
        || ((resume || repeat) && p.status() == PlanStatus.DEPLOYED);
    if (!allowed) {
      throw new IllegalPlanStatusException(planId, "deploy", p.status(),
          config.requireApproval() ? "approved" : "pending, approved");
    }
    if (current != p.fromVersion() && !((resume || repeat) && current == p.toVersion())) {
      throw new IllegalPlanStatusException(planId, "deploy (current version of '" + p.scenarioId() + "' is "
          + current + ", the plan starts from " + p.fromVersion() + ")", p.status(), "a plan from the current version");
    }
    requireVersion(tenantId, p.scenarioId(), p.toVersion());
    return change(tenantId, p.scenarioId(), operation, () -> {
      // each step can be done again: a retry after a failure part-way resumes where it stopped
      MigrationPlan deployed = p.status() == PlanStatus.DEPLOYED ? p
          : p.withDeployment(clock.instant()).withRolloutPercent(rolloutPercent);
      boolean cover = deployed.markedAt() == null && config.autoMarkSessions() && covering(tenantId);
      if (cover) {
        // (a deployed plan that covered nothing, its tenant off at the deploy, covers from this call on)
        deployed = deployed.withMarking(p.status() == PlanStatus.DEPLOYED ? clock.instant() : deployed.deployedAt())
            .withCoverageGeneration(nextGeneration(tenantId, p.scenarioId()));
      }
      if (deployed != p) {
        plans.replace(deployed, p.status());
      }
      Instant now = deployed.deployedAt();
      for (MigrationPlan other : plans.forScenario(tenantId, p.scenarioId())) {
        if (!other.id().equals(planId) && other.status() == PlanStatus.DEPLOYED) {
          plans.replace(other.withStatus(PlanStatus.SUPERSEDED), PlanStatus.DEPLOYED);
          if (other.fromVersion() == p.fromVersion()) {
            // markers of a superseded plan from the same version (sessions it judged and that wait for the customer):
            // the new plan judges them again. The only session rows a deploy can write, and none in the usual case
            sessions.unmark(tenantId, other.id());
          }
        }
      }
      scenarios.setCurrentVersion(tenantId, p.scenarioId(), p.toVersion()); // moves the deployment generation on
      reconciler.publish(new MigrationEvent.PlanDeployed(tenantId, planId, deployed.rolloutPercent(), now));
      // (a repeat of a deploy that took effect has nothing left to do, as a repeated marking marked nothing)
      Map<String, Long> byAnchor = deployed.markedAt() == null || (repeat && !resume && !cover) ? Map.of()
          : covered(deployed, now);
      long total = byAnchor.values().stream().mapToLong(Long::longValue).sum();
      return new DeploymentResult(planId, total, byAnchor, now);
    });
  }

  /**
   * Widens the rollout of a deployed plan, writing no session: it moves the deployment generation on, so the sessions
   * the narrower rollout pinned are judged again at their next message; sessions picked before stay picked. The
   * answer counts the sessions the wider rollout covers that the narrower one did not.
   *
   * @throws InvalidRolloutException when the new percent is lower than the current one or above 100
   */
  public DeploymentResult widenRollout(String tenantId, String planId, int rolloutPercent) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    return atomically(() -> widenNow(tenantId, planId, rolloutPercent));
  }

  private DeploymentResult widenNow(String tenantId, String planId, int rolloutPercent) {
    MigrationPlan p = plan(tenantId, planId);
    if (p.status() != PlanStatus.DEPLOYED) {
      throw new IllegalPlanStatusException(planId, "widen the rollout of", p.status(), "deployed");
    }
    if (rolloutPercent < p.rolloutPercent() || rolloutPercent > 100) {
      throw new InvalidRolloutException(planId, rolloutPercent, p.rolloutPercent(), "rollout of plan '" + planId
          + "' can only widen, from " + p.rolloutPercent() + " up to 100, but " + rolloutPercent + " was asked");
    }
    return change(tenantId, p.scenarioId(), "widening of the rollout of plan '" + planId + "'", () -> {
      Instant now = clock.instant();
      // a plan that covered nothing (auto_mark_sessions off, or its tenant off at the deploy) covers from now on
      boolean cover = p.markedAt() == null && covering(tenantId);
      MigrationPlan widened = p.withRolloutPercent(rolloutPercent);
      if (cover || (p.markedAt() != null && rolloutPercent != p.rolloutPercent())) {
        widened = (cover ? widened.withMarking(now) : widened)
            .withCoverageGeneration(nextGeneration(tenantId, p.scenarioId()));
      }
      if (!widened.equals(p)) {
        plans.replace(widened, PlanStatus.DEPLOYED);
        // sessions the narrower rollout pinned are judged again at their next message
        moveGenerationOn(tenantId, p.scenarioId());
      }
      reconciler.publish(new MigrationEvent.PlanDeployed(tenantId, planId, rolloutPercent, now));
      Map<String, Long> byAnchor = cover ? covered(widened, now)
          : widened.markedAt() == null ? Map.of() : newlyCovered(p, widened, now);
      return new DeploymentResult(planId, byAnchor.values().stream().mapToLong(Long::longValue).sum(), byAnchor,
          p.deployedAt());
    });
  }

  /**
   * Makes a deployed plan cover its sessions (for hosts that set {@code auto_mark_sessions = false}, or a tenant that
   * was off at the deploy): from now on they are judged at their next message, their scope filters measured now. Writes
   * no session; answers the sessions it covers, or none when the plan covers them already or the tenant is off.
   */
  public DeploymentResult markSessions(String tenantId, String planId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    return atomically(() -> {
      MigrationPlan p = plan(tenantId, planId);
      if (p.status() != PlanStatus.DEPLOYED) {
        throw new IllegalPlanStatusException(planId, "mark sessions of", p.status(), "deployed");
      }
      return change(tenantId, p.scenarioId(), "marking of the sessions of plan '" + planId + "'", () -> {
        if (p.markedAt() != null || !covering(tenantId)) {
          // covering its sessions already (they are judged at their next message), or the tenant is off
          return new DeploymentResult(planId, 0, Map.of(), p.deployedAt());
        }
        Instant now = clock.instant();
        MigrationPlan marked = p.withMarking(now).withCoverageGeneration(nextGeneration(tenantId, p.scenarioId()));
        plans.replace(marked, PlanStatus.DEPLOYED);
        moveGenerationOn(tenantId, p.scenarioId());
        Map<String, Long> byAnchor = covered(marked, now);
        return new DeploymentResult(planId, byAnchor.values().stream().mapToLong(Long::longValue).sum(), byAnchor,
            p.deployedAt());
      });
    });
  }

  /** Whether a deployment made now covers the tenant's sessions: migration is on for it. */
  private boolean covering(String tenantId) {
    return config.enabled() && modes.modeFor(tenantId) != MigrationMode.OFF;
  }

  /**
   * The sessions a deployment covers and has not judged yet, per anchor content hash ({@code exit} for a deleted
   * step without relocation anchor): read-only set queries ({@link SessionStore#countEligible}), published as the
   * seed's "sessions marked".
   */
  private Map<String, Long> covered(MigrationPlan p, Instant now) {
    Map<String, Long> byAnchor = byAnchor(p, p.rolloutPercent());
    long total = byAnchor.values().stream().mapToLong(Long::longValue).sum();
    reconciler.publish(new MigrationEvent.SessionsMarked(p.tenantId(), p.id(), total, byAnchor, now));
    return byAnchor;
  }

  /** The sessions a widened rollout covers that the narrower one did not. */
  private Map<String, Long> newlyCovered(MigrationPlan narrow, MigrationPlan wide, Instant now) {
    Map<String, Long> before = byAnchor(wide, narrow.rolloutPercent());
    Map<String, Long> byAnchor = new LinkedHashMap<>();
    byAnchor(wide, wide.rolloutPercent()).forEach((k, v) -> byAnchor.put(k, v - before.getOrDefault(k, 0L)));
    byAnchor.values().removeIf(v -> v <= 0);
    long total = byAnchor.values().stream().mapToLong(Long::longValue).sum();
    reconciler.publish(new MigrationEvent.SessionsMarked(wide.tenantId(), wide.id(), total, byAnchor, now));
    return byAnchor;
  }

  private Map<String, Long> byAnchor(MigrationPlan p, int percent) {
    List<MarkCriteria> criteria = markCriteria(p, p.markedAt(), percent, p.coverageGeneration());
    long[] counts = sessions.countEligible(criteria);
    Map<String, Long> byAnchor = new LinkedHashMap<>();
    for (int i = 0; i < criteria.size(); i++) {
      MarkCriteria c = criteria.get(i);
      String key = c.marker().anchorContentHash() == null ? "exit" : c.marker().anchorContentHash();
      byAnchor.merge(key, counts[i], Long::sum);
    }
    byAnchor.values().removeIf(v -> v == 0);
    return byAnchor;
  }

  /**
   * The deployment generation the next {@link ScenarioStore#setCurrentVersion} of the scenario moves to (it moves it
   * on by one): the coverage generation of a deployment that takes sessions in. Read inside the operator change, so no
   * other change moves it meanwhile.
   */
  private long nextGeneration(String tenantId, String scenarioId) {
    return scenarios.readCurrent(tenantId, scenarioId).generation() + 1;
  }

  /** The same current version at the next deployment generation ({@link ScenarioStore#setCurrentVersion}). */
  private void moveGenerationOn(String tenantId, String scenarioId) {
    scenarios.setCurrentVersion(tenantId, scenarioId, scenarios.readCurrentVersion(tenantId, scenarioId));
  }

  /**
   * The sessions a plan has still to settle: those it marked (a marker written by an older version of the library, or
   * a session that waits for the customer) and, while it is the deployment covering its source version, those it
   * covers and has not judged yet. Read-only.
   */
  private long pendingOf(MigrationPlan p) {
    return sessions.countMarked(p.tenantId(), p.id()) + notJudged(coverage(p));
  }

  /**
   * Takes a plan's sessions out of its migration: removes its markers, and counts with them the sessions it covers and
   * has not judged yet (they need no write: the plan stops covering them with the status change that follows).
   */
  private long release(MigrationPlan p) {
    // (a forced purge deletes the source version first)
    return notJudged(coverage(p, false)) + sessions.unmark(p.tenantId(), p.id());
  }

  /** How many sessions the criteria of a plan's coverage take in ({@code null}: none covered). */
  private long notJudged(List<MarkCriteria> coverage) {
    return coverage == null ? 0 : java.util.Arrays.stream(sessions.countEligible(coverage)).sum();
  }

  /**
   * The criteria of the sessions a plan covers and has not judged yet, or {@code null} when it covers none now: it
   * never started covering sessions, or it is not the deployment of its source version any more.
   */
  private List<MarkCriteria> coverage(MigrationPlan p) {
    return coverage(p, true);
  }

  private List<MarkCriteria> coverage(MigrationPlan p, boolean stored) {
    // (its source version current again, after makeCurrent: its sessions are up to date, nothing is judged)
    if (p.markedAt() != null && (p.status() == PlanStatus.DEPLOYED || p.status() == PlanStatus.SUPERSEDED)
        && scenarios.readCurrentVersion(p.tenantId(), p.scenarioId()) != p.fromVersion()
        && (!stored || scenarios.versions(p.tenantId(), p.scenarioId()).contains(p.fromVersion()))) {
      MigrationPlan covering = PlanCatalogue.indexByFromVersion(plans.forScenario(p.tenantId(), p.scenarioId()))
          .get(p.fromVersion());
      if (covering != null && covering.id().equals(p.id())) {
        return markCriteria(p, p.markedAt(), p.rolloutPercent(), p.coverageGeneration());
      }
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------- operations

  /**
   * Sets the global mode, at run time. A global {@link MigrationMode#OFF} is the kill switch: it wins over every
   * tenant's mode.
   */
  public void setMode(MigrationMode mode) {
    modes.setGlobal(mode);
  }

  /**
   * Sets a tenant's mode, overriding the global {@code auto} or {@code strict} and the soft-launch list (never the
   * global kill switch {@code off}); {@code null} removes the override.
   */
  public void setMode(String tenantId, MigrationMode mode) {
    requireNonNull(tenantId, "tenantId must not be null");
    modes.setTenant(requireTenant(tenantId), mode);
  }

  /**
   * Soft launch: when the set is not empty, tenants outside it behave as {@link MigrationMode#OFF} (unless they have
   * their own mode). An empty set lifts the restriction. After switching a tenant on, {@link #markSessions} marks its
   * sessions for plans deployed while it was off.
   */
  public void setSoftLaunchTenants(java.util.Set<String> tenants) {
    requireNonNull(tenants, "tenants must not be null");
    modes.setSoftLaunch(Ids.requireAll(IdKind.TENANT, requireNonNull(tenants, "tenants")));
  }

  /** The mode in force for a tenant. */
  public MigrationMode mode(String tenantId) {
    requireNonNull(tenantId, "tenantId must not be null");
    return config.enabled() ? modes.modeFor(tenantId) : MigrationMode.OFF;
  }

  /** Counters and timers for the host's metrics system. */
  public MigrationMetrics metrics() {
    return metrics;
  }

  /**
   * The migration waiting for a session's next message, without a write: its stored marker (a session that waits for
   * the customer, or one marked by an older version of the library), or else the marker the deployment covering its
   * version gives it when it judges it (the plan deployed from its version, whose scope and rollout take it in, and
   * that has not judged it at this deployment generation yet). Empty when the session continues where it is: ended,
   * on the current version, pinned at the current generation, or left out. What the answer says is what its next
   * {@link #reconcile} acts on, unless an operator change comes first.
   *
   * @throws UnknownSessionException when the tenant has no such session
   */
  public java.util.Optional<PendingMigration> pendingMigration(String tenantId, String sessionId) {
    SessionState s = session(tenantId, sessionId);
    if (s.end() != null || mode(tenantId) == MigrationMode.OFF) {
      return java.util.Optional.empty(); // (while the tenant is off its next message acts on nothing)
    }
    if (s.pending() != null) {
      return java.util.Optional.of(s.pending());
    }
    return java.util.Optional.ofNullable(reconciler.judgedInPlace(s).session().pending());
  }

  /** A session's journal, oldest first. */
  public List<JournalRecord> journal(String tenantId, String sessionId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    return journal.forSession(requireTenant(tenantId), Ids.require(IdKind.SESSION, sessionId));
  }

  /** The seed's deployment status, derived from the stores. */
  public DeploymentStatus deploymentStatus(String tenantId, String planId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    MigrationPlan p = plan(tenantId, planId);
    // a rolled-back plan's markers are rollback markers on sessions its journal already counts
    long pending = p.status() == PlanStatus.ROLLED_BACK ? 0 : pendingOf(p);
    PlanJournalSummary j = journal.summarize(tenantId, planId);
    long applied = j.count(JournalRecord.Kind.MIGRATED) + j.count(JournalRecord.Kind.RELOCATED);
    long settled = applied + j.count(JournalRecord.Kind.CHECKPOINT_BLOCKED) + j.count(JournalRecord.Kind.PINNED)
        + j.count(JournalRecord.Kind.EXITED);
    if (p.status() == PlanStatus.ROLLED_BACK) {
      // a rollback that a checkpoint blocked journals a second record for a session already counted as migrated
      settled -= journal.forPlan(tenantId, planId).stream()
          .filter(r -> r.kind() == JournalRecord.Kind.CHECKPOINT_BLOCKED && r.before().pending() != null
              && r.before().pending().rollback())
          .count();
    }
    Map<String, Long> byScenario = new LinkedHashMap<>();
    for (MigrationScenario sc : MigrationScenario.values()) {
      byScenario.put(sc.jsonName(), j.migratedByScenario().getOrDefault(sc, 0L));
    }
    return new DeploymentStatus(planId, p.status(), p.rolloutPercent(), pending + settled, applied,
        pending, byScenario, j.count(JournalRecord.Kind.CHECKPOINT_BLOCKED),
        p.deployedAt(), j.lastMigrationAt());
  }

  /**
   * Rolls back a deployed plan: removes its pending markers, marks the sessions it migrated to go back to the position
   * and version of their journaled before-state at their next message, keeping every variable they hold then (except
   * sessions that passed a checkpoint since, which the report lists), makes the source version current again and sets
   * the plan's status to {@code rolled_back}. The journal keeps every record; the report names the variables the old
   * version did not see as they are.
   *
   * <p>Atomic and retryable (see the class comment): a rollback that failed part-way is completed by the same call.
   * Rolling back again a rolled-back plan whose source version is still current (a retry whose answer was lost)
   * changes nothing and reports no marker removed and, as sessions to restore, those still marked for it.
   *
   * @throws IllegalPlanStatusException when the plan is not deployed (never deployed, or rolled back and another
   *     version made current since)
   */
  public RollbackReport rollback(String tenantId, String planId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    return atomically(() -> {
      MigrationPlan p = plan(tenantId, planId);
      String operation = "rollback of plan '" + planId + "'";
      boolean resume = resuming(tenantId, p.scenarioId(), operation);
      if (!resume && p.status() == PlanStatus.ROLLED_BACK
          && scenarios.readCurrentVersion(tenantId, p.scenarioId()) == p.fromVersion()) {
        return rolledBack(tenantId, p); // this call again: it took effect
      }
      if (p.status() != PlanStatus.DEPLOYED && !(resume && p.status() == PlanStatus.ROLLED_BACK)) {
        throw new IllegalPlanStatusException(planId, "roll back", p.status(), "deployed");
      }
      return change(tenantId, p.scenarioId(), operation, () -> rollBack(tenantId, p));
    });
  }

  /** The report of a rollback that took effect already; reads only. */
  private RollbackReport rolledBack(String tenantId, MigrationPlan p) {
    List<String> restore = new java.util.ArrayList<>();
    String after = null;
    while (true) {
      List<SessionState> page = sessions.findMarked(tenantId, p.id(), after, 1000);
      for (SessionState s : page) {
        if (s.pending() != null && s.pending().rollback()) {
          restore.add(s.sessionId());
        }
      }
      if (page.size() < 1000) {
        break;
      }
      after = page.get(page.size() - 1).sessionId();
    }
    return new RollbackReport(p.id(), 0, restore, List.of(), p.fromVersion(), clock.instant(), Map.of());
  }

  private RollbackReport rollBack(String tenantId, MigrationPlan p) {
    String planId = p.id();
    Instant now = clock.instant();
    // Order matters, and every step can be repeated, so a rollback that fails part-way can simply be retried (the
    // scenario stays held by it, so no reconcile acts on it half-done):
    // 1. remove the pending markers: no new migration by this plan can commit after this (revisions changed); the
    // sessions it covers and has not judged yet need nothing (counted as removed markers, as marking counted them)
    long unmarked = release(p);
    // 2. read the journal only now, so that a migration that committed just before step 1 is included;
    Map<String, JournalRecord> latest = new LinkedHashMap<>();
    for (JournalRecord r : journal.forPlan(tenantId, planId)) {
      latest.put(r.sessionId(), r);
    }
    // 3. mark the migrated sessions for restoration (or keep, pinned, those past a checkpoint);
    List<String> restore = new java.util.ArrayList<>();
    List<String> kept = new java.util.ArrayList<>();
    Map<String, List<String>> variableConflicts = new LinkedHashMap<>();
    for (JournalRecord r : latest.values()) {
      if (r.kind() != JournalRecord.Kind.MIGRATED && r.kind() != JournalRecord.Kind.RELOCATED) {
        continue; // rolled back already, or never moved (pinned, blocked, exited): the source version is current again
      }
      for (int attempt = 1; ; attempt++) {
        SessionState s = sessions.find(tenantId, r.sessionId()).orElse(null);
        if (s == null || s.end() != null) {
          break; // gone, or ended: an ended session is never moved again
        }
        if (s.pending() != null && s.pending().rollback() && s.pending().planId().equals(planId)) {
          restore.add(s.sessionId()); // marked by an earlier attempt of this rollback
          break;
        }
        boolean passed = reconciler.checkpointPassedSince(s, r.after()) != null;
        try {
          if (passed) {
            // it stays where it is: pinned, or relocation would move it back to the source version anyway
            sessions.update(s.withPinned(true), s.revision());
            kept.add(s.sessionId());
          } else {
            sessions.update(s.withPending(PendingMigration.rollback(planId, p.fromVersion(), now)), s.revision());
            restore.add(s.sessionId());
            List<String> conflicts = Restorer.variableConflicts(r.before(), s);
            if (!conflicts.isEmpty()) {
              variableConflicts.put(s.sessionId(), conflicts);
            }
          }
          break;
        } catch (ConcurrentUpdateException e) {
          if (attempt >= 8) {
            throw e;
          }
        }
      }
    }
    // 4. the source version is current again; 5. and only then is the plan rolled back.
    scenarios.setCurrentVersion(tenantId, p.scenarioId(), p.fromVersion());
    if (p.status() == PlanStatus.DEPLOYED) {
      plans.replace(p.withStatus(PlanStatus.ROLLED_BACK), PlanStatus.DEPLOYED);
    }
    reconciler.publish(new MigrationEvent.PlanRolledBack(tenantId, planId, restore.size(), now));
    return new RollbackReport(planId, unmarked, restore, kept, p.fromVersion(), now, variableConflicts);
  }

  /**
   * Dry run: the outcome reconcile would give {@code sessionId} under {@code planId} (deployed or not), with no write
   * at all. The extractor is called only when {@code useExtractor} is true. A session the plan would not mark gets
   * {@link Outcome#CONTINUE}, an ended one {@link Outcome.Ended}.
   */
  public Outcome dryRun(String tenantId, String planId, String sessionId, boolean useExtractor) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    MigrationPlan p = plan(tenantId, planId);
    SessionState s = session(tenantId, sessionId);
    if (s.end() != null) {
      return Outcome.Ended.of(s.end()); // no plan moves it
    }
    boolean markedByIt = s.pending() != null && s.pending().planId().equals(planId);
    if (!markedByIt && !eligible(markCriteria(p, clock.instant(), 100), s)) {
      return Outcome.CONTINUE;
    }
    return reconciler.predict(s, p, useExtractor);
  }

  /**
   * Impact preview over every session the plan would mark ({@code sampleSize <= 0}) or the first {@code sampleSize}
   * of them by session id: counts per predicted outcome and the sessions a checkpoint would block. Writes nothing and
   * never calls the extractor.
   */
  public ImpactPreview previewImpact(String tenantId, String planId, int sampleSize) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    MigrationPlan p = plan(tenantId, planId);
    List<MarkCriteria> criteria = markCriteria(p, clock.instant(), 100);
    Map<String, Long> byOutcome = new java.util.TreeMap<>();
    List<String> blocked = new java.util.ArrayList<>();
    long[] examined = {0};
    atVersion(tenantId, p.scenarioId(), p.fromVersion(), s -> {
      if (sampleSize > 0 && examined[0] >= sampleSize) {
        return false;
      }
      boolean markedByIt = s.pending() != null && s.pending().planId().equals(planId);
      if (!markedByIt && !eligible(criteria, s)) {
        return true;
      }
      examined[0]++;
      Outcome o = reconciler.predict(s, p, false);
      String key = BatchReport.key(o);
      byOutcome.merge(key, 1L, Long::sum);
      if (o.blockedByCheckpoint()) {
        blocked.add(s.sessionId());
      }
      return true;
    });
    return new ImpactPreview(planId, examined[0], byOutcome, blocked);
  }

  /**
   * Eager batch migration: applies a deployed plan now to its marked sessions, {@code batchSize} at a time, reporting
   * progress after each batch. Sessions that need the customer ({@code collect} or {@code confirm}) stay marked. What
   * a move owes the host (its teleport, with the re-route notification, the required actions to run, or the exit
   * message) is stored with the session in the same write and offered by its {@code reconcile}s, under the outcome's
   * {@link Outcome#effectId()}, until the host retires it ({@link #acknowledge}, {@link #advance}); the report counts
   * the outcomes and names the sessions of each page.
   * Exactly-once holds as for just-in-time migration, also when messages arrive during the batch. The migrations of a
   * batch are written together with {@link SessionStore#commitAll} (one transaction on the JDBC store), and their
   * events are published once that write has stored them.
   */
  public BatchReport migrateNow(String tenantId, String planId, int batchSize,
      java.util.function.Consumer<BatchReport> progress) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    requireNonNull(progress, "progress must not be null");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1 but was " + batchSize);
    }
    MigrationPlan p = plan(tenantId, planId);
    if (p.status() != PlanStatus.DEPLOYED) {
      throw new IllegalPlanStatusException(planId, "batch-migrate", p.status(), "deployed");
    }
    long processed = 0;
    long migrated = 0;
    long blocked = 0;
    long waiting = 0;
    long other = 0;
    int batches = 0;
    Map<String, Long> byOutcome = new java.util.TreeMap<>();
    String after = null;
    BatchReport report = new BatchReport(planId, 0, 0, 0, 0, 0, 0);
    DeferredEffects fx = new DeferredEffects(reconciler.liveEffects(false), sessions, visits);
    // the sessions it marked and those it covers and has not judged yet, claimed page by page by query
    List<MarkCriteria> coverage = coverage(p);
    while (mode(tenantId) != MigrationMode.OFF) {
      String from = after;
      // with the visit log on, a page and the visits it makes are one unit of work
      Applied applied = visits.page(() -> {
        try (MarkedPage claimed = coverage == null ? sessions.claimMarked(tenantId, planId, from, batchSize)
            : sessions.claimEligible(coverage, from, batchSize)) {
          List<SessionState> claimedSessions = claimed.sessions();
          if (claimedSessions.isEmpty()) {
            return null;
          }
          fx.page(claimed);
          try {
            return new Applied(claimedSessions, applyPage(claimedSessions, fx));
          } finally {
            fx.page(null);
          }
        }
      });
      if (applied == null) {
        break;
      }
      List<SessionState> page = applied.page();
      List<Outcome> outcomes = applied.outcomes();
      after = page.get(page.size() - 1).sessionId();
      List<BatchReport.Item> items = new java.util.ArrayList<>(outcomes.size());
      for (int i = 0; i < outcomes.size(); i++) {
        Outcome o = outcomes.get(i);
        items.add(new BatchReport.Item(page.get(i).sessionId(), o));
        byOutcome.merge(BatchReport.key(o), 1L, Long::sum);
        processed++;
        if (o.blockedByCheckpoint()) {
          blocked++;
        } else if (o instanceof Outcome.Teleport || o instanceof Outcome.ExecuteActions) {
          migrated++;
        } else if (o instanceof Outcome.Collect || o instanceof Outcome.Confirm) {
          waiting++;
        } else {
          other++;
        }
      }
      batches++;
      report = new BatchReport(planId, processed, migrated, blocked, waiting, other, batches, byOutcome, items);
      progress.accept(report);
    }
    return report;
  }

  /** A page of eager batch migration and its outcomes. */
  private record Applied(List<SessionState> page, List<Outcome> outcomes) {}

  /**
   * Applies a page of marked sessions as {@link Reconciler#reconcileSlow} does one, inside the page's claim, their
   * commits written together with {@link MarkedPage#commitAll}, which ends the claim: a session whose commit fails its
   * revision check (a message got there first) is applied again on its own from the state stored now. Events follow stored commits only. When a
   * session fails, the commits held back before it are written before the failure is thrown.
   */
  private List<Outcome> applyPage(List<SessionState> page, DeferredEffects fx) {
    List<Outcome> outcomes = new java.util.ArrayList<>(page.size());
    List<Integer> held = new java.util.ArrayList<>(); // page index of each held-back commit
    try {
      for (SessionState s : page) {
        fx.begin();
        outcomes.add(reconciler.reconcileSlow(s, fx));
        if (fx.committed()) {
          held.add(outcomes.size() - 1);
        }
      }
    } catch (RuntimeException e) {
      try {
        fx.flush();
      } catch (RuntimeException f) {
        e.addSuppressed(f);
      }
      throw e;
    }
    List<Boolean> stored = fx.flush();
    for (int k = 0; k < stored.size(); k++) {
      if (!stored.get(k)) {
        int i = held.get(k);
        // the held-back commit's state is stale: apply again from the state stored now
        outcomes.set(i, reconciler.applyMarkedAfresh(page.get(i).tenantId(), page.get(i).sessionId()));
      }
    }
    return outcomes;
  }

  /**
   * Retention for one scenario: deletes finished plans (superseded, rejected, rolled back, expired) older than
   * {@code plan_retention_days}, marks pending or approved plans that old as expired, and deletes versions that
   * stopped being current more than {@code version_retention_days} ago. A version or plan that pending markers still
   * reference is kept unless {@code force} is true; then those markers are removed and the sessions fall back to
   * relocation.
   *
   * <p>Then it deletes ended sessions ({@link #endSession}) of the scenario that ended more than
   * {@code session_retention_days} ago, with their journal records, and journal records of the scenario's sessions
   * written more than {@code journal_retention_days} ago, except those of a deployed plan: a rollback reads them, so
   * they are kept until the plan settles (superseded or rolled back), and the report counts them and says why. It
   * deletes the full visit log's rows ({@link #visits}) of the ended sessions it deletes, and the tenant's rows older
   * than {@code retention.visit_log_retention_days} (whether the log is on now or not). These
   * deletes run in pages of {@value #PURGE_PAGE} rows on the calling thread, inside the purge (one transaction with a
   * unit of work: call purge often enough that a pass stays small); a purge that fails part-way is completed by the
   * same call again.
   *
   * <p>Atomic and retryable (see the class comment). A purge is a retention pass, so a purge repeated after it took
   * effect is the next pass: it changes nothing more, except that plans the first pass marked expired are finished
   * and old, and are deleted.
   */
  public RetentionReport purge(String tenantId, String scenarioId, boolean force) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(scenarioId, "scenarioId must not be null");
    requireTenant(tenantId);
    Ids.require(IdKind.SCENARIO, scenarioId);
    return atomically(() -> change(tenantId, scenarioId, "purge",
        () -> purgeRecords(tenantId, scenarioId, purgeNow(tenantId, scenarioId, force))));
  }

  /** Rows per statement of purge's deletes of ended sessions and journal records. */
  static final int PURGE_PAGE = 500;

  /**
   * Deletes ended sessions and journal records past their retention, page by page (statements of at most
   * {@value #PURGE_PAGE} rows, so that no read holds more), as part of the purge: one transaction with a unit of work;
   * without one each page is atomic on its own, and the same call again deletes what a failure left.
   */
  private RetentionReport purgeRecords(String tenantId, String scenarioId, RetentionReport r) {
    Instant now = clock.instant();
    Instant endedBefore = now.minus(Duration.ofDays(config.sessionRetentionDays()));
    Instant writtenBefore = now.minus(Duration.ofDays(config.journalRetentionDays()));
    long sessionsDeleted = 0;
    long visitsDeleted = 0;
    while (true) {
      // the visit-log rows of the sessions about to be deleted first: a failure in between leaves nothing behind
      // that the same call again does not find
      visitsDeleted += visitLog.deleteSessions(tenantId,
          sessions.endedSessionIds(tenantId, scenarioId, endedBefore, PURGE_PAGE));
      int n = sessions.deleteEnded(tenantId, scenarioId, endedBefore, PURGE_PAGE);
      sessionsDeleted += n;
      if (n < PURGE_PAGE) {
        break;
      }
    }
    // a deployed plan's records are what its rollback reads: kept until the plan is superseded or rolled back
    java.util.Set<String> deployed = new java.util.TreeSet<>();
    for (MigrationPlan p : plans.forScenario(tenantId, scenarioId)) {
      if (p.status() == PlanStatus.DEPLOYED) {
        deployed.add(p.id());
      }
    }
    long recordsDeleted = 0;
    while (true) {
      int n = sessions.deleteJournal(tenantId, scenarioId, writtenBefore, deployed, PURGE_PAGE);
      recordsDeleted += n;
      if (n < PURGE_PAGE) {
        break;
      }
    }
    long kept = 0;
    List<String> why = new java.util.ArrayList<>();
    for (String planId : deployed) {
      long n = sessions.countJournal(tenantId, planId, writtenBefore);
      if (n > 0) {
        kept += n;
        why.add(n + " journal record" + (n == 1 ? "" : "s") + " of plan " + planId
            + ": deployed, a rollback reads them (kept until it is superseded or rolled back)");
      }
    }
    Instant visitedBefore = now.minus(Duration.ofDays(config.visitLogRetentionDays()));
    while (true) {
      int n = visitLog.deleteOlderThan(tenantId, visitedBefore, PURGE_PAGE);
      visitsDeleted += n;
      if (n < PURGE_PAGE) {
        break;
      }
    }
    return r.withRecords(sessionsDeleted, recordsDeleted, kept, why).withVisitsDeleted(visitsDeleted);
  }

  private RetentionReport purgeNow(String tenantId, String scenarioId, boolean force) {
    Instant now = clock.instant();
    Instant planCutoff = now.minus(Duration.ofDays(config.planRetentionDays()));
    Instant versionCutoff = now.minus(Duration.ofDays(config.versionRetentionDays()));
    int current = scenarios.readCurrentVersion(tenantId, scenarioId);
    List<String> purgedPlans = new java.util.ArrayList<>();
    List<String> expired = new java.util.ArrayList<>();
    List<String> kept = new java.util.ArrayList<>();
    java.util.Set<Integer> referenced = new java.util.TreeSet<>();
    java.util.Map<Integer, Instant> leftAt = new java.util.HashMap<>();
    long unmarked = 0;
    java.util.Set<String> released = new java.util.HashSet<>(); // a plan's sessions are released once per purge
    for (MigrationPlan p : plans.forScenario(tenantId, scenarioId)) {
      Instant ref = p.deployedAt() != null ? p.deployedAt() : p.approvedAt() != null ? p.approvedAt() : p.createdAt();
      if (p.deployedAt() != null && p.status() != PlanStatus.ROLLED_BACK) {
        leftAt.merge(p.fromVersion(), p.deployedAt(), (a, b) -> a.isAfter(b) ? a : b);
      }
      boolean old = ref.isBefore(planCutoff);
      long markers = pendingOf(p);
      if (markers > 0) {
        referenced.add(p.fromVersion());
        referenced.add(p.toVersion());
      }
      if ((p.status() == PlanStatus.PENDING || p.status() == PlanStatus.APPROVED) && old) {
        plans.replace(p.withStatus(PlanStatus.EXPIRED), p.status());
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
        unmarked += release(p);
      }
      // deleted last: until then, a purge resumed after a failure still sees when versions left
      purgedPlans.add(p.id());
    }
    List<String> purgedVersions = new java.util.ArrayList<>();
    for (int v : scenarios.versions(tenantId, scenarioId)) {
      Instant left = leftAt.get(v);
      if (v >= current || left == null || !left.isBefore(versionCutoff)) {
        continue;
      }
      if (referenced.contains(v) && !force) {
        kept.add(scenarioId + "@" + v);
        continue;
      }
      // sessions kept on that version (out of scope, blocked) cannot stay on a version that is gone: unpinned, they
      // fall back to relocation at their next message. Unpinned before the version is deleted, so that a purge that
      // fails in between finds the version still there when the same call resumes, and unpins the rest.
      for (SessionState s : sessions.findAtVersion(tenantId, scenarioId, v, Integer.MAX_VALUE)) {
        if (s.pinned() && s.end() == null) { // an ended session needs no version
          try {
            sessions.update(s.withPinned(false), s.revision());
          } catch (ConcurrentUpdateException e) {
            // a concurrent message moved it: it is no longer pinned there
          }
        }
      }
      if (scenarios.delete(tenantId, scenarioId, v)) {
        purgedVersions.add(scenarioId + "@" + v);
      }
    }
    if (force) {
      for (MigrationPlan p : plans.forScenario(tenantId, scenarioId)) {
        if (!scenarios.find(tenantId, scenarioId, p.fromVersion()).isPresent()
            || !scenarios.find(tenantId, scenarioId, p.toVersion()).isPresent()) {
          unmarked += released.add(p.id()) ? release(p) : 0;
        }
      }
    }
    for (String planId : purgedPlans) {
      plans.delete(tenantId, planId);
    }
    reconciler.forgetVersions();
    return new RetentionReport(purgedVersions, purgedPlans, expired, kept, unmarked);
  }

  private static String requireTenant(String tenantId) {
    return Ids.require(IdKind.TENANT, tenantId);
  }

  /** Builds a {@link ScenarioMigration}; every store defaults to its in-memory implementation. */
  public static final class Builder {
    private MigrationConfig config = MigrationConfig.DEFAULTS;
    private ScenarioStore scenarioStore;
    private PlanStore planStore;
    private SessionStore sessionStore;
    private ProfileStore profileStore;
    private JournalStore journalStore;
    private UnitOfWork unitOfWork = UnitOfWork.NONE;
    private VisitLog visitLog;
    private final List<MigrationListener> listeners = new java.util.ArrayList<>();
    private Extractor extractor = Extractor.NONE;
    private java.util.function.Supplier<String> planIdGenerator = () -> java.util.UUID.randomUUID().toString();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The configuration; the seed's defaults when not set. */
    public Builder config(MigrationConfig config) {
      this.config = requireNonNull(config, "config");
      return this;
    }

    /** The scenario store. */
    public Builder scenarioStore(ScenarioStore store) {
      this.scenarioStore = requireNonNull(store, "scenarioStore");
      return this;
    }

    /** The plan store. */
    public Builder planStore(PlanStore store) {
      this.planStore = requireNonNull(store, "planStore");
      return this;
    }

    /** The session store (which also writes the journal). */
    public Builder sessionStore(SessionStore store) {
      this.sessionStore = requireNonNull(store, "sessionStore");
      return this;
    }

    /**
     * The journal store; not needed when the session store also implements {@link JournalStore} (the in-memory one
     * and the JDBC one do), since a migration and its journal record must commit together.
     */
    public Builder journalStore(JournalStore store) {
      this.journalStore = requireNonNull(store, "journalStore");
      return this;
    }

    /**
     * How operator calls run as one unit on stores that share a transaction; {@link UnitOfWork#NONE} by default (each
     * store call atomic on its own, operator calls resumable). Set it only when every store of this builder takes part
     * in it: {@code JdbcStores.migrationBuilder()} sets the JDBC stores' own, and a store replaced after that is not
     * covered by it.
     */
    public Builder unitOfWork(UnitOfWork unitOfWork) {
      this.unitOfWork = requireNonNull(unitOfWork, "unitOfWork");
      return this;
    }

    /**
     * The full visit log, written only with {@code sessions.visit_log = true} ({@link MigrationConfig#visitLog()});
     * an {@link InMemoryVisitLog} by default. {@code JdbcStores.migrationBuilder()} sets the JDBC one, which takes part
     * in the stores' unit of work: a visit is appended in the same transaction as the session write that made it.
     */
    public Builder visitLog(VisitLog log) {
      this.visitLog = requireNonNull(log, "visitLog");
      return this;
    }

    /** Adds a listener for {@link MigrationEvent}s. */
    public Builder listener(MigrationListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /** The customer profile store. */
    public Builder profileStore(ProfileStore store) {
      this.profileStore = requireNonNull(store, "profileStore");
      return this;
    }

    /** The conversation extractor; {@link Extractor#NONE} by default. */
    public Builder extractor(Extractor extractor) {
      this.extractor = requireNonNull(extractor, "extractor");
      return this;
    }

    /** How plan ids are made; random UUIDs by default (a fixed sequence makes demos and tests reproducible). */
    public Builder planIdGenerator(java.util.function.Supplier<String> generator) {
      this.planIdGenerator = requireNonNull(generator, "planIdGenerator");
      return this;
    }

    /** The clock; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the engine. */
    public ScenarioMigration build() {
      if (scenarioStore == null) {
        scenarioStore = new InMemoryScenarioStore();
      }
      if (planStore == null) {
        planStore = new InMemoryPlanStore();
      }
      if (sessionStore == null) {
        sessionStore = new InMemorySessionStore();
      }
      if (profileStore == null) {
        profileStore = new InMemoryProfileStore();
      }
      if (visitLog == null) {
        visitLog = new InMemoryVisitLog();
      }
      if (journalStore == null) {
        if (!(sessionStore instanceof JournalStore j)) {
          throw new IllegalStateException("the session store " + sessionStore.getClass().getName()
              + " is not a JournalStore: set journalStore(...)");
        }
        journalStore = j;
      }
      return new ScenarioMigration(this);
    }
  }
}
