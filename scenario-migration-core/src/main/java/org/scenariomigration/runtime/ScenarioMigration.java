package org.scenariomigration.runtime;

import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.spi.Stores;
import org.scenariomigration.condition.ConditionEngine;
import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.memory.InMemoryPlanStore;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.memory.InMemoryScenarioStore;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.memory.InMemoryVisitLog;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.FieldType;
import org.scenariomigration.scenario.InvalidFieldValueException;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.session.EndReason;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;
import org.scenariomigration.spi.Extractor;
import org.scenariomigration.spi.InvalidVisitLogRequestException;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.spi.UnitOfWork;
import org.scenariomigration.spi.VisitLog;
import org.scenariomigration.spi.VisitPage;

/**
 * The library's entry point and its per-message surface: hosts publish scenario versions, start sessions, report their
 * progress, and send every incoming message through {@link #reconcile(String, String)} first. The operator surface
 * (plans, deployments, rollbacks, batch migration, retention, erasure, the kill switch) is
 * {@link MigrationOperations}, reached with {@link #operations()}.
 *
 * <pre>{@code
 * ScenarioMigration migration = ScenarioMigration.builder().build();   // in-memory stores, default config
 * migration.publish("tenant-1", v1);
 * migration.startSession("tenant-1", "s-1", "customer-9", "whatsapp", "order-flow");
 * migration.advance("tenant-1", "s-1", "checkout");
 *
 * MigrationOperations ops = migration.operations();
 * MigrationPlan plan = ops.generatePlan("tenant-1", v2, "operator@example.com");
 * ops.approve("tenant-1", plan.id(), "lead@example.com");
 * ops.deploy("tenant-1", plan.id());                                   // covers sessions, writes none
 *
 * Outcome outcome = migration.reconcile("tenant-1", "s-1");            // before processing each message
 * }</pre>
 *
 * <p>Thread-safe. It starts no threads of its own.
 */
public final class ScenarioMigration {
  private final Engine engine;
  private final SessionWrites writes;
  private final MigrationOperations operations;
  private final ConditionEngine conditionEngine;

  private ScenarioMigration(Builder b) {
    this.conditionEngine = b.conditionEngine == null ? ConditionEngine.builtIn() : b.conditionEngine;
    this.engine = new Engine(b.config, b.scenarioStore, b.planStore, b.sessionStore, b.journalStore, b.profileStore,
        b.unitOfWork, b.visitLog, b.extractor, b.clock, b.planIdGenerator, b.listeners, b.modeStore);
    this.writes = new SessionWrites(engine);
    this.operations = new MigrationOperations(engine);
  }

  /**
   * The condition engine of the host's scenarios ({@link Builder#conditionEngine}): read a scenario's JSON with it,
   * {@code ScenarioJson.read(json, migration.conditionEngine())}.
   */
  public ConditionEngine conditionEngine() {
    return conditionEngine;
  }

  /** A builder with in-memory stores, no extractor, the system UTC clock and {@link MigrationConfig#DEFAULTS}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The operator surface of this engine (plans, deployments, rollbacks, batch migration, retention, erasure, modes),
   * on the same stores, configuration and caches: one instance per engine.
   */
  public MigrationOperations operations() {
    return operations;
  }

  /** The configuration. */
  public MigrationConfig config() {
    return engine.config;
  }

  /** Counters and timers for the host's metrics system. */
  public MigrationMetrics metrics() {
    return engine.metrics;
  }

  /** For tests: decisions read histories with {@code reader} instead of their bounded form. */
  void readHistoriesWith(java.util.function.Function<SessionState, Visits> reader) {
    engine.reconciler.readHistoriesWith(reader);
  }

  /** The engine's caches: bound and weight in estimated bytes by name (for the tests). */
  Map<String, long[]> cacheWeights() {
    return engine.reconciler.cacheWeights();
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
    return engine.reconciler.reconcile(tenantId, sessionId);
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
    return engine.reconciler.reconcileWithState(tenantId, sessionId);
  }

  // ------------------------------------------------------------------------------------------- scenarios

