package org.scenariomigration.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
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
import org.scenariomigration.model.AnchorPolicy;
import org.scenariomigration.model.AnchorTransformation;
import org.scenariomigration.model.CollectedField;
import org.scenariomigration.model.DeletedStep;
import org.scenariomigration.model.ForkBranch;
import org.scenariomigration.model.InsertedNode;
import org.scenariomigration.model.MigrationPlan;
import org.scenariomigration.model.MigrationPlanner;
import org.scenariomigration.model.MigrationScenario;
import org.scenariomigration.model.NewFork;
import org.scenariomigration.model.PlanStatus;
import org.scenariomigration.model.ScenarioVersion;
import org.scenariomigration.model.Step;
import org.scenariomigration.model.StepMapping;
import org.scenariomigration.model.Transition;
import org.scenariomigration.model.TransformationMap;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.spi.Extractor;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.PendingMigration;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.spi.SessionState;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.spi.StepVisit;
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

  private final MigrationConfig config;
  private final ScenarioStore scenarios;
  private final PlanStore plans;
  private final SessionStore sessions;
  private final ProfileStore profiles;
  private final Extractor extractor;
  private final Clock clock;
  private final MigrationPlanner planner;
  private final Cache<VersionKey, ScenarioVersion> versionCache;
  private final Cache<PlanKey, MigrationPlan> planCache;
  private final Cache<ScenarioKey, Map<Integer, MigrationPlan>> chainCache;
  private final Cache<List<String>, TransformationMap> compositeCache;
  private final Cache<TransformationMap, Map<String, AnchorTransformation>> anchorIndexCache =
      Caffeine.newBuilder().executor(SAME_THREAD).weakKeys().maximumSize(10_000).build();
  private final Cache<AnchorTransformation, Prepared> preparedCache =
      Caffeine.newBuilder().executor(SAME_THREAD).weakKeys().maximumSize(100_000).build();

  record VersionKey(String tenantId, String scenarioId, int version) {}

  record PlanKey(String tenantId, String planId) {}

  record ScenarioKey(String tenantId, String scenarioId) {}

  private final JournalStore journal;
  private final Modes modes;
  private final MigrationMetrics metrics;
  private final List<MigrationListener> listeners;
  private final Effects live;
  private final Effects batch;

  Reconciler(MigrationConfig config, ScenarioStore scenarios, PlanStore plans, SessionStore sessions,
      JournalStore journal, ProfileStore profiles, Extractor extractor, Clock clock, MigrationPlanner planner,
      Modes modes, MigrationMetrics metrics, List<MigrationListener> listeners) {
    this.config = config;
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
    this.versionCache = Caffeine.newBuilder().executor(SAME_THREAD).maximumSize(10_000).build();
    this.planCache = Caffeine.newBuilder().executor(SAME_THREAD).maximumSize(10_000)
        .expireAfterWrite(Duration.ofSeconds(5)).build();
    this.chainCache = Caffeine.newBuilder().executor(SAME_THREAD).maximumSize(10_000)
        .expireAfterWrite(Duration.ofSeconds(5)).build();
    this.compositeCache = Caffeine.newBuilder().executor(SAME_THREAD).maximumSize(1_000).build();
    this.live = liveEffects(true);
    this.batch = liveEffects(false);
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
        return sessions.commit(session, expectedRevision, record);
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
    };
  }

  void publish(MigrationEvent event) {
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

  void invalidate(String tenantId, String scenarioId, String planId) {
    planCache.invalidate(new PlanKey(tenantId, planId));
    chainCache.invalidate(new ScenarioKey(tenantId, scenarioId));
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

  private MigrationPlan plan(String tenantId, String planId) {
    PlanKey k = new PlanKey(tenantId, planId);
    MigrationPlan p = planCache.getIfPresent(k);
    if (p == null) {
      p = plans.find(tenantId, planId).orElse(null);
      if (p != null) {
        planCache.put(k, p);
      }
    }
    return p;
  }

  /** Deployed or superseded plans of a scenario, the latest deployed per source version. */
  private Map<Integer, MigrationPlan> chainIndex(String tenantId, String scenarioId) {
    return chainCache.get(new ScenarioKey(tenantId, scenarioId),
        k -> indexByFromVersion(plans.forScenario(tenantId, scenarioId)));
  }

  /** Deployed or superseded plans, the latest deployed per source version. */
  private static Map<Integer, MigrationPlan> indexByFromVersion(List<MigrationPlan> all) {
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

  /** The chain of plans from {@code first} to {@code current}, or empty when it is broken. */
  private List<MigrationPlan> chain(MigrationPlan first, int current) {
    if (first.toVersion() == current || current == 0) {
      return List.of(first); // one hop: no index look-up
    }
    Map<Integer, MigrationPlan> index = chainIndex(first.tenantId(), first.scenarioId());
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
    SessionState s = sessions.find(tenantId, sessionId).orElse(null);
    if (s == null) {
      throw IdChecks.unknownSession(tenantId, sessionId);
    }
    // the per-message fast path, written out here (through settled(s) it measured 2-3 ns slower)
    if (s.pending() == null && (s.pinned() || s.version() == scenarios.currentVersion(tenantId, s.scenarioId()))) {
      return Outcome.CONTINUE;
    }
    long started = System.nanoTime();
    try {
      return reconcileSlow(s, live);
    } finally {
      metrics.recordSlowPath(System.nanoTime() - started);
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
        if (settled(s)) {
          return Outcome.CONTINUE;
        }
      }
    }
  }

  private Outcome slowPath(SessionState s, Effects fx) {
    String t = s.tenantId();
    int current = scenarios.currentVersion(t, s.scenarioId());
    PendingMigration m = s.pending();
    if (m != null && m.rollback()) {
      return restore(s, m, fx);
    }
    if (m != null) {
      MigrationPlan plan = plan(t, m.planId());
      if (plan == null || (plan.status() != PlanStatus.DEPLOYED && plan.status() != PlanStatus.SUPERSEDED)
          || plan.fromVersion() != s.version() || s.version() == current) {
        // (a marker on a session whose version is current again, after makeCurrent rolled back, is stale too)
        // the plan is gone or no longer deployed: drop the stale marker and look again
        s = fx.update(s.withPending(null), s.revision());
        if (s.pinned() || s.version() == current) {
          return Outcome.CONTINUE;
        }
      } else {
        List<MigrationPlan> chain = chain(plan, current);
        if (chain.isEmpty()) {
          return relocateOrStrict(settle(s.withPending(null), List.of(plan.id())), current, s, fx);
        }
        return migrate(s, chain, fx);
      }
    }
    if (coveredByPlan(s, chainIndex(t, s.scenarioId()))
        || coveredByPlan(s, indexByFromVersion(plans.forScenario(t, s.scenarioId())))) {
      // a plan covers this version but left the session out of its scope (or outside its rollout): it stays, and
      // is pinned once so that its next messages take the fast path; widening a rollout still marks it
      fx.update(s.withPinned(true), s.revision());
      return Outcome.CONTINUE;
    }
    // (a version a forced purge deleted is covered by nothing any more: its sessions fall back to relocation)
    return relocateOrStrict(s, current, s, fx);
  }

  private boolean coveredByPlan(SessionState s, Map<Integer, MigrationPlan> index) {
    return index.containsKey(s.version()) && version(s.tenantId(), s.scenarioId(), s.version()).isPresent();
  }

  /** Relocation, unless strict mode forbids it. */
  private Outcome relocateOrStrict(SessionState s, int current, SessionState stored, Effects fx) {
    if (modes.modeFor(s.tenantId()) == MigrationMode.STRICT) {
      if (config.strictAction() == MigrationConfig.StrictAction.EXCEPTION) {
        throw new StrictModeException(s.tenantId(), s.sessionId(), s.scenarioId(), s.version(), current);
      }
      SessionState base = stored.revision() == s.revision() ? s : s.withRevision(stored.revision());
      return exit(base, null, List.of(), fx);
    }
    return relocate(s, current, stored, fx);
  }

  /** Undoes a rolled-back plan's migration: back to the journaled before-state unless a checkpoint passed since. */
  private Outcome restore(SessionState s, PendingMigration m, Effects fx) {
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
      SessionState after = s.withPending(null).withPinned(true); // stays: pinned, or relocation would move it
      fx.commit(after, s.revision(), record(s, after, m.planId(), JournalRecord.Kind.CHECKPOINT_BLOCKED, null,
          List.of(), warning));
      fx.publish(new MigrationEvent.CheckpointBlocked(s.tenantId(), s.sessionId(), m.planId(), warning,
          clock.instant()));
      return new Outcome.Continue(true, warning);
    }
    SessionState restored = last.before().withPending(null);
    fx.commit(restored, s.revision(), record(s, restored, m.planId(), JournalRecord.Kind.ROLLED_BACK, null,
        List.of(), null));
    fx.publish(new MigrationEvent.RolledBack(s.tenantId(), s.sessionId(), m.planId(), clock.instant()));
    if (fx.writes() && config.logMigrations()) {
      fx.afterCommit(() -> LOG.info("rollback applied tenant={} session={} plan={} to={}@v{}", s.tenantId(),
          s.sessionId(), m.planId(), restored.currentStepId(), restored.version()));
    }
    return new Outcome.Teleport(restored.currentStepId(), restored.version(), "rollback", null);
  }

  /** The name of a checkpoint the session reached at or after its migration to {@code migrated}, or null. */
  static String checkpointPassedSince(SessionState now, SessionState migrated) {
    List<StepVisit> h = now.history();
    // the teleport target is the last visit of the migrated state; as everywhere, reaching a checkpoint counts as
    // passing it (the host may already have run it), so a checkpoint the session was teleported onto counts too
    int from = Math.max(0, migrated.history().size() - 1);
    for (int i = from; i < h.size(); i++) {
      if (h.get(i).checkpoint()) {
        return h.get(i).stepName();
      }
    }
    return null;
  }

  /**
   * What reconcile would answer if {@code plan} marked {@code s} now; nothing is written. The caller has checked that
   * the session is eligible.
   */
  Outcome predict(SessionState s, MigrationPlan plan, boolean useExtractor) {
    Effects fx = Effects.dryRun(extractor, useExtractor);
    SessionState virtual = s.pending() != null && s.pending().planId().equals(plan.id()) ? s
        : s.withPending(new PendingMigration(plan.id(), null, plan.toVersion(), clock.instant(), null));
    boolean deployed = plan.status() == PlanStatus.DEPLOYED || plan.status() == PlanStatus.SUPERSEDED;
    List<MigrationPlan> chain = deployed
        ? chain(plan, scenarios.currentVersion(s.tenantId(), s.scenarioId())) : List.of(plan);
    return migrate(virtual, chain, fx);
  }

  /**
   * Applies a session's migration again, for eager batch migration (never asks, never records asked fields), after
   * its held-back commit failed its revision check: from the state stored now (a message or another node may have
   * migrated it meanwhile, and then it continues).
   */
  Outcome applyMarkedAfresh(String tenantId, String sessionId) {
    SessionState s = sessions.find(tenantId, sessionId).orElse(null);
    return s == null || settled(s) ? Outcome.CONTINUE : reconcileSlow(s, batch);
  }

  /** Nothing to do: no marker, and the session is pinned or on the current version (as {@link #reconcile} checks). */
  private boolean settled(SessionState s) {
    return s.pending() == null
        && (s.pinned() || s.version() == scenarios.currentVersion(s.tenantId(), s.scenarioId()));
  }

  private Outcome migrate(SessionState s, List<MigrationPlan> chain, Effects fx) {
    String t = s.tenantId();
    MigrationPlan first = chain.get(0);
    MigrationPlan last = chain.get(chain.size() - 1);
    ScenarioVersion from = version(t, s.scenarioId(), s.version()).orElse(null);
    ScenarioVersion to = version(t, s.scenarioId(), last.toVersion()).orElse(null);
    if (from == null || to == null) {
      return relocateOrStrict(s.withPending(null), scenarios.currentVersion(t, s.scenarioId()), s, fx);
    }
    TransformationMap map = chain.size() == 1 ? first.transformationMap() : composite(chain, from, to);
    List<String> planIds = chain.size() == 1 ? List.of(first.id()) : chain.stream().map(MigrationPlan::id).toList();
    AnchorTransformation anchor = anchorIndex(map).get(s.currentStepId());
    if (anchor == null) {
      Optional<DeletedStep> deleted = map.deletedStep(s.currentStepId());
      if (deleted.isPresent() && deleted.get().relocateToStepId() != null) {
        return teleport(s, from, to, deleted.get().relocateToStepId(), false, JournalRecord.Kind.RELOCATED, null,
            "relocation", null, List.of(), List.of(), planIds, first.id(), fx);
      }
      return exit(s, first.id(), planIds, fx);
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
      SessionState after = settle(s.withPending(null).withPinned(true), planIds);
      fx.commit(after, s.revision(), record(s, after, first.id(), JournalRecord.Kind.PINNED, null, List.of(),
          null));
      return Outcome.CONTINUE;
    }
    AnchorTransformation firstHop = chain.size() == 1 ? anchor
        : anchorIndex(first.transformationMap()).get(s.currentStepId());
    boolean pinnedByFirst = firstHop != null && chain.size() > 1 && !policy(first, firstHop).updateDownstream();
    if (!policy.updateDownstream() || pinnedByFirst) {
      SessionState after = settle(s.withPending(null).withPinned(true), planIds);
      fx.commit(after, s.revision(), record(s, after, first.id(), JournalRecord.Kind.PINNED, null, List.of(),
          null));
      return Outcome.CONTINUE;
    }
    MigrationScenario scenario = policy.forceScenario() != null ? policy.forceScenario()
        : anchor.migrationScenario();
    List<FilledField> filled = List.of(); // a clean graft allocates neither list
    String target = anchor.toStepId();
    boolean rerouted = false;
    List<String> actions = List.of();
    if (scenario != MigrationScenario.CLEAN_GRAFT) {
      filled = new ArrayList<>();
      // with re-routing disabled a re-route is a gap fill: fields only a fork reads are not needed
      Prepared prepared = prepared(anchor, to);
      List<CollectedField> needed = scenario == MigrationScenario.RE_ROUTE && config.reRoutingEnabled()
          ? prepared.reRouteFields() : prepared.gapFillFields();
      List<String> missing = new ArrayList<>();
      Outcome.Confirm confirm = null;
      for (CollectedField f : needed) {
        Resolution r = resolve(s, f, fx);
        if (r.filled != null) {
          filled.add(r.filled);
        } else if (r.confirm != null) {
          confirm = confirm == null ? r.confirm : confirm;
        } else {
          missing.add(f.name());
        }
      }
      if (!missing.isEmpty()) {
        markAsked(s, missing, fx);
        return new Outcome.Collect(missing, "Before we continue, could you tell me your "
            + String.join(", ", missing) + "?");
      }
      if (confirm != null) {
        markAsked(s, List.of(confirm.field()), fx);
        return confirm;
      }
      if (scenario == MigrationScenario.RE_ROUTE && config.reRoutingEnabled()) {
        Map<String, Object> vars = new HashMap<>(s.variables());
        for (FilledField f : filled) {
          vars.put(f.field(), f.value());
        }
        String diverted = divert(prepared, to, vars, s);
        if (diverted != null) {
          target = diverted;
          rerouted = true;
        }
      }
      if (!rerouted) {
        for (InsertedNode n : anchor.upstreamChanges().insertedNodes()) {
          if (n.requiredAction()) {
            actions = actions.isEmpty() ? new ArrayList<>() : actions;
            actions.add(n.nodeId());
          }
        }
      }
    }
    String message = rerouted && config.notifyUser() ? config.notificationTemplate() : null;
    // what the migration applied: a re-route-class anchor whose session stayed on its branch was a gap fill
    MigrationScenario applied = rerouted ? MigrationScenario.RE_ROUTE
        : scenario == MigrationScenario.RE_ROUTE ? MigrationScenario.GAP_FILL : scenario;
    return teleport(s, from, to, target, rerouted, JournalRecord.Kind.MIGRATED, applied, applied.jsonName(), message,
        filled, actions, planIds, first.id(), fx);
  }

  /** Records asked fields on the marker; writes only when something new was asked (no write per waiting message). */
  private void markAsked(SessionState s, List<String> fields, Effects fx) {
    PendingMigration asked = s.pending().withAsked(fields);
    if (fx.interactive() && !asked.equals(s.pending())) {
      fx.update(s.withPending(asked), s.revision());
    }
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
  record Prepared(List<CollectedField> gapFillFields, List<CollectedField> reRouteFields, List<NewFork> forks) {}

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
    List<CollectedField> gapFill = List.copyOf(needed.values());
    List<NewFork> forks = new ArrayList<>();
    for (NewFork fork : anchor.upstreamChanges().newForks()) {
      if (fork.canDivert()) {
        forks.add(fork);
        for (String f : fork.fieldsRead()) {
          needed.putIfAbsent(f, CollectedField.required(f));
        }
      }
    }
    Map<String, Integer> depth = depths(to);
    forks.sort((a, b) -> Integer.compare(depth.getOrDefault(a.forkStepId(), Integer.MAX_VALUE),
        depth.getOrDefault(b.forkStepId(), Integer.MAX_VALUE)));
    return new Prepared(gapFill, List.copyOf(needed.values()), List.copyOf(forks));
  }

  private record Resolution(FilledField filled, Outcome.Confirm confirm) {}

  private Resolution resolve(SessionState s, CollectedField f, Effects fx) {
    String name = f.name();
    // a value the session already holds is no gap: the profile must not overwrite what the customer answered
    // (the migrated session keeps every variable) nor route it on another value than its own
    Object v = lookup(s.variables(), name);
    if (v != null) {
      return new Resolution(new FilledField(name, v, FilledField.Source.SESSION, 1.0), null);
    }
    Optional<ProfileField> p = profiles.find(s.tenantId(), s.customerId(), name);
    if (p.isPresent() && !p.get().isExpired(clock.instant()) && p.get().value() != null) {
      return new Resolution(new FilledField(name, p.get().value(), FilledField.Source.PROFILE,
          p.get().confidence()), null);
    }
    if (config.extractionEnabled()) {
      Optional<Extractor.Extraction> e = fx.extract(new Extractor.ExtractionRequest(s.tenantId(),
          s.sessionId(), s.customerId(), name, f.extractionHint(), config.maxConversationTurns()));
      if (e.isPresent() && e.get().value() != null
          && e.get().confidence() >= config.extractionConfidenceThreshold()) {
        double c = e.get().confidence();
        if (c < config.confirmationThreshold()) {
          return new Resolution(null, new Outcome.Confirm(name, e.get().value(), c,
              "Just to confirm, is your " + name + " " + e.get().value() + "?"));
        }
        return new Resolution(new FilledField(name, e.get().value(), FilledField.Source.EXTRACTION, c), null);
      }
    }
    return new Resolution(null, null);
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

  /** Evaluates the diverting forks nearest the start first; returns the diverted target, or null to stay. */
  private String divert(Prepared prepared, ScenarioVersion to, Map<String, Object> vars, SessionState s) {
    for (NewFork fork : prepared.forks()) {
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
          LOG.warn("re-route condition failed tenant={} session={} fork={} condition={} error={}", s.tenantId(),
              s.sessionId(), step.id(), tr.condition(), e.getMessage());
        }
      }
      chosen = chosen == null ? fallback : chosen;
      if (chosen == null) {
        continue;
      }
      for (ForkBranch b : fork.branches()) {
        if (b.targetStepId().equals(chosen) && !b.leadsToAnchor()) {
          return chosen;
        }
      }
    }
    return null;
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

  /** Null when the teleport is safe, else the warning. */
  String checkpointViolation(SessionState s, ScenarioVersion from, ScenarioVersion to, String target,
      boolean reroute) {
    if (!config.blockTeleportPastCheckpoint()) {
      return null;
    }
    Set<String> checked = null; // allocated at the first checkpoint: most histories have none
    String currentHash = null;
    for (StepVisit visit : s.history()) {
      if (!visit.checkpoint()) {
        continue;
      }
      if (checked == null) {
        checked = new java.util.HashSet<>();
        currentHash = currentHash(s, from);
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
      boolean runAgain = false;
      boolean upstream = false;
      for (Step c2 : c2s) {
        boolean onTarget = c2.id().equals(target);
        runAgain |= (onTarget && !visit.contentHash().equals(currentHash)) || to.canReach(target, c2.id());
        upstream |= onTarget || to.canReach(c2.id(), target);
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
    return null;
  }

  private static String currentHash(SessionState s, ScenarioVersion from) {
    if (from != null) {
      Optional<Step> st = from.step(s.currentStepId());
      if (st.isPresent()) {
        return st.get().contentHash();
      }
    }
    for (int i = s.history().size() - 1; i >= 0; i--) {
      if (s.history().get(i).stepId().equals(s.currentStepId())) {
        return s.history().get(i).contentHash();
      }
    }
    return null;
  }

  private Outcome teleport(SessionState s, ScenarioVersion from, ScenarioVersion to, String target, boolean reroute,
      JournalRecord.Kind kind, MigrationScenario scenario, String reason, String message, List<FilledField> filled,
      List<String> actions, List<String> planIds, String planId, Effects fx) {
    String violation = checkpointViolation(s, from, to, target, reroute);
    if (violation != null) {
      SessionState after = settle(s.withPending(null).withPinned(true), planIds);
      fx.commit(after, s.revision(), record(s, after, planId, JournalRecord.Kind.CHECKPOINT_BLOCKED, scenario,
          filled, violation));
      fx.publish(new MigrationEvent.CheckpointBlocked(s.tenantId(), s.sessionId(), planId, violation,
          clock.instant()));
      if (config.logCheckpointBlocks() && fx.writes()) {
        fx.afterCommit(() -> LOG.warn("checkpoint block tenant={} session={} plan={} warning={}", s.tenantId(),
            s.sessionId(), planId, violation));
      }
      return new Outcome.Continue(true, violation);
    }
    java.time.Instant now = clock.instant();
    SessionState after = arrived(s, to, target, filled, planIds, now);
    fx.commit(after, s.revision(), record(s, after, planId, kind, scenario, filled, null, now));
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
    if (!actions.isEmpty()) {
      return new Outcome.ExecuteActions(actions, target, to.version());
    }
    return new Outcome.Teleport(target, to.version(), reason, message);
  }

  private Outcome exit(SessionState s, String planId, List<String> planIds, Effects fx) {
    SessionState after = settle(s.withPending(null).withPinned(true), planIds);
    fx.commit(after, s.revision(), record(s, after, planId, JournalRecord.Kind.EXITED, null, List.of(), null));
    fx.publish(new MigrationEvent.Exited(s.tenantId(), s.sessionId(), planId, clock.instant()));
    if (fx.writes()) {
      fx.afterCommit(() -> LOG.info("exit scenario tenant={} session={} plan={}", s.tenantId(), s.sessionId(),
          planId));
    }
    return new Outcome.ExitScenario(config.exitMessage());
  }

  private Outcome relocate(SessionState s, int current, Effects fx) {
    return relocate(s, current, s, fx);
  }

  /** Relocation without a plan; {@code stored} is the state whose revision the write must check. */
  private Outcome relocate(SessionState s, int current, SessionState stored, Effects fx) {
    String t = s.tenantId();
    ScenarioVersion to = version(t, s.scenarioId(), current).orElse(null);
    if (to == null) {
      return Outcome.CONTINUE;
    }
    ScenarioVersion from = version(t, s.scenarioId(), s.version()).orElse(null);
    List<String> candidates = new ArrayList<>();
    String hash = currentHash(s, from);
    if (hash != null) {
      candidates.add(hash);
    }
    for (int i = s.history().size() - 1; i >= 0; i--) {
      candidates.add(s.history().get(i).contentHash());
    }
    SessionState base = stored.revision() == s.revision() ? s : s.withRevision(stored.revision());
    for (String h : new LinkedHashSet<>(candidates)) {
      List<Step> matches = to.stepsWithHash(h);
      if (matches.size() != 1) {
        continue;
      }
      String target = matches.get(0).id();
      if (checkpointViolation(base, from, to, target, false) == null) {
        return teleport(base, from, to, target, false, JournalRecord.Kind.RELOCATED, null, "relocation", null,
            List.of(), List.of(), List.of(), null, fx);
      }
    }
    return exit(base, null, List.of(), fx);
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
      MigrationScenario scenario, List<FilledField> filled, String warning, java.time.Instant at) {
    List<String> asked = before.pending() == null ? List.of() : before.pending().askedFields();
    return new JournalRecord(fastUuid(at), before.tenantId(), before.sessionId(), planId, kind,
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
  private static SessionState arrived(SessionState s, ScenarioVersion to, String target, List<FilledField> filled,
      List<String> planIds, java.time.Instant now) {
    List<StepVisit> history = com.google.common.collect.ImmutableList.<StepVisit>builderWithExpectedSize(
        s.history().size() + 1).addAll(s.history()).add(StepVisit.of(to.requireStep(target), now)).build();
    Map<String, Object> vars = s.variables();
    if (!filled.isEmpty()) {
      vars = withFilled(vars, filled);
    }
    Set<String> settled = s.settledPlans();
    if (!planIds.isEmpty()) {
      settled = com.google.common.collect.ImmutableSet.<String>builderWithExpectedSize(settled.size()
          + planIds.size()).addAll(settled).addAll(planIds).build();
    }
    return new SessionState(s.tenantId(), s.sessionId(), s.customerId(), s.channel(), s.createdAt(),
        s.scenarioId(), to.version(), to.checksum(), target, history, vars, null, settled, false, s.revision() + 1);
  }
}
