package org.scenariomigration.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.collect.ImmutableList;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.scenariomigration.condition.ConditionEvaluationException;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.scenario.DeletedStep;
import org.scenariomigration.scenario.FieldType;
import org.scenariomigration.scenario.ForkBranch;
import org.scenariomigration.scenario.InsertedNode;
import org.scenariomigration.scenario.InvalidFieldValueException;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.NewFork;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.StepMapping;
import org.scenariomigration.scenario.Transition;
import org.scenariomigration.scenario.TransformationMap;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.spi.Extractor;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.CurrentVersion;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.session.OwedEffects;
import org.scenariomigration.session.StepVisit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The just-in-time migration logic behind {@link ScenarioMigration#reconcile}. Package-private. */
final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(ScenarioMigration.class);
  private static final int MAX_ATTEMPTS = 8;
  /**
   * Cache maintenance runs on the calling thread: handing it to the common pool costs a thread wake-up (unpark) every
   * few reads, which was a fifth of the migration path's time.
   */
  private static final java.util.concurrent.Executor SAME_THREAD = Runnable::run;
  /** How long facts are kept at most (see {@link #factsCache}). */
  static final Duration FACTS_TTL = Duration.ofSeconds(5);

  private final MigrationConfig config;
  private final ScenarioStore scenarios;
  private final PlanStore plans;
  private final SessionStore sessions;
  private final ProfileStore profiles;
  private final Extractor extractor;
  private final Clock clock;
  private final MigrationPlanner planner;
  private final Cache<VersionKey, ScenarioVersion> versionCache;
  private final Cache<FactsKey, Facts> factsCache;
  private final Cache<List<String>, TransformationMap> compositeCache;
  // every cache is bounded in estimated bytes ({@link CacheWeights}, the README's "Caches and their bounds")
  private final Cache<TransformationMap, Map<String, AnchorTransformation>> anchorIndexCache =
      Caffeine.newBuilder().executor(SAME_THREAD).weakKeys().maximumWeight(CacheWeights.ANCHOR_INDEXES_BYTES)
          .<TransformationMap, Map<String, AnchorTransformation>>weigher((k, v) -> CacheWeights.anchorIndex(v))
          .build();
  private final Cache<AnchorTransformation, Prepared> preparedCache =
      Caffeine.newBuilder().executor(SAME_THREAD).weakKeys().maximumWeight(CacheWeights.PREPARED_BYTES)
          .<AnchorTransformation, Prepared>weigher((k, v) -> CacheWeights.prepared(v)).build();

  record VersionKey(String tenantId, String scenarioId, int version) {}

  record FactsKey(String tenantId, String scenarioId, long generation) {}

  /**
   * What the slow path decides on, read from the stores (never from a cache of theirs) once per change generation of
   * a scenario: the current version, the stored versions, and the deployed or superseded plans by id and, the latest
   * deployed, by source version. Every operator change moves the generation, so facts of one generation never go
   * stale; a session write made on them requires the generation to be unchanged.
   */
  record Facts(long generation, int current, Set<Integer> versions, Map<String, MigrationPlan> plans,
      Map<Integer, MigrationPlan> byFrom, long deployment, Map<Integer, Map<String, MarkCriteria>> coverage) {

    /**
     * The marker the deployment covering {@code s}'s version gives it when it judges the session now, or {@code null}
     * when none covers it (no plan deployed from its version covers sessions, or its scope or rollout leaves it out).
     */
    PendingMigration judge(SessionState s) {
      Map<String, MarkCriteria> byStep = coverage.get(s.version());
      MarkCriteria c = byStep == null ? null : byStep.get(s.currentStepId());
      return c != null && c.matches(s) ? c.marker() : null;
    }
  }

  private final JournalStore journal;
  private final Modes modes;
  private final MigrationMetrics metrics;
  private final List<MigrationListener> listeners;
  private final Effects live;
  private final Effects batch;
  private final VisitLogging visits;

  Reconciler(MigrationConfig config, ScenarioStore scenarios, PlanStore plans, SessionStore sessions,
      JournalStore journal, ProfileStore profiles, Extractor extractor, Clock clock, MigrationPlanner planner,
      Modes modes, MigrationMetrics metrics, List<MigrationListener> listeners, VisitLogging visits) {
    this.config = config;
    this.visits = visits;
    this.scenarios = scenarios;
    this.plans = plans;
    this.sessions = sessions;
    this.journal = journal;
    this.profiles = profiles;
    this.extractor = extractor;
    this.clock = clock;
    this.planner = planner;
    this.modes = modes;
    this.metrics = metrics;
    this.listeners = List.copyOf(listeners);
    this.versionCache = Caffeine.newBuilder().executor(SAME_THREAD).maximumWeight(CacheWeights.VERSIONS_BYTES)
        .<VersionKey, ScenarioVersion>weigher((k, v) -> CacheWeights.version(v)).build();
    // keyed by generation, so never stale with a store that keeps generations; the expiry (on the injected clock)
    // bounds how long a store that does not keep them (SessionStore's defaults) can be acted on from old facts
    this.factsCache = Caffeine.newBuilder().executor(SAME_THREAD).maximumWeight(CacheWeights.FACTS_BYTES)
        .<FactsKey, Facts>weigher((k, v) -> CacheWeights.facts(v))
        .expireAfterWrite(FACTS_TTL).ticker(() -> clock.millis() * 1_000_000L).build();
    this.compositeCache = Caffeine.newBuilder().executor(SAME_THREAD).maximumWeight(CacheWeights.COMPOSITES_BYTES)
        .<List<String>, TransformationMap>weigher((k, v) -> CacheWeights.map(v) + 64 * k.size()).build();
    this.live = liveEffects(true);
    this.batch = liveEffects(false);
  }

  /**
   * How the decisions read a session's history: its bounded form, unless a test reads the full visit log instead to
   * prove that the bounded form answers every query as the log does.
   */
  private java.util.function.Function<SessionState, Visits> historyReader = s -> Visits.of(s.history());

  /** For tests: read histories with {@code reader} instead of their bounded form. */
  void readHistoriesWith(java.util.function.Function<SessionState, Visits> reader) {
    this.historyReader = java.util.Objects.requireNonNull(reader, "reader");
  }

  private Visits visits(SessionState s) {
    return historyReader.apply(s);
  }

  /**
   * Each cache's bound and its weight now, in estimated bytes, by name: {@code [bound, weight]} (for the tests; a
   * cache bounded by entries and not by weight would have no bound here).
   */
  Map<String, long[]> cacheWeights() {
    Map<String, long[]> out = new LinkedHashMap<>();
    java.util.function.BiConsumer<String, Cache<?, ?>> put = (name, c) -> {
      c.cleanUp();
      c.policy().eviction().filter(e -> e.isWeighted()).ifPresent(e -> out.put(name,
          new long[] {e.getMaximum(), e.weightedSize().orElseThrow()}));
    };
    put.accept("versions", versionCache);
    put.accept("facts", factsCache);
    put.accept("composites", compositeCache);
    put.accept("anchor indexes", anchorIndexCache);
    put.accept("prepared anchors", preparedCache);
    return out;
  }

  /** Effects that write to the stores and publish events; {@code interactive=false} for eager batch migration. */
  Effects liveEffects(boolean interactive) {
    return new Effects() {
      @Override
      public SessionState update(SessionState session, long expectedRevision) {
        return sessions.update(session, expectedRevision);
      }

      @Override
      public SessionState commit(SessionState session, long expectedRevision, JournalRecord record) {
        return visits.write(record.before(), session, () -> sessions.commit(session, expectedRevision, record));
      }

      @Override
      public SessionState update(SessionState session, long expectedRevision, long expectedGeneration) {
        return sessions.update(session, expectedRevision, expectedGeneration);
      }

      @Override
      public SessionState commit(SessionState session, long expectedRevision, long expectedGeneration,
          JournalRecord record) {
        return visits.write(record.before(), session,
            () -> sessions.commit(session, expectedRevision, expectedGeneration, record));
      }

      @Override
      public void putProfile(String tenantId, String customerId, ProfileField field) {
        profiles.put(tenantId, customerId, field);
      }

      @Override
      public void publish(MigrationEvent event) {
        Reconciler.this.publish(event);
      }

      @Override
      public Optional<Extractor.Extraction> extract(Extractor.ExtractionRequest request) {
        return extractor.extract(request);
      }

      @Override
      public boolean interactive() {
        return interactive;
      }

      @Override
      public boolean writes() {
        return true;
      }

      @Override
      public boolean owes() {
        return !interactive;
      }
    };
  }

  /** Events of the operator call running on this thread, held back until it completes ({@link #deferEvents}). */
  private final ThreadLocal<List<MigrationEvent>> deferred = new ThreadLocal<>();

  /**
   * Holds back the events this thread publishes into {@code into} (or publishes them again when {@code null});
   * returns what was set before, so that a nested operator call joins the outer one's.
   */
  List<MigrationEvent> deferEvents(List<MigrationEvent> into) {
    List<MigrationEvent> before = deferred.get();
    if (into == null) {
      deferred.remove();
    } else {
      deferred.set(into);
    }
    return before;
  }

  void publish(MigrationEvent event) {
    List<MigrationEvent> held = deferred.get();
    if (held != null) {
      held.add(event);
      return;
    }
    metrics.onEvent(event);
    for (MigrationListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("migration listener {} failed on {}: {}", l, event.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /** Anchors by source step id, computed once per transformation map (identity-keyed, weakly held). */
  private Map<String, AnchorTransformation> anchorIndex(TransformationMap map) {
    AnchorIndex last = lastAnchorIndex; // while one plan is being applied, every look-up is this identity check
    if (last != null && last.map() == map) {
      return last.index();
    }
    Map<String, AnchorTransformation> index = anchorIndexCache.get(map, TransformationMap::byFromStep);
    lastAnchorIndex = new AnchorIndex(map, index);
    return index;
  }

  private record AnchorIndex(TransformationMap map, Map<String, AnchorTransformation> index) {}

  /** The last anchor index used (immutable map and index; a racy read only costs a cache look-up). */
  private volatile AnchorIndex lastAnchorIndex;

  /**
   * A time-ordered (version 7, RFC 9562) UUID: the milliseconds of {@code at} then 74 random bits from
   * ThreadLocalRandom (journal ids need uniqueness, not unpredictability). Ids of records written one after another
   * sort together, so the journal's unique index on them grows at one end instead of at random places (fewer pages
   * touched per insert, and on PostgreSQL fewer full-page images in the write-ahead log).
   */
  static String fastUuid(java.time.Instant at) {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long msb = ((at.toEpochMilli() & 0xFFFFFFFFFFFFL) << 16) | 0x7000L | (r.nextInt() & 0xFFFL);
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  void forgetVersions() {
    versionCache.invalidateAll();
    compositeCache.invalidateAll();
  }

  /** The facts of the scenario at {@code generation}, read fresh the first time this node needs them. */
  Facts facts(String tenantId, String scenarioId, long generation) {
    return factsCache.get(new FactsKey(tenantId, scenarioId, generation), k -> {
      CurrentVersion head = scenarios.readCurrent(tenantId, scenarioId);
      int current = head.version();
      List<MigrationPlan> all = plans.forScenario(tenantId, scenarioId);
      Map<String, MigrationPlan> live = new HashMap<>();
      for (MigrationPlan p : all) {
        if (p.status() == PlanStatus.DEPLOYED || p.status() == PlanStatus.SUPERSEDED) {
          live.put(p.id(), p);
        }
      }
      Map<Integer, MigrationPlan> byFrom = indexByFromVersion(all);
      Set<Integer> versions = Set.copyOf(scenarios.versions(tenantId, scenarioId));
      Map<Integer, Map<String, MarkCriteria>> coverage = new HashMap<>();
      for (MigrationPlan p : byFrom.values()) {
        if (p.markedAt() != null && versions.contains(p.fromVersion())) { // (a forced purge deletes versions)
          Map<String, MarkCriteria> byStep = new HashMap<>();
          for (MarkCriteria c : ScenarioMigration.markCriteria(p, p.markedAt(), p.rolloutPercent(),
              p.coverageGeneration())) {
            byStep.putIfAbsent(c.fromStepId(), c); // the first criteria of a step, as the counts take it
          }
          coverage.put(p.fromVersion(), Map.copyOf(byStep));
        }
      }
      return new Facts(generation, current, versions, Map.copyOf(live),
          Map.copyOf(byFrom), head.generation(), Map.copyOf(coverage));
    });
  }

  Optional<ScenarioVersion> version(String tenantId, String scenarioId, int version) {
    VersionKey k = new VersionKey(tenantId, scenarioId, version);
    ScenarioVersion v = versionCache.getIfPresent(k);
    if (v == null) {
      Optional<ScenarioVersion> loaded = scenarios.find(tenantId, scenarioId, version);
      loaded.ifPresent(x -> versionCache.put(k, x));
      return loaded;
    }
    return Optional.of(v);
  }

  /** Deployed or superseded plans, the latest deployed per source version. */
  static Map<Integer, MigrationPlan> indexByFromVersion(List<MigrationPlan> all) {
    Map<Integer, MigrationPlan> byFrom = new HashMap<>();
    for (MigrationPlan p : all) {
      if ((p.status() == PlanStatus.DEPLOYED || p.status() == PlanStatus.SUPERSEDED) && p.deployedAt() != null) {
        MigrationPlan prior = byFrom.get(p.fromVersion());
        if (prior == null || prior.deployedAt().isBefore(p.deployedAt())) {
          byFrom.put(p.fromVersion(), p);
        }
      }
    }
    return byFrom;
  }

  /** The chain of plans from {@code first} to the current version, or empty when it is broken. */
  private static List<MigrationPlan> chain(MigrationPlan first, Facts facts) {
    int current = facts.current();
    if (first.toVersion() == current || current == 0) {
      return List.of(first); // one hop: no index look-up
    }
    Map<Integer, MigrationPlan> index = facts.byFrom();
    List<MigrationPlan> chain = new ArrayList<>();
    chain.add(first);
    Set<Integer> seen = new LinkedHashSet<>();
    int at = first.toVersion();
    while (at != current && current != 0 && seen.add(at)) {
      MigrationPlan next = index.get(at);
      if (next == null) {
        return List.of(); // broken: the session falls back to relocation
      }
      chain.add(next);
      at = next.toVersion();
    }
    return chain;
  }

  Outcome reconcile(String tenantId, String sessionId) {
    if (!config.enabled() || modes.modeFor(tenantId) == MigrationMode.OFF) {
      return Outcome.CONTINUE;
    }
    SessionState s = sessions.findOrNull(tenantId, sessionId);
    if (s == null) {
      throw IdChecks.unknownSession(tenantId, sessionId);
    }
    // the per-message fast path, written out here rather than through settled(s) (see the benchmarks README); an
    // ended session answers Ended once nothing is owed any more (what it owes is offered first)
    if (s.owed() == null) {
      if (s.end() != null) {
        return Outcome.Ended.of(s.end());
      }
      if (s.pending() == null) {
        CurrentVersion head = scenarios.current(tenantId, s.scenarioId());
        if (s.version() == head.version() || s.pinnedAt(head.generation())) {
          return Outcome.CONTINUE;
        }
      }
    }
    long started = System.nanoTime();
    try {
      return reconcileSlow(s, live);
    } finally {
      metrics.recordSlowPath(System.nanoTime() - started);
    }
  }

  /**
   * {@link #reconcile}, answering also the session's state as last read or written: one session read when nothing is
   * to do (whatever the mode), and the slow path's own reads and writes otherwise, never a read more.
   */
  Reconciled reconcileWithState(String tenantId, String sessionId) {
    SessionState s = sessions.findOrNull(tenantId, sessionId);
    if (s == null) {
      throw IdChecks.unknownSession(tenantId, sessionId);
    }
    Outcome o = Outcome.CONTINUE;
    SessionState state = s;
    if (config.enabled() && modes.modeFor(tenantId) != MigrationMode.OFF && (s.pending() != null
        || s.owed() != null || !upToDate(s, scenarios.current(tenantId, s.scenarioId())))) {
      Recording fx = slowWithState(s);
      o = fx.outcome;
      state = fx.last;
    }
    // one allocation site, so that a host that does not keep the answer allocates nothing (escape analysis)
    return new Reconciled(o, state);
  }

  private Recording slowWithState(SessionState s) {
    long started = System.nanoTime();
    try {
      Recording fx = new Recording(live, s);
      fx.outcome = reconcileSlow(s, fx);
      return fx;
    } finally {
      metrics.recordSlowPath(System.nanoTime() - started);
    }
  }

  /** Effects that remember the session state last read or written through them ({@link #reconcileWithState}). */
  private static final class Recording implements Effects {
    private final Effects inner;
    SessionState last;
    Outcome outcome;

    Recording(Effects inner, SessionState read) {
      this.inner = inner;
      this.last = read;
    }

    @Override
    public SessionState update(SessionState session, long expectedRevision) {
      return last = inner.update(session, expectedRevision);
    }

    @Override
    public SessionState commit(SessionState session, long expectedRevision, JournalRecord record) {
      return last = inner.commit(session, expectedRevision, record);
    }

    @Override
    public SessionState update(SessionState session, long expectedRevision, long expectedGeneration) {
      return last = inner.update(session, expectedRevision, expectedGeneration);
    }

    @Override
    public SessionState commit(SessionState session, long expectedRevision, long expectedGeneration,
        JournalRecord record) {
      return last = inner.commit(session, expectedRevision, expectedGeneration, record);
    }

    @Override
    public void putProfile(String tenantId, String customerId, ProfileField field) {
      inner.putProfile(tenantId, customerId, field);
    }

    @Override
    public void publish(MigrationEvent event) {
      inner.publish(event);
    }

    @Override
    public Optional<Extractor.Extraction> extract(Extractor.ExtractionRequest request) {
      return inner.extract(request);
    }

    @Override
    public void afterCommit(Runnable action) {
      inner.afterCommit(action);
    }

    @Override
    public boolean interactive() {
      return inner.interactive();
    }

    @Override
    public boolean writes() {
      return inner.writes();
    }

    @Override
    public boolean owes() {
      return inner.owes();
    }
  }

  /** The slow path with retries on concurrent updates; also the unit of eager batch migration. */
  Outcome reconcileSlow(SessionState first, Effects fx) {
    SessionState s = first;
    String tenantId = s.tenantId();
    String sessionId = s.sessionId();
    for (int attempt = 1; ; attempt++) {
      try {
        return slowPath(s, fx);
      } catch (ConcurrentUpdateException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        s = sessions.find(tenantId, sessionId).orElseThrow(() -> new UnknownSessionException(tenantId, sessionId));
        if (fx instanceof Recording r) {
          r.last = s;
        }
        if (s.end() != null && s.owed() == null) {
          return fx.interactive() ? Outcome.Ended.of(s.end()) : Outcome.CONTINUE;
        }
        if (settled(s)) {
          return Outcome.CONTINUE;
        }
      }
    }
  }

  private Outcome slowPath(SessionState s, Effects unbound) {
    if (s.end() != null && s.owed() == null) {
      return unbound.interactive() ? Outcome.Ended.of(s.end()) : Outcome.CONTINUE;
    }
    if (s.owed() != null && (s.pending() == null || !s.pending().rollback())) {
      // (a rollback marker undoes the move that owes it: the restore supersedes the obligation, journaled)
      return deliver(s, unbound);
    }
    String t = s.tenantId();
    long generation = sessions.changeGeneration(t, s.scenarioId());
    if (org.scenariomigration.spi.Generations.changing(generation)) {
      // an operator change of the scenario is in progress: nothing is decided on half of it, nothing is written
      return Outcome.CONTINUE;
    }
    Facts facts = facts(t, s.scenarioId(), generation);
    Effects fx = unbound.at(generation);
    int current = facts.current();
    PendingMigration m = s.pending();
    if (m != null && m.rollback()) {
      return restore(s, m, facts, fx);
    }
    if (m != null) {
      MigrationPlan plan = facts.plans().get(m.planId());
      if (plan == null || plan.fromVersion() != s.version() || s.version() == current) {
        // (a marker on a session whose version is current again, after makeCurrent rolled back, is stale too)
        // the plan is gone or no longer deployed: drop the stale marker and look again
        s = fx.update(s.withPending(null), s.revision());
        if (s.pinnedAt(facts.deployment()) || s.version() == current) {
          return Outcome.CONTINUE;
        }
      } else {
        List<MigrationPlan> chain = chain(plan, facts);
        if (chain.isEmpty()) {
          return relocateOrStrict(settle(s.withPending(null), List.of(plan.id())), facts, s, fx);
        }
        return migrate(s, chain, facts, fx);
      }
    }
    if (s.pinnedAt(facts.deployment()) || s.version() == current) {
      // the fast path's view of the current version was stale; the facts say there is nothing to do
      return Outcome.CONTINUE;
    }
    return judge(s, facts, fx);
  }

  /**
   * Judges a session with no marker on a version that is not current, once per deployment generation: the deployment
   * that covers its version (the plan deployed from it, {@link Facts#judge}) migrates it now when its scope and
   * rollout take it in, as marking at the deploy did; otherwise it is pinned at the generation, so that its next
   * messages take the fast path until a deployment, a widened rollout or a rollback moves the generation on.
   */
  private Outcome judge(SessionState s, Facts facts, Effects fx) {
    MigrationPlan covering = facts.byFrom().get(s.version());
    if (covering != null && facts.versions().contains(s.version())) {
      PendingMigration marker = facts.judge(s);
      if (marker != null) {
        List<MigrationPlan> chain = chain(covering, facts);
        if (chain.isEmpty()) {
          return relocateOrStrict(settle(s, List.of(covering.id())), facts, s, fx);
        }
        return migrate(s.withPending(marker), chain, facts, fx, s);
      }
      SessionState after = s.withPin(facts.deployment());
      if (s.pinned()) {
        fx.update(after, s.revision()); // judged again, left out again: nothing new to journal
      } else {
        // left out of its scope (or outside its rollout): it stays; the journal says which plan left it out (not as
        // the plan's record: the plan never moved it)
        fx.commit(after, s.revision(), record(s, after, null, JournalRecord.Kind.PINNED, null, List.of(),
            "left out by the scope or rollout of plan '" + covering.id() + "'"));
      }
      return Outcome.CONTINUE;
    }
    if (s.pinned()) {
      // pinned by a policy, a checkpoint or a rollback, and no deployment covers its version: it stays
      fx.update(s.withPin(facts.deployment()), s.revision());
      return Outcome.CONTINUE;
    }
    // (a version a forced purge deleted is covered by nothing any more: its sessions fall back to relocation)
    return relocateOrStrict(s, facts, s, fx);
  }

  /**
   * Offers what a move still owes the host ({@link OwedEffects}), with its id, at every message until it is retired:
   * nothing is written, so a host that fails after this call gets it again at the next message. Inside the host's
   * transaction ({@link SessionStore#joinsHostTransaction()}) it is retired in that transaction, journaled: the host's
   * commit retires it and its rollback offers it again. Eager batch migration leaves such a session for its next
   * message, so that an obligation is never replaced by another before the host has retired it.
   */
  private Outcome deliver(SessionState s, Effects fx) {
    if (!fx.interactive()) {
      return Outcome.CONTINUE;
    }
    OwedEffects o = s.owed();
    if (fx.writes() && sessions.joinsHostTransaction()) {
      SessionState retired = s.withOwed(null);
      fx.commit(retired, s.revision(), retirement(s, retired, "handed over inside the host's transaction",
          clock.instant()));
    }
    return offered(o);
  }

  /** The outcome that hands over {@code o}, with its id. */
  static Outcome offered(OwedEffects o) {
    return switch (o.kind()) {
      case TELEPORT -> new Outcome.Teleport(o.targetStepId(), o.targetVersion(), o.reason(), o.message(), o.id());
      case EXECUTE_ACTIONS -> new Outcome.ExecuteActions(o.actions(), o.targetStepId(), o.targetVersion(), o.id());
      case EXIT_SCENARIO -> new Outcome.ExitScenario(o.message(), o.id());
    };
  }

  /**
   * The id of what a move of {@code before} owes the host: derived from the tenant, the session and the revision the
   * move starts from (each move of a session starts from another revision), so that a move undone with the host's
   * transaction and made again from the same state owes the same id.
   */
  static String effectId(SessionState before) {
    return UUID.nameUUIDFromBytes(("scenario-migration owed effect\n" + before.tenantId() + "\n"
        + before.sessionId() + "\n" + before.revision()).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
  }

  /** Whether a journal record is of a move that owed the host {@code effectId}. */
  static boolean owedBy(JournalRecord r, String effectId) {
    if (r.after().owed() != null && r.after().owed().id().equals(effectId)) {
      return true;
    }
    boolean move = r.kind() == JournalRecord.Kind.MIGRATED || r.kind() == JournalRecord.Kind.RELOCATED
        || r.kind() == JournalRecord.Kind.EXITED;
    return move && effectId(r.before()).equals(effectId);
  }

  /**
   * The journal record of retiring what {@code s} owes, {@code after} owing nothing: no plan (neither a rollback nor
   * the plan's counts see it), the effect and how it was retired in the warning, the effect in the before-state.
   */
  static JournalRecord retirement(SessionState s, SessionState after, String how, Instant at) {
    OwedEffects o = s.owed();
    return record(s, after, null, JournalRecord.Kind.EFFECT_RETIRED, null, List.of(), "owed effect '" + o.id()
        + "' (" + o.kind().jsonName() + (o.planId() == null ? "" : " of plan '" + o.planId() + "'") + ") " + how, at);
  }

  /** Relocation, unless strict mode forbids it. */
  private Outcome relocateOrStrict(SessionState s, Facts facts, SessionState stored, Effects fx) {
    int current = facts.current();
    SessionState base = stored.revision() == s.revision() ? s : s.withRevision(stored.revision());
    if (modes.modeFor(s.tenantId()) == MigrationMode.STRICT) {
      if (config.strictAction() == MigrationConfig.StrictAction.EXCEPTION) {
        throw new StrictModeException(s.tenantId(), s.sessionId(), s.scenarioId(), s.version(), current);
      }
      return exit(new Move(base, null, null, null, List.of(), null, facts.deployment()),
          "strict mode: no deployed plan covers version " + s.version() + " of session '" + s.sessionId() + "'", fx);
    }
    return relocateWithoutPlan(base, facts, fx);
  }

  /**
   * Undoes a rolled-back plan's migration unless a checkpoint was passed since: the session goes back to the
   * position and version of its journaled before-state and keeps every variable it holds now (what the customer gave
   * since the migration is never dropped; values that changed are named in the journal record's warning).
   */
  private Outcome restore(SessionState s, PendingMigration m, Facts facts, Effects fx) {
    JournalRecord last = null;
    for (JournalRecord r : journal.forSession(s.tenantId(), s.sessionId())) {
      if (m.planId().equals(r.planId()) && r.kind() != JournalRecord.Kind.ROLLED_BACK) {
        last = r;
      }
    }
    if (last == null) {
      fx.update(s.withPending(null), s.revision());
      return Outcome.CONTINUE;
    }
    String passed = checkpointPassedSince(s, last.after());
    if (passed != null) {
      String warning = "checkpoint '" + passed + "' was passed after the migration of session '" + s.sessionId()
          + "' by plan '" + m.planId() + "': the rollback leaves it where it is";
      // stays: pinned, or relocation would move it
      SessionState after = s.withPending(null).withPin(facts.deployment());
      fx.commit(after, s.revision(), record(s, after, m.planId(), JournalRecord.Kind.CHECKPOINT_BLOCKED, null,
          List.of(), warning));
      fx.publish(new MigrationEvent.CheckpointBlocked(s.tenantId(), s.sessionId(), m.planId(), warning,
          clock.instant()));
      return new Outcome.Continue(true, warning);
    }
    SessionState before = last.before();
    Instant now = clock.instant();
    StepVisit back = version(s.tenantId(), s.scenarioId(), before.version())
        .flatMap(v -> v.step(before.currentStepId())).map(step -> StepVisit.of(step, now))
        .orElseGet(() -> lastVisitOf(visits(before), before, now));
    SessionState back0 = s.toBuilder().version(before.version()).scenarioChecksum(before.scenarioChecksum())
        .currentStepId(before.currentStepId()).history(s.historyWith(back)).pending(null).pinned(false).owed(null)
        .end(null).pinGeneration(0).build();
    SessionState restored = markedOnArrival(back0, facts, now);
    List<String> conflicts = variableConflicts(before, s);
    String warning = conflicts.isEmpty() ? null : "variables changed since the migration are kept: "
        + String.join(", ", conflicts);
    fx.commit(restored, s.revision(), record(s, restored, m.planId(), JournalRecord.Kind.ROLLED_BACK, null,
        List.of(), warning));
    fx.publish(new MigrationEvent.RolledBack(s.tenantId(), s.sessionId(), m.planId(), now));
    if (fx.writes() && config.logMigrations()) {
      fx.afterCommit(() -> LOG.info("rollback applied tenant={} session={} plan={} to={}@v{}", s.tenantId(),
          s.sessionId(), m.planId(), restored.currentStepId(), restored.version()));
    }
    return new Outcome.Teleport(restored.currentStepId(), restored.version(), "rollback", null);
  }

  /**
   * A session that arrives on a version that a deployed plan covers (a rollback returns it there after a newer plan
   * was deployed from it) is marked as that plan's deploy would have marked it, had it been there: so that it migrates
   * on, or, left out, is pinned, as the sessions that were there are.
   */
  private SessionState markedOnArrival(SessionState arrived, Facts facts, Instant now) {
    PendingMigration m = facts.judge(arrived);
    return m == null ? arrived : arrived.withPending(m);
  }

  /** A visit of the before-state's step when its version is gone: copied from its history. */
  private static StepVisit lastVisitOf(Visits h, SessionState before, Instant now) {
    StepVisit v = h.lastOf(before.currentStepId());
    if (v != null) {
      return new StepVisit(v.stepId(), v.stepName(), v.contentHash(), now, v.checkpoint(),
          v.checkpointDescription());
    }
    throw new IllegalStateException("the journaled state of session '" + before.sessionId()
        + "' never visited its own step '" + before.currentStepId() + "'");
  }

  /**
   * The variables that a rollback keeps although the old version did not see them so: each variable of {@code now}
   * that {@code before} did not hold, or held with another value, as {@code name} (new) or {@code name (changed)}.
   */
  static List<String> variableConflicts(SessionState before, SessionState now) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : now.variables().entrySet()) {
      if (!before.variables().containsKey(e.getKey())) {
        out.add(e.getKey());
      } else if (!java.util.Objects.equals(before.variables().get(e.getKey()), e.getValue())) {
        out.add(e.getKey() + " (changed)");
      }
    }
    return out;
  }

  /** The name of a checkpoint the session reached at or after its migration to {@code migrated}, or null. */
  String checkpointPassedSince(SessionState now, SessionState migrated) {
    Visits h = visits(now);
    // the teleport target is the last visit of the migrated state. Reaching a checkpoint by a migration is not
    // passing it: the checkpoint it arrived on counts only once the session moved on from it (the host ran it)
    long from = Math.max(0, visits(migrated).visitCount() - 1);
    if (h.visitCount() <= from + 1) {
      return null;
    }
    StepVisit passed = h.checkpointSince(from);
    return passed == null ? null : passed.stepName();
  }

  /**
   * {@code s} judged where it is by the deployment covering its version, in memory: with the marker that deployment
   * gives it, or pinned at the generation when its scope or rollout leaves it out; {@code s} itself when it has a
   * marker, is up to date, or no deployment covers its version. A session that moves ({@code advance}) on a version a
   * deployment covers and has not judged it yet is judged first, at the step the deployment found it at, and stored so
   * with its move: the move never changes what the deployment decided (as marking at the deploy did).
   */
  Judged judgedInPlace(SessionState s) {
    // the fast path's view of the current version (a cache on a database store): advance is per message too, so a
    // move can outrun a deployment made on another node by as long as a reconcile can, the cache's time to live
    if (s.pending() != null || s.end() != null || upToDate(s, scenarios.current(s.tenantId(), s.scenarioId()))) {
      return new Judged(s, SessionStore.ANY_GENERATION);
    }
    long generation = sessions.changeGeneration(s.tenantId(), s.scenarioId());
    if (org.scenariomigration.spi.Generations.changing(generation)) {
      // an operator change holds the scenario (running, or failed part-way until it is retried): the host's move is
      // not refused for it, and the session is judged where it is then (the one case where a move can change what a
      // deployment decides)
      return new Judged(s, SessionStore.ANY_GENERATION);
    }
    Facts facts = facts(s.tenantId(), s.scenarioId(), generation);
    if (s.version() == facts.current() || s.pinnedAt(facts.deployment())) {
      return new Judged(s, SessionStore.ANY_GENERATION);
    }
    MigrationPlan covering = facts.byFrom().get(s.version());
    if (covering == null || covering.markedAt() == null || !facts.versions().contains(s.version())) {
      return new Judged(s, SessionStore.ANY_GENERATION);
    }
    PendingMigration m = facts.judge(s);
    return new Judged(m != null ? s.withPending(m) : s.withPin(facts.deployment()), generation);
  }

  /**
   * A session judged in place, and the change generation its judgement rests on: the write that stores it requires
   * the generation unchanged ({@link SessionStore#ANY_GENERATION} when nothing was judged).
   */
  record Judged(SessionState session, long generation) {}

  /**
   * What reconcile would answer if {@code plan} marked {@code s} now; nothing is written. The caller has checked that
   * the session is eligible.
   */
  Outcome predict(SessionState s, MigrationPlan plan, boolean useExtractor) {
    Effects fx = Effects.dryRun(extractor, useExtractor);
    SessionState virtual = s.pending() != null && s.pending().planId().equals(plan.id()) ? s
        : s.withPending(new PendingMigration(plan.id(), null, plan.toVersion(), clock.instant(), null));
    boolean deployed = plan.status() == PlanStatus.DEPLOYED || plan.status() == PlanStatus.SUPERSEDED;
    Facts facts = facts(s.tenantId(), s.scenarioId(), sessions.changeGeneration(s.tenantId(), s.scenarioId()));
    List<MigrationPlan> chain = deployed ? chain(plan, facts) : List.of(plan);
    return migrate(virtual, chain, facts, fx);
  }

  /**
   * Applies a session's migration again, for eager batch migration (never asks, never records asked fields), after
   * its held-back commit failed its revision check: from the state stored now (a message or another node may have
   * migrated it meanwhile, and then it continues).
   */
  Outcome applyMarkedAfresh(String tenantId, String sessionId) {
    SessionState s = sessions.findOrNull(tenantId, sessionId);
    return s == null || settled(s) ? Outcome.CONTINUE : reconcileSlow(s, batch);
  }

  /**
   * Nothing to do: no marker, nothing owed, and the session is pinned or on the current version (as
   * {@link #reconcile} checks).
   */
  private boolean settled(SessionState s) {
    return s.pending() == null && s.owed() == null && upToDate(s, scenarios.current(s.tenantId(), s.scenarioId()));
  }

  /** On the current version, or pinned at the current deployment generation: nothing to look at. */
  private static boolean upToDate(SessionState s, CurrentVersion head) {
    return s.version() == head.version() || s.pinnedAt(head.generation());
  }

  /**
   * One move of one session, whatever its cause: the session, the versions it moves between, the transformation map
   * that relates them ({@code null} when the source version is gone), the plans it settles and the plan the journal
   * names ({@code null} for a relocation without a plan).
   */
  private record Move(SessionState session, ScenarioVersion from, ScenarioVersion to, TransformationMap map,
      List<String> planIds, String planId, long deployment, SessionState stored) {

    /** A move of a session as it is stored. */
    Move(SessionState session, ScenarioVersion from, ScenarioVersion to, TransformationMap map, List<String> planIds,
        String planId, long deployment) {
      this(session, from, to, map, planIds, planId, deployment, session);
    }
  }

  private Outcome migrate(SessionState s, List<MigrationPlan> chain, Facts facts, Effects fx) {
    return migrate(s, chain, facts, fx, s);
  }

  /**
   * Migrates {@code s} along {@code chain}; {@code stored} is the session as stored, which the journal keeps as the
   * before-state ({@code s} carries the marker a deployment gave it when it was judged now, never stored).
   */
  private Outcome migrate(SessionState s, List<MigrationPlan> chain, Facts facts, Effects fx, SessionState stored) {
    String t = s.tenantId();
    MigrationPlan first = chain.get(0);
    MigrationPlan last = chain.get(chain.size() - 1);
    ScenarioVersion from = version(t, s.scenarioId(), s.version()).orElse(null);
    ScenarioVersion to = version(t, s.scenarioId(), last.toVersion()).orElse(null);
    if (from == null || to == null) {
      return relocateOrStrict(s.withPending(null), facts, s, fx);
    }
    TransformationMap map = chain.size() == 1 ? first.transformationMap() : composite(chain, from, to);
    List<String> planIds = chain.size() == 1 ? List.of(first.id()) : chain.stream().map(MigrationPlan::id).toList();
    Move move = new Move(s, from, to, map, planIds, first.id(), facts.deployment(), stored);
    AnchorTransformation anchor = anchorIndex(map).get(s.currentStepId());
    if (anchor == null) {
      return relocate(move, map.deletedStep(s.currentStepId()).orElse(null), fx);
    }
    AnchorPolicy policy = policy(last, anchor);
    PendingMigration marker = s.pending();
    if (chain.size() == 1 && marker != null
        && !policy.scopeFilter().isAll()
        && !policy.scopeFilter().matches(s.channel(), Duration.between(s.createdAt(), marker.markedAt()),
            s.currentStepId())) {
      // the session moved after it was marked, to an anchor whose scope excludes it: it stays where it is. The
      // marker's hash cannot tell that it moved (a twin shares it, and a marker set at a deleted step carries its
      // relocation anchor's hash), so the scope is judged again, at the session's age when it was marked as deploy
      // judged it: a session that did not move is never left out here
      return pin(move, null, fx);
    }
    AnchorTransformation firstHop = chain.size() == 1 ? anchor
        : anchorIndex(first.transformationMap()).get(s.currentStepId());
    boolean pinnedByFirst = firstHop != null && chain.size() > 1 && !policy(first, firstHop).updateDownstream();
    if (!policy.updateDownstream() || pinnedByFirst) {
      return pin(move, null, fx);
    }
    MigrationScenario scenario = policy.forceScenario() != null ? policy.forceScenario()
        : anchor.migrationScenario();
    return moveAt(move, anchor.toStepId(), anchor, scenario, JournalRecord.Kind.MIGRATED, fx);
  }

  /** Keeps the session where it is, on its version: pinned, its plans settled, journaled with the reason. */
  private Outcome pin(Move move, String warning, Effects fx) {
    SessionState s = move.session();
    SessionState after = settle(s.withPending(null).withPin(move.deployment()), move.planIds());
    fx.commit(after, s.revision(), record(move.stored(), after, move.planId(), JournalRecord.Kind.PINNED, null,
        List.of(), warning));
    if (warning != null && config.logReRoutes() && fx.writes()) {
      fx.afterCommit(() -> LOG.warn("session kept on its version tenant={} session={} plan={} warning={}",
          s.tenantId(), s.sessionId(), move.planId(), warning));
    }
    return warning == null ? Outcome.CONTINUE : new Outcome.Continue(false, warning);
  }

  /**
   * Moves the session to {@code target} of the move's target version, filling the gaps the move leaves first: the
   * same code for every move (a planned migration at an anchor, a composite migration, a relocation). When
   * {@code anchor} (the anchor at the target; {@code null} when the target is no anchor) is a gap fill or a re-route,
   * the fields its new upstream steps collect (and its new forks read) are looked up in the session, the profile and
   * the conversation, and asked of the customer last; its new forks may divert the session; the required actions of
   * its inserted steps are owed to the host. The checkpoint guard then decides in {@link #teleport}.
   */
  private Outcome moveAt(Move move, String anchorTarget, AnchorTransformation anchor, MigrationScenario scenario,
      JournalRecord.Kind kind, Effects fx) {
    SessionState s = move.session();
    ScenarioVersion to = move.to();
    List<FilledField> filled = List.of(); // a clean graft allocates neither list
    String target = anchorTarget;
    boolean rerouted = false;
    List<String> actions = List.of();
    if (anchor != null && scenario != MigrationScenario.CLEAN_GRAFT) {
      String orphan = orphanedCheckpoint(s, move.from(), move.to(), move.map());
      if (orphan != null) {
        return block(move, scenario, List.of(), orphan, fx); // before asking anything: no move is possible
      }
      filled = new ArrayList<>();
      // with re-routing disabled a re-route is a gap fill: fields only a fork reads are not needed
      Prepared prepared = prepared(anchor, to);
      boolean reroute = scenario == MigrationScenario.RE_ROUTE && config.reRoutingEnabled();
      List<NewFork> forks = reroute ? counting(prepared.forks(), move, anchor) : List.of();
      reroute = !forks.isEmpty();
      List<CollectedField> needed = reroute ? prepared.fieldsFor(forks) : prepared.gapFillFields();
      // the new upstream steps the session came through: a step on another branch, or on a retry loop's way back
      // that the session never took, asks nothing and is owed nothing
      Set<String> onWay = new java.util.HashSet<>();
      Set<String> wayFields = new java.util.HashSet<>();
      List<String[]> path = null;
      for (List<InsertedNode> nodes : List.of(anchor.upstreamChanges().insertedNodes(),
          anchor.upstreamChanges().editedNodes())) {
        for (InsertedNode n : nodes) {
          Step st = to.step(n.nodeId()).orElse(null);
          boolean checkpoint = st != null && st.checkpoint() && nodes == anchor.upstreamChanges().insertedNodes();
          if (n.collectsFields().isEmpty() && !n.requiredAction() && !checkpoint) {
            continue;
          }
          path = path == null ? wayCame(s, move, anchor.toStepId()) : path;
          if (onTheWay(path, n.nodeId(), move.to())) {
            if (checkpoint && config.blockTeleportPastCheckpoint() && !path.isEmpty()) {
              // a checkpoint new on the way the session came: it is past it and never passed it
              return block(move, scenario, List.of(), "checkpoint '" + st.name() + "' (" + st.checkpointDescription()
                  + ") is new in version " + to.version() + " on the way session '" + s.sessionId() + "' came to '"
                  + anchor.toStepId() + "', and it never passed it", fx);
            }
            onWay.add(n.nodeId());
            wayFields.addAll(n.collectsFields());
          }
        }
      }
      if (!needed.isEmpty()) {
        Set<String> forkFields = new java.util.HashSet<>();
        forks.forEach(f -> forkFields.addAll(f.fieldsRead()));
        List<CollectedField> kept = new ArrayList<>(needed.size());
        for (CollectedField c : needed) {
          if (wayFields.contains(c.name()) || forkFields.contains(c.name())) {
            kept.add(c);
          }
        }
        needed = kept;
      }
      if (reroute) {
        List<String> uncomputed = null;
        for (NewFork f : forks) {
          for (String c : f.computedFields()) {
            if (lookup(s.variables(), c) == null) {
              uncomputed = uncomputed == null ? new ArrayList<>() : uncomputed;
              if (!uncomputed.contains(c)) {
                uncomputed.add(c);
              }
            }
          }
        }
        if (uncomputed != null) {
          return computeFirst(move, anchor, uncomputed, fx);
        }
      }
      List<CollectedField> missing = new ArrayList<>();
      Outcome.Confirm confirm = null;
      for (CollectedField f : needed) {
        Resolution r = resolve(s, f, fx);
        if (r.filled != null) {
          filled.add(r.filled);
        } else if (r.confirm != null) {
          confirm = confirm == null ? r.confirm : confirm;
        } else {
          missing.add(f);
        }
      }
      if (!missing.isEmpty()) {
        return ask(s, missing, fx);
      }
      if (confirm != null) {
        markAsked(s, List.of(confirm.field()), fx);
        return confirm;
      }
      if (reroute) {
        Map<String, Object> vars = new HashMap<>(s.variables());
        for (FilledField f : filled) {
          vars.put(f.field(), f.value());
        }
        Diversion d = divert(forks, to, vars);
        if (d.failure() != null) {
          return conditionFailed(move, prepared, d, fx);
        }
        if (d.target() != null) {
          target = d.target();
          rerouted = true;
        }
      }
      if (!rerouted) {
        for (InsertedNode n : anchor.upstreamChanges().insertedNodes()) {
          if (n.requiredAction() && onWay.contains(n.nodeId()) && !ranFirst(s, to, n)) {
            actions = actions.isEmpty() ? new ArrayList<>() : actions;
            actions.add(n.nodeId());
          }
        }
        for (InsertedNode n : anchor.upstreamChanges().editedNodes()) {
          if (n.requiredAction() && onWay.contains(n.nodeId())) {
            actions = actions.isEmpty() ? new ArrayList<>() : actions;
            actions.add(n.nodeId());
          }
        }
      }
    }
    String message = rerouted && config.notifyUser() ? config.notificationTemplate() : null;
    if (kind == JournalRecord.Kind.RELOCATED) {
      return teleport(move, target, rerouted, kind, null, "relocation", message, filled, actions, fx);
    }
    // what the migration applied: a re-route-class anchor whose session stayed on its branch was a gap fill
    MigrationScenario applied = rerouted ? MigrationScenario.RE_ROUTE
        : scenario == MigrationScenario.RE_ROUTE ? MigrationScenario.GAP_FILL : scenario;
    return teleport(move, target, rerouted, kind, applied, applied.jsonName(), message, filled, actions, fx);
  }

  /**
   * The new upstream forks of a re-route anchor that count for this session. A fork whose branches changed counts only
   * if the session passed it (its history holds a visit of the fork's source step). A new fork counts only if it lies
   * on the way the session came: between two anchors it visited one after the other (the last of them the anchor it
   * is at), reachable from the first and reaching the second. A session whose history names no earlier anchor counts
   * every new fork.
   */
  private List<NewFork> counting(List<NewFork> forks, Move move, AnchorTransformation anchor) {
    if (forks.isEmpty()) {
      return forks;
    }
    SessionState s = move.session();
    List<NewFork> out = new ArrayList<>(forks.size());
    List<String[]> path = null;
    for (NewFork f : forks) {
      boolean counts;
      if (f.fromStepId() != null) {
        counts = visits(s).visited(f.fromStepId());
      } else {
        if (path == null) {
          path = wayCame(s, move, anchor.toStepId());
        }
        counts = onTheWay(path, f.forkStepId(), move.to());
      }
      if (counts) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * Whether step {@code id} of {@code to} lies on the way the session came: between two anchors of its path, one
   * after the other, reachable from the first and reaching the second without passing the first again (a retry loop
   * back through the first is not the way the session went). A session that came to its anchor from no other anchor
   * tells nothing: every step counts.
   */
  private static boolean onTheWay(List<String[]> pairs, String id, ScenarioVersion to) {
    if (pairs.isEmpty()) {
      return true;
    }
    for (String[] pair : pairs) {
      String p = pair[0];
      String q = pair[1];
      // both legs avoid the other end: a detour through the next anchor and back is not the way the session went
      if (!id.equals(p) && (id.equals(q) || (reachesAvoiding(to, p, id, q) && reachesAvoiding(to, id, q, p)))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code to} can be reached from {@code from} in {@code v} on a path that does not enter {@code avoid}. */
  private static boolean reachesAvoiding(ScenarioVersion v, String from, String to, String avoid) {
    ArrayDeque<String> queue = new ArrayDeque<>();
    Set<String> seen = new java.util.HashSet<>();
    queue.add(from);
    seen.add(from);
    while (!queue.isEmpty()) {
      for (String next : v.successors(queue.poll())) {
        if (next.equals(to)) {
          return true;
        }
        if (!next.equals(avoid) && seen.add(next)) {
          queue.add(next);
        }
      }
    }
    return false;
  }

  /**
   * The legs of the way the session came, as pairs of anchors of the target version {@code [p, q]}: the session went
   * from a step whose counterpart is {@code p} to one whose counterpart is {@code q} directly or through steps that
   * have none (the step it is at counts as {@code at}). Read from which step each visit came from, not from the order
   * of all visits, so that a bounded history answers it: a visit graph can join two legs that one walk never did,
   * which counts a fork more, never less.
   */
  private List<String[]> wayCame(SessionState s, Move move, String at) {
    Visits h = visits(s);
    List<StepVisit> entries = h.byLastVisit();
    Map<StepVisit, String> anchors = new java.util.IdentityHashMap<>();
    for (StepVisit e : entries) {
      String c = counterpart(e, move);
      anchors.put(e, c == null ? "" : c);
    }
    List<String[]> pairs = new ArrayList<>();
    Set<String> seenPairs = new java.util.HashSet<>();
    for (StepVisit b : entries) {
      if (!anchors.get(b).isEmpty()) {
        legsInto(h, b, anchors.get(b), anchors, pairs, seenPairs);
      }
    }
    // the last visit is the session's arrival at the anchor it is at: a leg into it, whatever the counterpart of its
    // step's earlier visits (none, for a step the new version deleted: they are passed through like any other)
    if (!entries.isEmpty()) {
      legsInto(h, entries.get(entries.size() - 1), at, anchors, pairs, seenPairs);
    }
    return pairs;
  }

  /**
   * Adds the legs {@code [p, q]} that end at entry {@code b}: walking back from it through entries with no
   * counterpart, each entry with one ({@code p}, not {@code q}) begins one.
   */
  private static void legsInto(Visits h, StepVisit b, String q, Map<StepVisit, String> anchors, List<String[]> pairs,
      Set<String> seenPairs) {
    ArrayDeque<StepVisit> back = new ArrayDeque<>(h.cameFrom(b));
    Set<StepVisit> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    while (!back.isEmpty()) {
      StepVisit a = back.poll();
      if (!seen.add(a)) {
        continue;
      }
      String p = anchors.getOrDefault(a, "");
      if (p.isEmpty()) {
        back.addAll(h.cameFrom(a)); // a step with no counterpart: the leg goes on through it
      } else if (!p.equals(q) && seenPairs.add(p + '\u0000' + q)) {
        pairs.add(new String[] {p, q});
      }
    }
  }

  /**
   * A fork the session must pass reads fields the flow computes ({@code sets_fields}) that the session lacks: they are
   * never asked. When new upstream steps of the anchor compute them, the host runs those first
   * ({@code execute_actions}, the session staying where it is) and the next message decides; otherwise, or when that
   * did not set them, the session stays on its version with a warning.
   */
  private Outcome computeFirst(Move move, AnchorTransformation anchor, List<String> fields, Effects fx) {
    SessionState s = move.session();
    List<String> steps = new ArrayList<>();
    for (InsertedNode n : anchor.upstreamChanges().insertedNodes()) {
      Step st = move.to().step(n.nodeId()).orElse(null);
      if (st != null && !java.util.Collections.disjoint(st.setsFields(), fields)) {
        steps.add(st.id());
      }
    }
    boolean tried = s.pending() == null || s.pending().askedFields().containsAll(fields);
    if (!steps.isEmpty() && !tried) {
      if (!fx.interactive()) {
        return Outcome.CONTINUE; // eager batch migration runs nothing: the session's next message will
      }
      markAsked(s, fields, fx);
      return new Outcome.ExecuteActions(steps, s.currentStepId(), s.version());
    }
    return pin(move, "re-route at '" + anchor.toStepId() + "' of version " + move.to().version()
        + " needs " + fields + ", computed by the flow" + (steps.isEmpty() ? " ahead of no new step"
        : " by " + steps + ", which did not set " + (fields.size() > 1 ? "them" : "it")) + "; session '"
        + s.sessionId() + "' kept on version " + s.version(), fx);
  }

  /** Whether the host already ran inserted step {@code n} to compute a field a fork needed ({@link #computeFirst}). */
  private static boolean ranFirst(SessionState s, ScenarioVersion to, InsertedNode n) {
    if (s.pending() == null || s.pending().askedFields().isEmpty()) {
      return false;
    }
    Step st = to.step(n.nodeId()).orElse(null);
    return st != null && !java.util.Collections.disjoint(st.setsFields(), s.pending().askedFields());
  }

  /** Asks the customer for the missing fields, naming each with its declared type. */
  private Outcome ask(SessionState s, List<CollectedField> missing, Effects fx) {
    List<String> names = new ArrayList<>(missing.size());
    for (CollectedField f : missing) {
      names.add(f.name());
    }
    markAsked(s, names, fx);
    return new Outcome.Collect(names, "Before we continue, could you tell me your " + String.join(", ", names)
        + "?", missing);
  }

  /**
   * A re-route condition that cannot be evaluated never falls through to a default branch: as
   * {@code re_routing.on_condition_error} says, the customer is asked for the fields it reads (once), or the session
   * is kept where it is; either way the journal says which condition failed and why.
   */
  private Outcome conditionFailed(Move move, Prepared prepared, Diversion d, Effects fx) {
    SessionState s = move.session();
    String warning = "re-route condition '" + d.condition() + "' at '" + d.forkStepId() + "' of version "
        + move.to().version() + " cannot be evaluated for session '" + s.sessionId() + "': " + d.failure();
    if (config.onConditionError() == MigrationConfig.ConditionErrorAction.ASK && fx.interactive()
        && s.pending() != null && !s.pending().askedFields().containsAll(d.fieldsRead())) {
      List<CollectedField> fields = new ArrayList<>();
      for (String f : d.fieldsRead()) {
        fields.add(prepared.field(f));
      }
      if (fx.writes()) {
        fx.afterCommit(() -> LOG.warn("{}; asking for {}", warning, d.fieldsRead()));
      }
      return ask(s, fields, fx);
    }
    if (!fx.interactive() && config.onConditionError() == MigrationConfig.ConditionErrorAction.ASK) {
      return Outcome.CONTINUE; // eager batch migration asks nobody: the session's next message will
    }
    return pin(move, warning + "; kept on version " + s.version(), fx);
  }

  /** Records asked fields on the marker; writes only when something new was asked (no write per waiting message). */
  private void markAsked(SessionState s, List<String> fields, Effects fx) {
    if (s.pending() == null) {
      return; // a relocation without a plan: nothing to record on (the next message looks again)
    }
    PendingMigration asked = s.pending().withAsked(fields);
    if (fx.interactive() && !asked.equals(s.pending())) {
      fx.update(s.withPending(asked), s.revision());
    }
  }

  /**
   * Relocation without a plan (the version was made current directly, the plan chain is broken, or the source version
   * was purged): the versions are diffed as a plan would diff them, so a session at a step both versions share moves
   * as a planned migration at that anchor would (gap fill, re-route, required actions, checkpoint guard); a session
   * at a step the new version lacks is relocated as a deleted step of a plan is.
   */
  private Outcome relocateWithoutPlan(SessionState s, Facts facts, Effects fx) {
    String t = s.tenantId();
    ScenarioVersion to = version(t, s.scenarioId(), facts.current()).orElse(null);
    if (to == null) {
      return Outcome.CONTINUE;
    }
    ScenarioVersion from = version(t, s.scenarioId(), s.version()).orElse(null);
    TransformationMap map = from == null ? null : adHoc(t, from, to);
    Move move = new Move(s, from, to, map, List.of(), null, facts.deployment());
    AnchorTransformation anchor = map == null ? null : anchorIndex(map).get(s.currentStepId());
    if (anchor != null && checkpointViolation(s, from, to, anchor.toStepId(), false, map) == null) {
      return moveAt(move, anchor.toStepId(), anchor, anchor.migrationScenario(), JournalRecord.Kind.RELOCATED, fx);
    }
    return relocate(move, map == null ? null : map.deletedStep(s.currentStepId()).orElse(null), fx);
  }

  /** The diff of two versions for a relocation without a plan, computed once per pair of versions. */
  private TransformationMap adHoc(String tenantId, ScenarioVersion from, ScenarioVersion to) {
    List<String> key = List.of(tenantId, from.scenarioId(), "ad hoc", from.checksum(), to.checksum());
    return compositeCache.get(key, k -> planner.diff(from, to));
  }

  /**
   * Relocates a session whose step has no anchor: to the plan's target for the deleted step, else back to the anchors
   * it visited, most recent first; the first target the checkpoint guard accepts wins, and the move fills its gaps as
   * any other does. When the guard refuses every target the session is kept where it is, as any checkpoint block
   * keeps it; when nothing in the new version matches where it was, it exits. Either way the journal says why.
   */
  private Outcome relocate(Move move, DeletedStep deleted, Effects fx) {
    SessionState s = move.session();
    List<String> targets = new ArrayList<>();
    if (deleted != null && deleted.relocateToStepId() != null) {
      targets.add(deleted.relocateToStepId());
    }
    List<StepVisit> visited = visits(s).byLastVisit();
    for (int i = visited.size() - 1; i >= 0; i--) {
      String target = counterpart(visited.get(i), move);
      if (target != null && !targets.contains(target)) {
        targets.add(target);
      }
    }
    List<String> refused = new ArrayList<>();
    for (String target : targets) {
      String violation = null;
      if (deleted != null && target.equals(deleted.relocateToStepId())
          && deleted.relocation() == DeletedStep.Relocation.DOWNSTREAM) {
        List<String> lacking = new ArrayList<>();
        for (String f : deleted.crossedFields()) {
          if (lookup(s.variables(), f) == null) {
            lacking.add(f);
          }
        }
        if (!lacking.isEmpty()) {
          violation = "moving session '" + s.sessionId() + "' forward to '" + target + "' in version "
              + move.to().version() + " would skip " + lacking + ", which it has not given";
        }
      }
      violation = violation != null ? violation
          : checkpointViolation(s, move.from(), move.to(), target, false, move.map());
      if (violation == null) {
        AnchorTransformation anchor = move.map() == null ? null : anchorAt(move.map(), target);
        return moveAt(move, target, anchor, anchor == null ? MigrationScenario.CLEAN_GRAFT
            : anchor.migrationScenario(), JournalRecord.Kind.RELOCATED, fx);
      }
      refused.add(violation);
    }
    if (refused.isEmpty()) {
      String why = "no step of version " + move.to().version() + " matches a step session '" + s.sessionId()
          + "' visited";
      if (move.from() == null || config.withoutSafeTarget() == MigrationConfig.NoSafeTargetAction.EXIT) {
        return exit(move, why, fx);
      }
      return pin(move, why + "; kept on version " + s.version() + " (relocation.without_safe_target = stay)", fx);
    }
    String why = "no safe place for session '" + s.sessionId() + "' in version " + move.to().version() + ": "
        + String.join("; ", refused);
    if (config.withoutSafeTarget() == MigrationConfig.NoSafeTargetAction.EXIT) {
      return exit(move, why, fx);
    }
    return block(move, null, List.of(), why, fx);
  }

  /** A move the checkpoint guard refused: the session stays on its version, pinned, and the journal says why. */
  private Outcome block(Move move, MigrationScenario scenario, List<FilledField> filled, String violation,
      Effects fx) {
    SessionState s = move.session();
    String planId = move.planId();
    SessionState after = settle(s.withPending(null).withPin(move.deployment()), move.planIds());
    fx.commit(after, s.revision(), record(move.stored(), after, planId, JournalRecord.Kind.CHECKPOINT_BLOCKED,
        scenario, filled, violation));
    fx.publish(new MigrationEvent.CheckpointBlocked(s.tenantId(), s.sessionId(), planId, violation,
        clock.instant()));
    if (config.logCheckpointBlocks() && fx.writes()) {
      fx.afterCommit(() -> LOG.warn("checkpoint block tenant={} session={} plan={} warning={}", s.tenantId(),
          s.sessionId(), planId, violation));
    }
    return new Outcome.Continue(true, violation);
  }

  /**
   * The target-version step of a visit: through the map's anchor when the visit was of the source version, else the
   * one target step with its content hash; {@code null} when there is none (or twins make it ambiguous).
   */
  private String counterpart(StepVisit visit, Move move) {
    if (move.map() != null && move.from() != null) {
      Step was = move.from().step(visit.stepId()).orElse(null);
      if (was != null && was.contentHash().equals(visit.contentHash())) {
        AnchorTransformation a = anchorIndex(move.map()).get(visit.stepId());
        return a == null ? null : a.toStepId();
      }
    }
    List<Step> matches = move.to().stepsWithHash(visit.contentHash());
    return matches.size() == 1 ? matches.get(0).id() : null;
  }

  private static AnchorTransformation anchorAt(TransformationMap map, String toStepId) {
    for (AnchorTransformation a : map.anchors()) {
      if (a.toStepId().equals(toStepId)) {
        return a;
      }
    }
    return null;
  }

  private AnchorPolicy policy(MigrationPlan last, AnchorTransformation anchor) {
    AnchorPolicy p = last.anchorPolicies().get(anchor.anchorContentHash());
    return p == null ? AnchorPolicy.defaults(anchor) : p;
  }

  private TransformationMap composite(List<MigrationPlan> chain, ScenarioVersion from, ScenarioVersion to) {
    List<String> key = new ArrayList<>(chain.size() + 2); // the plans of a chain share tenant and scenario
    key.add(chain.get(0).tenantId());
    key.add(from.scenarioId());
    chain.forEach(p -> key.add(p.id()));
    return compositeCache.get(key, k -> {
      // compose the anchors of every hop: a source step anchored all the way through maps to its final step
      Map<String, String> through = new LinkedHashMap<>();
      for (AnchorTransformation a : chain.get(0).transformationMap().anchors()) {
        through.put(a.fromStepId(), a.toStepId());
      }
      for (int i = 1; i < chain.size(); i++) {
        Map<String, AnchorTransformation> hop = chain.get(i).transformationMap().byFromStep();
        Map<String, String> next = new LinkedHashMap<>();
        through.forEach((src, mid) -> {
          AnchorTransformation a = hop.get(mid);
          if (a != null) {
            next.put(src, a.toStepId());
          }
        });
        through = next;
      }
      List<StepMapping> mappings = new ArrayList<>();
      through.forEach((a, b) -> mappings.add(new StepMapping(a, b)));
      return planner.diff(from, to, mappings);
    });
  }

  /**
   * What a migration at one anchor needs, computed once per anchor of a transformation map (its target version is
   * fixed by the map): the required fields the inserted upstream steps collect, those plus the fields the diverting
   * forks read, and the diverting forks nearest the start first.
   */
  record Prepared(List<CollectedField> gapFillFields, List<CollectedField> reRouteFields, List<NewFork> forks) {
    /** The gap-fill fields and the fields these forks read that no step computes. */
    List<CollectedField> fieldsFor(List<NewFork> counting) {
      if (counting.size() == forks.size()) {
        return reRouteFields;
      }
      Map<String, CollectedField> out = new LinkedHashMap<>();
      gapFillFields.forEach(f -> out.put(f.name(), f));
      for (NewFork fork : counting) {
        for (String f : fork.fieldsRead()) {
          if (!fork.computedFields().contains(f)) {
            out.putIfAbsent(f, field(f));
          }
        }
      }
      return List.copyOf(out.values());
    }

    /** The field of this name that the migration needs, or a required field of that name. */
    CollectedField field(String name) {
      for (CollectedField f : reRouteFields) {
        if (f.name().equals(name)) {
          return f;
        }
      }
      return CollectedField.required(name, FieldType.ANY);
    }
  }

  private Prepared prepared(AnchorTransformation anchor, ScenarioVersion to) {
    return preparedCache.get(anchor, a -> prepare(a, to));
  }

  static Prepared prepare(AnchorTransformation anchor, ScenarioVersion to) {
    Map<String, CollectedField> needed = new LinkedHashMap<>();
    for (InsertedNode n : anchor.upstreamChanges().insertedNodes()) {
      Step step = to.step(n.nodeId()).orElse(null);
      if (step == null) {
        continue;
      }
      for (CollectedField f : step.collectsFields()) {
        if (!f.optional()) {
          needed.putIfAbsent(f.name(), f);
        }
      }
    }
    for (InsertedNode n : anchor.upstreamChanges().editedNodes()) {
      Step step = to.step(n.nodeId()).orElse(null);
      if (step == null) {
        continue;
      }
      for (CollectedField f : step.collectsFields()) {
        if (n.collectsFields().contains(f.name())) {
          needed.putIfAbsent(f.name(), f);
        }
      }
    }
    List<CollectedField> gapFill = List.copyOf(needed.values());
    List<NewFork> forks = new ArrayList<>();
    for (NewFork fork : anchor.upstreamChanges().newForks()) {
      if (fork.canDivert()) {
        forks.add(fork);
        for (String f : fork.fieldsRead()) {
          if (!fork.computedFields().contains(f)) {
            needed.putIfAbsent(f, CollectedField.required(f, to.fieldType(f)));
          }
        }
      }
    }
    Map<String, Integer> depth = depths(to);
    forks.sort((a, b) -> Integer.compare(depth.getOrDefault(a.forkStepId(), Integer.MAX_VALUE),
        depth.getOrDefault(b.forkStepId(), Integer.MAX_VALUE)));
    return new Prepared(gapFill, List.copyOf(needed.values()), List.copyOf(forks));
  }

  private record Resolution(FilledField filled, Outcome.Confirm confirm) {}

  /**
   * Fills one field: the session's own value first, then the profile, then the conversation. Each value is converted
   * to the field's declared type; a value that cannot be converted is passed over (with a warning naming the field,
   * the value and the type), so the next source, or the customer, is asked instead.
   */
  private Resolution resolve(SessionState s, CollectedField f, Effects fx) {
    String name = f.name();
    // a value the session already holds is no gap: the profile must not overwrite what the customer answered
    // (the migrated session keeps every variable) nor route it on another value than its own
    Object v = typed(s, f, lookup(s.variables(), name), "session");
    if (v != null) {
      return new Resolution(new FilledField(name, v, FilledField.Source.SESSION, 1.0), null);
    }
    Optional<ProfileField> p = profiles.find(s.tenantId(), s.customerId(), name);
    if (p.isPresent() && !p.get().isExpired(clock.instant())) {
      Object pv = typed(s, f, p.get().value(), "profile");
      if (pv != null) {
        return new Resolution(new FilledField(name, pv, FilledField.Source.PROFILE, p.get().confidence()), null);
      }
    }
    if (config.extractionEnabled()) {
      Optional<Extractor.Extraction> e = fx.extract(new Extractor.ExtractionRequest(s.tenantId(),
          s.sessionId(), s.customerId(), name, f.extractionHint(), config.maxConversationTurns()));
      Object ev = e.isPresent() ? typed(s, f, e.get().value(), "extractor") : null;
      if (ev != null && e.get().confidence() >= config.extractionConfidenceThreshold()) {
        double c = e.get().confidence();
        if (c < config.confirmationThreshold()) {
          return new Resolution(null, new Outcome.Confirm(name, ev, c,
              "Just to confirm, is your " + name + " " + ev + "?", f.type()));
        }
        return new Resolution(new FilledField(name, ev, FilledField.Source.EXTRACTION, c), null);
      }
    }
    return new Resolution(null, null);
  }

  /** {@code value} converted to the field's declared type, or {@code null} (with a warning) when it cannot be. */
  private static Object typed(SessionState s, CollectedField f, Object value, String source) {
    if (value == null) {
      return null;
    }
    try {
      return f.type().convert(f.name(), value);
    } catch (InvalidFieldValueException e) {
      LOG.warn("gap fill passes over a {} value tenant={} session={}: {}", source, s.tenantId(), s.sessionId(),
          e.getMessage());
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private static Object lookup(Map<String, Object> vars, String path) {
    Object v = vars.get(path);
    if (v != null || !path.contains(".")) {
      return v;
    }
    Object cur = vars;
    for (String part : path.split("\\.")) {
      if (!(cur instanceof Map)) {
        return null;
      }
      cur = ((Map<String, Object>) cur).get(part);
    }
    return cur;
  }

  /**
   * The outcome of evaluating the diverting forks: the diverted target ({@code null} to stay on the anchor's branch),
   * or, when a condition could not be evaluated, the failure with the condition, its fork and the fields it reads.
   */
  private record Diversion(String target, String failure, String condition, String forkStepId,
      List<String> fieldsRead) {
    static final Diversion STAY = new Diversion(null, null, null, null, List.of());
  }

  /**
   * Evaluates the diverting forks nearest the start first. A condition that cannot be evaluated stops the evaluation:
   * falling through to the fork's default branch would route the session on a value nobody checked.
   */
  private Diversion divert(List<NewFork> forks, ScenarioVersion to, Map<String, Object> vars) {
    for (NewFork fork : forks) {
      Step step = to.step(fork.forkStepId()).orElse(null);
      if (step == null) {
        continue;
      }
      String chosen = null;
      String fallback = null;
      for (Transition tr : step.transitions()) {
        if (!tr.isConditional()) {
          fallback = fallback == null ? tr.toStepId() : fallback;
          continue;
        }
        try {
          if (to.condition(tr).evaluate(vars)) {
            chosen = tr.toStepId();
            break;
          }
        } catch (ConditionEvaluationException e) {
          return new Diversion(null, e.getMessage(), tr.condition(), step.id(),
              List.copyOf(to.condition(tr).fieldsRead()));
        }
      }
      chosen = chosen == null ? fallback : chosen;
      if (chosen == null) {
        continue;
      }
      for (ForkBranch b : fork.branches()) {
        if (b.targetStepId().equals(chosen) && !b.leadsToAnchor()) {
          return new Diversion(chosen, null, null, null, List.of());
        }
      }
    }
    return Diversion.STAY;
  }

  private static Map<String, Integer> depths(ScenarioVersion v) {
    Map<String, Integer> d = new HashMap<>();
    ArrayDeque<String> q = new ArrayDeque<>();
    d.put(v.startStepId(), 0);
    q.add(v.startStepId());
    while (!q.isEmpty()) {
      String id = q.poll();
      for (String n : v.successors(id)) {
        if (!d.containsKey(n)) {
          d.put(n, d.get(id) + 1);
          q.add(n);
        }
      }
    }
    return d;
  }

  /**
   * The checkpoint guard every move goes through: {@code null} when a teleport of {@code s} to {@code target} of
   * {@code to} is safe, else the warning. A move is refused when a checkpoint the session passed would run again
   * (it can reach the checkpoint from the target but could not from where it was), when a re-route would contradict
   * one (its counterpart is not upstream of the target), and when the target lies past a checkpoint of the new
   * version that the session never passed (the checkpoint is on every path to the target, and neither it nor the
   * source step {@code map} matches it to is in the session's history).
   */
  String checkpointViolation(SessionState s, ScenarioVersion from, ScenarioVersion to, String target,
      boolean reroute, TransformationMap map) {
    if (!config.blockTeleportPastCheckpoint()) {
      return null;
    }
    Set<String> checked = null; // allocated at the first checkpoint: most histories have none
    String currentHash = null;
    Visits h = visits(s);
    for (StepVisit visit : h.byFirstVisit()) {
      if (!visit.checkpoint()) {
        continue;
      }
      if (checked == null) {
        checked = new java.util.HashSet<>();
        currentHash = currentHash(s, h, from);
      }
      if (!checked.add(visit.contentHash())) {
        continue;
      }
      boolean reachableBefore = false;
      if (from != null && from.step(s.currentStepId()).isPresent()) {
        for (Step c1 : from.stepsWithHash(visit.contentHash())) {
          reachableBefore |= from.canReach(s.currentStepId(), c1.id());
        }
      }
      List<Step> c2s = to.stepsWithHash(visit.contentHash());
      if (c2s.isEmpty() && map != null && !hasCounterpart(visit, from, map)) {
        return orphaned(s, visit, to);
      }
      boolean runAgain = false;
      boolean upstream = false;
      for (Step c2 : c2s) {
        boolean onTarget = c2.id().equals(target);
        runAgain |= (onTarget && !visit.contentHash().equals(currentHash)) || to.canReach(target, c2.id());
        upstream |= onTarget || to.canReach(c2.id(), target);
      }
      if (c2s.isEmpty() && from != null && map != null) {
        // the checkpoint is gone from the new version (deleted, or replaced by a step of other content): a move back
        // to where, in the old version, it still lay ahead would run its replacement again
        AnchorTransformation back = anchorAt(map, target);
        if (back != null && from.step(back.fromStepId()).isPresent()) {
          for (Step c1 : from.stepsWithHash(visit.contentHash())) {
            runAgain |= from.canReach(back.fromStepId(), c1.id());
          }
        }
      }
      if (runAgain && !reachableBefore) {
        return "checkpoint '" + visit.stepName() + "' (" + visit.checkpointDescription() + ") passed by session '"
            + s.sessionId() + "' would run again after a teleport to '" + target + "' in version " + to.version();
      }
      if (reroute && !upstream) {
        return "checkpoint '" + visit.stepName() + "' (" + visit.checkpointDescription() + ") passed by session '"
            + s.sessionId() + "' would be contradicted by a re-route to '" + target + "' in version " + to.version();
      }
    }
    Set<String> visited = null;
    for (String id : to.dominatorsOf(target)) {
      Step c = to.requireStep(id);
      if (!c.checkpoint()) {
        continue;
      }
      if (visited == null) {
        visited = new java.util.HashSet<>();
        for (StepVisit v : h.byLastVisit()) {
          visited.add(v.contentHash());
        }
      }
      if (!passed(c, visited, map)) {
        return "checkpoint '" + c.name() + "' (" + c.checkpointDescription() + ") lies on every path to '" + target
            + "' in version " + to.version() + " but session '" + s.sessionId() + "' never passed it";
      }
    }
    return null;
  }

  private static String orphaned(SessionState s, StepVisit visit, ScenarioVersion to) {
    return "checkpoint '" + visit.stepName() + "' (" + visit.checkpointDescription() + ") passed by session '"
        + s.sessionId() + "' has no counterpart in version " + to.version() + " (by content, by edit or by"
        + " mapping); map it to its replacement to move such sessions";
  }

  /**
   * The guard's refusal for a checkpoint the session passed that has no counterpart in the move's target version, or
   * {@code null}; it does not depend on the target, so a move checks it before it asks anything.
   */
  private String orphanedCheckpoint(SessionState s, ScenarioVersion from, ScenarioVersion to,
      TransformationMap map) {
    if (!config.blockTeleportPastCheckpoint() || map == null) {
      return null;
    }
    for (StepVisit visit : visits(s).byFirstVisit()) {
      if (visit.checkpoint() && to.stepsWithHash(visit.contentHash()).isEmpty()
          && !hasCounterpart(visit, from, map)) {
        return orphaned(s, visit, to);
      }
    }
    return null;
  }

  /**
   * Whether a passed checkpoint has a counterpart through the map: an anchor (edited or mapped) whose source step
   * had the visit's content hash, or that is the visited checkpoint's own step.
   */
  private static boolean hasCounterpart(StepVisit visit, ScenarioVersion from, TransformationMap map) {
    for (AnchorTransformation a : map.anchors()) {
      if (a.fromContentHash().equals(visit.contentHash())) {
        return true;
      }
      if (a.fromStepId().equals(visit.stepId()) && from != null
          && from.step(visit.stepId()).map(Step::checkpoint).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a session that visited the steps of these content hashes passed target-version checkpoint {@code c}. */
  private static boolean passed(Step c, Set<String> visited, TransformationMap map) {
    if (visited.contains(c.contentHash())) {
      return true;
    }
    if (map != null) {
      for (AnchorTransformation a : map.anchors()) {
        if (a.toStepId().equals(c.id()) && visited.contains(a.fromContentHash())) {
          return true;
        }
      }
    }
    return false;
  }

  private static String currentHash(SessionState s, Visits h, ScenarioVersion from) {
    if (from != null) {
      Optional<Step> st = from.step(s.currentStepId());
      if (st.isPresent()) {
        return st.get().contentHash();
      }
    }
    StepVisit last = h.lastOf(s.currentStepId());
    return last == null ? null : last.contentHash();
  }

  private Outcome teleport(Move move, String target, boolean reroute, JournalRecord.Kind kind,
      MigrationScenario scenario, String reason, String message, List<FilledField> filled, List<String> actions,
      Effects fx) {
    SessionState s = move.session();
    ScenarioVersion to = move.to();
    String planId = move.planId();
    String violation = checkpointViolation(s, move.from(), to, target, reroute, move.map());
    if (violation != null) {
      return block(move, scenario, filled, violation, fx);
    }
    Instant now = clock.instant();
    // required actions and a re-route notice are owed; eager batch migration owes every outcome (nobody has it yet)
    String effectId = fx.writes() && (fx.owes() || !actions.isEmpty() || message != null) ? effectId(s) : null;
    Outcome outcome = actions.isEmpty() ? new Outcome.Teleport(target, to.version(), reason, message, effectId)
        : new Outcome.ExecuteActions(actions, target, to.version(), effectId);
    SessionState after = arrived(s, to, target, filled, move.planIds(), now);
    JournalRecord rec = record(move.stored(), after, planId, kind, scenario, filled, null, now);
    if (effectId != null && stillOwed(fx)) {
      after = after.withOwed(actions.isEmpty()
          ? new OwedEffects(effectId, OwedEffects.Kind.TELEPORT, planId, target, to.version(), reason, message,
              List.of())
          : new OwedEffects(effectId, OwedEffects.Kind.EXECUTE_ACTIONS, planId, target, to.version(), reason,
              message, actions));
      rec = record(move.stored(), after, planId, kind, scenario, filled, null, now, rec.id());
    }
    fx.commit(after, s.revision(), rec);
    if (kind == JournalRecord.Kind.RELOCATED) {
      fx.publish(new MigrationEvent.Relocated(s.tenantId(), s.sessionId(), planId, to.version(), target, now));
    } else {
      fx.publish(new MigrationEvent.MigrationApplied(s.tenantId(), s.sessionId(), planId, scenario, reason,
          to.version(), target, now));
    }
    for (FilledField f : filled) {
      fx.publish(new MigrationEvent.GapFilled(s.tenantId(), s.sessionId(), planId, f.field(), f.source(), now));
      if (f.source() == FilledField.Source.EXTRACTION) {
        fx.putProfile(s.tenantId(), s.customerId(), new ProfileField(f.field(), f.value(), "extraction",
            f.confidence(), null));
      }
      if (config.logGapFills() && fx.writes()) {
        fx.afterCommit(() -> LOG.info("gap filled tenant={} session={} plan={} field={} source={}", s.tenantId(),
            s.sessionId(), planId, f.field(), f.source().jsonName()));
      }
    }
    if (reroute && config.logReRoutes() && fx.writes()) {
      fx.afterCommit(() -> LOG.info("re-route tenant={} session={} plan={} target={}@v{}", s.tenantId(),
          s.sessionId(), planId, target, to.version()));
    }
    if (config.logMigrations() && fx.writes()) {
      fx.afterCommit(() -> LOG.info("migration applied tenant={} session={} plan={} kind={} from={}@v{} to={}@v{}",
          s.tenantId(), s.sessionId(), planId, kind.jsonName(), s.currentStepId(), s.version(), target,
          to.version()));
    }
    return outcome;
  }

  /** Tells the session to leave the scenario; the journal says why, and the message is owed as {@link #teleport}'s. */
  private Outcome exit(Move move, String why, Effects fx) {
    SessionState s = move.session();
    String planId = move.planId();
    Instant now = clock.instant();
    SessionState after = settle(s.withPending(null).withPin(move.deployment()), move.planIds());
    JournalRecord rec = record(move.stored(), after, planId, JournalRecord.Kind.EXITED, null, List.of(), why, now);
    String effectId = fx.writes() ? effectId(s) : null;
    if (effectId != null && stillOwed(fx)) {
      after = after.withOwed(new OwedEffects(effectId, OwedEffects.Kind.EXIT_SCENARIO, planId, null, s.version(),
          null, config.exitMessage(), List.of()));
      rec = record(move.stored(), after, planId, JournalRecord.Kind.EXITED, null, List.of(), why, now, rec.id());
    }
    fx.commit(after, s.revision(), rec);
    fx.publish(new MigrationEvent.Exited(s.tenantId(), s.sessionId(), planId, now));
    if (fx.writes()) {
      fx.afterCommit(() -> LOG.info("exit scenario tenant={} session={} plan={} reason={}", s.tenantId(),
          s.sessionId(), planId, why));
    }
    return new Outcome.ExitScenario(config.exitMessage(), effectId);
  }

  /**
   * Whether what a move hands over stays owed after the move's write: always for eager batch migration (no host has
   * it yet); at a message, unless the write joins the host's transaction, whose commit then retires it.
   */
  private boolean stillOwed(Effects fx) {
    return fx.owes() || !sessions.joinsHostTransaction();
  }

  private static SessionState settle(SessionState s, List<String> planIds) {
    SessionState out = s;
    for (String id : planIds) {
      out = out.withSettled(id);
    }
    return out;
  }

  private JournalRecord record(SessionState before, SessionState after, String planId, JournalRecord.Kind kind,
      MigrationScenario scenario, List<FilledField> filled, String warning) {
    return record(before, after, planId, kind, scenario, filled, warning, clock.instant());
  }

  private static JournalRecord record(SessionState before, SessionState after, String planId, JournalRecord.Kind kind,
      MigrationScenario scenario, List<FilledField> filled, String warning, Instant at) {
    return record(before, after, planId, kind, scenario, filled, warning, at, fastUuid(at));
  }

  private static JournalRecord record(SessionState before, SessionState after, String planId, JournalRecord.Kind kind,
      MigrationScenario scenario, List<FilledField> filled, String warning, Instant at, String id) {
    List<String> asked = before.pending() == null ? List.of() : before.pending().askedFields();
    return new JournalRecord(id, before.tenantId(), before.sessionId(), planId, kind,
        scenario, before, after.withRevision(before.revision() + 1), filled, asked, warning, at);
  }

  /** {@code vars} with the filled fields merged in, later values winning, in insertion order. */
  private static Map<String, Object> withFilled(Map<String, Object> vars, List<FilledField> filled) {
    if (vars instanceof com.google.common.collect.ImmutableMap<String, Object> m && noNullValue(filled)) {
      // the usual case: no null values, so the immutable map the state keeps is built directly (one copy, not two)
      com.google.common.collect.ImmutableMap.Builder<String, Object> b =
          com.google.common.collect.ImmutableMap.builderWithExpectedSize(m.size() + filled.size());
      b.putAll(m);
      for (FilledField f : filled) {
        b.put(f.field(), f.value());
      }
      return b.buildKeepingLast();
    }
    Map<String, Object> out = new LinkedHashMap<>(vars);
    for (FilledField f : filled) {
      out.put(f.field(), f.value());
    }
    return out;
  }

  private static boolean noNullValue(List<FilledField> filled) {
    for (FilledField f : filled) {
      if (f.value() == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * The state of {@code s} after a teleport to {@code target} of {@code to}, built in one copy: like
   * {@link ScenarioMigration#advance}, the arrival is a visit (so a checkpoint it lands on is on record), the filled
   * fields are merged into the variables, the marker is cleared, the session is unpinned and {@code planIds} are
   * settled; the revision is already the one the store gives the write, so neither the journal record nor the store
   * copies it again.
   */
  private SessionState arrived(SessionState s, ScenarioVersion to, String target, List<FilledField> filled,
      List<String> planIds, java.time.Instant now) {
    boolean complete = config.completeAtFinalStep();
    List<StepVisit> history = s.historyWith(StepVisit.of(to.requireStep(target), now));
    Map<String, Object> vars = s.variables();
    if (!filled.isEmpty()) {
      vars = withFilled(vars, filled);
    }
    Set<String> settled = s.settledPlans();
    if (!planIds.isEmpty()) {
      settled = com.google.common.collect.ImmutableSet.<String>builderWithExpectedSize(settled.size()
          + planIds.size()).addAll(settled).addAll(planIds).build();
    }
    Step at = to.requireStep(target);
    // with sessions.complete_at_final_step, a migration that lands on a step with no outgoing transition completes
    // the session (an ended one stays ended)
    org.scenariomigration.session.SessionEnd end = s.end() != null ? s.end() : complete && at.transitions().isEmpty()
        ? new org.scenariomigration.session.SessionEnd(org.scenariomigration.session.EndReason.COMPLETED, now) : null;
    return s.toBuilder().version(to.version()).scenarioChecksum(to.checksum()).currentStepId(target).history(history)
        .variables(vars).pending(null).settledPlans(settled).pinned(false).revision(s.revision() + 1).owed(null)
        .end(end).pinGeneration(0).build();
  }
}