  /**
   * Stores a version; the first version of a scenario becomes current. Later versions become current when a plan to
   * them is deployed ({@link MigrationOperations#deploy}), or with {@link MigrationOperations#makeCurrent}.
   */
  public void publish(String tenantId, ScenarioVersion version) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(version, "version must not be null");
    engine.scenarios.save(Engine.requireTenant(tenantId), version);
    if (engine.scenarios.readCurrentVersion(tenantId, version.scenarioId()) == 0) {
      engine.change(tenantId, version.scenarioId(), "publish of version " + version.version(), () -> {
        engine.scenarios.setCurrentVersion(tenantId, version.scenarioId(), version.version());
        return null;
      });
    }
  }

  /**
   * The current version of a scenario, as stored now (never from a cache).
   *
   * @throws UnknownScenarioException when the tenant has no such scenario
   */
  public ScenarioVersion currentVersion(String tenantId, String scenarioId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(scenarioId, "scenarioId must not be null");
    return engine.currentVersion(tenantId, scenarioId);
  }

  /**
   * A stored version of a scenario.
   *
   * @throws UnknownScenarioException when the tenant has no such version
   */
  public ScenarioVersion version(String tenantId, String scenarioId, int version) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(scenarioId, "scenarioId must not be null");
    return engine.requireVersion(Engine.requireTenant(tenantId), Ids.require(IdKind.SCENARIO, scenarioId), version);
  }

  // ------------------------------------------------------------------------------------------- sessions

  /** Starts a session now, at the start step of the scenario's current version. */
  public SessionState startSession(String tenantId, String sessionId, String customerId, String channel,
      String scenarioId) {
    return startSession(tenantId, sessionId, customerId, channel, scenarioId, null);
  }

  /**
   * Starts a session that began at {@code startedAt}, at the start step of the scenario's current version: a host that
   * imports sessions already under way keeps their age, which scope filters ({@code max_session_age_days}) and
   * retention measure. {@code null} means now.
   *
   * @throws IllegalArgumentException when {@code startedAt} lies after the engine's clock, naming the session and the
   *     instant
   */
  public SessionState startSession(String tenantId, String sessionId, String customerId, String channel,
      String scenarioId, Instant startedAt) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    requireNonNull(customerId, "customerId must not be null");
    requireNonNull(channel, "channel must not be null");
    requireNonNull(scenarioId, "scenarioId must not be null");
    IdChecks.newSession(sessionId, customerId, channel);
    Instant now = engine.clock.instant();
    if (startedAt != null && startedAt.isAfter(now)) {
      throw new IllegalArgumentException("session '" + sessionId + "' cannot start at " + startedAt
          + ", after now (" + now + ")");
    }
    Instant at = startedAt == null ? now : startedAt;
    ScenarioVersion v = currentVersion(tenantId, scenarioId);
    Step start = v.requireStep(v.startStepId());
    SessionState s = SessionState.builder().tenantId(tenantId).sessionId(sessionId).customerId(customerId)
        .channel(channel).createdAt(at).scenarioId(scenarioId).version(v.version()).scenarioChecksum(v.checksum())
        .currentStepId(start.id()).history(List.of(StepVisit.of(start, at))).build();
    return engine.visits.write(null, s, () -> engine.sessions.insert(s));
  }

  /**
   * Writes a field of a customer's profile, the first place gap fill looks (before the session's own variables, the
   * conversation and asking): what the host learned about the customer outside the conversation.
   *
   * @throws org.scenariomigration.InvalidIdException when the tenant or customer id is invalid
   */
  public void putProfile(String tenantId, String customerId, ProfileField field) {
    requireNonNull(customerId, "customerId must not be null");
    requireNonNull(field, "field must not be null");
    engine.profiles.put(Engine.requireTenant(tenantId), Ids.require(IdKind.CUSTOMER, customerId), field);
  }

  /** A field of a customer's profile, expired or not ({@link ProfileField#isExpired}), or empty. */
  public java.util.Optional<ProfileField> profile(String tenantId, String customerId, String field) {
    requireNonNull(customerId, "customerId must not be null");
    requireNonNull(field, "field must not be null");
    return engine.profiles.find(Engine.requireTenant(tenantId), customerId, field);
  }

  /**
   * The session's state.
   *
   * @throws UnknownSessionException when the tenant has no such session
   */
  public SessionState session(String tenantId, String sessionId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    return engine.session(tenantId, sessionId);
  }

  /**
   * A page of the session's full visit log, oldest first: the visits whose ordinal (the visit's number in the
   * session, from 0 for the start step) is above {@code afterOrdinal} ({@code -1}: from the first), at most
   * {@code limit}; read the next page after {@link VisitPage#nextAfter}. The log is written only with
   * {@code sessions.visit_log = true} (off by default: the page is then empty, or holds what was logged while it was
   * on), one row per visit (the start, every {@link #advance}, the arrival of every migration, relocation and
   * rollback), in the same unit of work as the session write; {@link MigrationOperations#purge} deletes rows older
   * than {@code retention.visit_log_retention_days}. It is a read of its own: {@link #reconcile} never reads it.
   *
   * @throws UnknownSessionException when the tenant has no such session
   * @throws InvalidVisitLogRequestException naming the value when {@code afterOrdinal} is below -1 or {@code limit}
   *     below 1
   */
  public VisitPage visits(String tenantId, String sessionId, long afterOrdinal, int limit) {
    VisitLog.requireAfterOrdinal(afterOrdinal);
    VisitLog.requireLimit(limit);
    session(tenantId, sessionId);
    return engine.visitLog.visits(tenantId, sessionId, afterOrdinal, limit);
  }

  /**
   * Records that the session reached {@code stepId} of its current version. With
   * {@code sessions.complete_at_final_step}, a step with no outgoing transition completes the session
   * ({@link EndReason#COMPLETED}, see {@link #endSession}). Moving on to another step than the one
   * the session is at retires what it owes the host ({@link Outcome#effectId()}): the host has acted on it. The
   * retirement is journaled ({@link JournalRecord.Kind#EFFECT_RETIRED}) in the same write.
   *
   * @throws UnknownStepException when the session's version has no such step
   * @throws SessionEndedException when the session has ended; nothing is changed
   */
  public SessionState advance(String tenantId, String sessionId, String stepId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    requireNonNull(stepId, "stepId must not be null");
    Ids.require(IdKind.STEP, stepId);
    return writes.advance(tenantId, sessionId, stepId);
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
    return writes.acknowledge(tenantId, sessionId, effectId);
  }

  /**
   * Merges variables into the session. A field that the session's version, the version a pending migration leads
   * to, or the current version declares a {@link FieldType type} for is converted to it ({@code "17"} becomes 17 for
   * an integer field); the newest of those versions decides.
   *
   * @throws InvalidFieldValueException naming the field, the value and the type when a value cannot be converted
   *     unambiguously; nothing is stored
   * @throws org.scenariomigration.spi.UnsupportedValueException when a value (converted) is outside the value model of
   *     {@link org.scenariomigration.session.VariableValues} or beyond one of its limits (the message names the
   *     variable and the value's type or the limit); nothing is stored
   * @throws SessionEndedException when the session has ended; nothing is changed
   */
  public SessionState setVariables(String tenantId, String sessionId, Map<String, ?> variables) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    requireNonNull(variables, "variables must not be null");
    return writes.setVariables(tenantId, sessionId, variables);
  }

  /**
   * Ends a session: from now on its {@link #reconcile} answers {@link Outcome.Ended}, it is never marked, migrated or
   * rolled back, it counts as pending for no plan (a marker it carried is removed), and {@link #advance} and
   * {@link #setVariables} refuse it. What it still owed the host is retired, journaled
   * ({@link JournalRecord.Kind#EFFECT_RETIRED}). {@link MigrationOperations#purge} deletes it, with its journal
   * records, once {@code retention.session_retention_days} have passed. With {@code sessions.complete_at_final_step} a
   * session also ends on its own: it completes when it reaches a step with no outgoing transition ({@link #advance},
   * or a migration landing there). A session a reconcile told to leave the scenario ({@link Outcome.ExitScenario})
   * ends when the host says so, with {@link EndReason#EXITED}.
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
    return writes.endSession(tenantId, sessionId, reason);
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
  public Optional<PendingMigration> pendingMigration(String tenantId, String sessionId) {
    SessionState s = session(tenantId, sessionId);
    if (s.end() != null || engine.mode(tenantId) == MigrationMode.OFF) {
      return Optional.empty(); // (while the tenant is off its next message acts on nothing)
    }
    if (s.pending() != null) {
      return Optional.of(s.pending());
    }
    return Optional.ofNullable(engine.reconciler.judgedInPlace(s).session().pending());
  }

  /** A session's journal, oldest first. */
  public List<JournalRecord> journal(String tenantId, String sessionId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    return engine.journal.forSession(Engine.requireTenant(tenantId), Ids.require(IdKind.SESSION, sessionId));
  }

  /**
   * Reports that a session failed in the host after a migration (issue 19): journaled
   * ({@link JournalRecord.Kind#HOST_FAILURE}, the reason in its warning), so that every node and the rollout's
   * {@code failure_rate} gate see it. The report is charged to the plan that last migrated or relocated the session;
   * a session no plan moved is journaled and counts in no gate. A report repeated for the same session (a retry whose
   * answer was lost) adds a record but no failing session: the gate counts sessions.
   *
   * @return the plan the failure is charged to, or empty when no plan moved the session
   * @throws UnknownSessionException when the tenant has no such session
   * @throws InvalidFailureReportException when the reason is blank or longer than 1000 characters; nothing is stored
   */
  public Optional<String> reportFailure(String tenantId, String sessionId, String reason) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    requireNonNull(reason, "reason must not be null");
    Engine.requireTenant(tenantId);
    Ids.require(IdKind.SESSION, sessionId);
    return operations.rollouts.reportFailure(tenantId, sessionId, reason);
  }

  /**
   * Moves every progressive rollout on, of every tenant (issue 19): a maintenance call the host runs on its own timer
   * (the library starts no threads), on one node at a time, like {@link MigrationOperations#purge}. For each deployed
   * plan with a running rollout ({@link org.scenariomigration.spi.PlanStore#watchedRollouts}) it computes the health
   * gates from the plan's journal and the host's failure reports. A failing gate halts the rollout, the reason in its
   * status and in a {@link MigrationEvent.RolloutHalted} event, and with {@code auto_rollback} rolls the deployment
   * back through {@link MigrationOperations#rollback} ({@link MigrationEvent.RolloutRolledBack}). Otherwise, once the
   * current step has lasted its minimum duration (measured against {@code now}) and the plan has migrated its minimum
   * number of sessions during it, the rollout widens to the next step through {@link MigrationOperations#widenRollout}
   * ({@link MigrationEvent.RolloutAdvanced}), or completes after the last one.
   *
   * <p>Each plan's turn is an atomic, retryable operator call: a turn that fails (another operator call holds the
   * scenario) is reported as {@link RolloutReport.Kind#FAILED} and the other plans go on; the next call completes it.
   * A call repeated with the same {@code now} changes nothing more.
   *
   * @throws UnsupportedOperationException when the plan store cannot list rollouts (a store of the host's)
   */
  public RolloutReport advanceRollouts(Instant now) {
    requireNonNull(now, "now must not be null");
    return operations.rollouts.advance(now);
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
    private Stores stores;
    private ConditionEngine conditionEngine;
    private org.scenariomigration.spi.ModeStore modeStore;

    private Builder() {}

    /**
     * Every store from one set: the scenario, plan, session, journal and profile stores, the visit log and their unit
     * of work (for the JDBC stores: {@code ScenarioMigration.builder().stores(jdbcStores)}). The set reads stored
     * scenario versions with this builder's {@link #conditionEngine}. A store set one by one afterwards replaces the
     * set's.
     */
    public Builder stores(Stores stores) {
      this.stores = requireNonNull(stores, "stores");
      this.scenarioStore = stores.scenarioStore();
      this.planStore = stores.planStore();
      this.sessionStore = stores.sessionStore();
      this.journalStore = stores.journalStore();
      this.profileStore = stores.profileStore();
      this.visitLog = stores.visitLog();
      this.unitOfWork = stores.unitOfWork();
      if (stores.modeStore() != null) {
        this.modeStore = stores.modeStore();
      }
      return this;
    }

    /**
     * The condition engine of the host's scenarios, the built-in one by default. When set, it is given to the
     * {@link #stores} set, which compiles the conditions of the versions it reads back with it
     * ({@link Stores#withConditionEngine}); when not, the set keeps the engine it has.
     */
    public Builder conditionEngine(ConditionEngine engine) {
      this.conditionEngine = requireNonNull(engine, "conditionEngine");
      return this;
    }

    /** The configuration; {@link MigrationConfig#DEFAULTS} when not set. */
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
     * in it: {@code ScenarioMigration.builder().stores(JdbcStores)} sets the JDBC stores' own, and a store replaced
     * after that is not
     * covered by it.
     */
    public Builder unitOfWork(UnitOfWork unitOfWork) {
      this.unitOfWork = requireNonNull(unitOfWork, "unitOfWork");
      return this;
    }

    /**
     * The full visit log, written only with {@code sessions.visit_log = true} ({@link MigrationConfig#visitLog()});
     * an {@link InMemoryVisitLog} by default. {@code ScenarioMigration.builder().stores(JdbcStores)} sets the JDBC one,
     * which takes part
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

    /**
     * Where the modes (the kill switch, per-tenant modes, the soft-launch list) are kept and journaled: give every
     * engine of a host the same store and a change made on one is in force on all of them within
     * {@code mode_refresh_seconds} ({@link MigrationConfig#modeRefreshSeconds()}). {@link #stores} sets the set's own
     * ({@code JdbcStores}: in the database); by default a new {@link org.scenariomigration.memory.InMemoryModeStore},
     * this engine's alone.
     */
    public Builder modeStore(org.scenariomigration.spi.ModeStore store) {
      this.modeStore = requireNonNull(store, "modeStore");
      return this;
    }

    /** Builds the engine. */
    public ScenarioMigration build() {
      if (stores != null && conditionEngine != null && scenarioStore == stores.scenarioStore()) {
        scenarioStore = stores.withConditionEngine(conditionEngine).scenarioStore();
      }
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
      if (modeStore == null) {
        modeStore = new org.scenariomigration.memory.InMemoryModeStore();
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
