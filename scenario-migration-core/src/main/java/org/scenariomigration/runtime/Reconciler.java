package org.scenariomigration.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.TransformationMap;
import org.scenariomigration.spi.Extractor;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.CurrentVersion;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.session.OwedEffects;

/**
 * The just-in-time migration behind {@link ScenarioMigration#reconcile}, read top to bottom: the per-message fast path
 * ({@link #reconcile}: nothing pending, nothing owed, on the current version or pinned at the current deployment
 * generation), the retries on a concurrent update ({@link #reconcileSlow}), and the one decision function
 * ({@link #decide}) that names each outcome. The pieces sit behind package-private collaborators: the
 * {@link PlanCatalogue} (caches, chains, composites), the {@link CheckpointGuard}, the gap resolver ({@link GapFill},
 * with {@link WayCame}), {@link Relocation}, {@link Restorer} and the {@link MoveWriter} that writes every move with
 * its journal record; one {@link Move} value carries a move between them. Package-private.
 */
final class Reconciler {

  private final MigrationConfig config;
  private final ScenarioStore scenarios;
  private final SessionStore sessions;
  private final JournalStore journal;
  private final Extractor extractor;
  private final Clock clock;
  private final Modes modes;
  private final MigrationMetrics metrics;
  private final EventPublisher events;
  private final PlanCatalogue catalogue;
  private final CheckpointGuard guard;
  private final MoveWriter writer;
  private final WayCame way;
  private final GapFill gaps;
  private final Relocation relocation;
  private final Restorer rollbacks;
  private final Effects live;
  private final Effects batch;
  private final UncoveredChoices uncovered;
  private final OperatorMove mover;
  private final MappingApplier mappings = new MappingApplier();

  Reconciler(MigrationConfig config, ScenarioStore scenarios, PlanStore plans, SessionStore sessions,
      JournalStore journal, ProfileStore profiles, Extractor extractor, Clock clock, MigrationPlanner planner,
      Modes modes, MigrationMetrics metrics, List<MigrationListener> listeners, VisitLogging visits) {
    this.config = config;
    this.uncovered = new UncoveredChoices(config);
    this.scenarios = scenarios;
    this.sessions = sessions;
    this.journal = journal;
    this.extractor = extractor;
    this.clock = clock;
    this.modes = modes;
    this.metrics = metrics;
    this.events = new EventPublisher(metrics, listeners);
    this.catalogue = new PlanCatalogue(scenarios, plans, planner, clock);
    this.guard = new CheckpointGuard(config, this::visits);
    this.writer = new MoveWriter(config, sessions, clock, guard);
    this.way = new WayCame(catalogue, this::visits);
    this.gaps = new GapFill(config, profiles, clock, catalogue, guard, way, writer);
    this.relocation = new Relocation(config, modes, catalogue, guard, way, gaps, writer, this::visits, uncovered);
    this.rollbacks = new Restorer(config, journal, clock, catalogue, guard, writer, this::visits, plans);
    this.live = Effects.live(sessions, profiles, extractor, visits, events, true);
    this.batch = Effects.live(sessions, profiles, extractor, visits, events, false);
    this.mover = new OperatorMove(catalogue, guard, gaps, writer, clock);
  }

  /** The per-scenario choices for sessions no plan covers ({@link UncoveredChoices}). */
  UncoveredChoices uncovered() {
    return uncovered;
  }

  /** The one move of one session to a step an operator names ({@link OperatorMove}). */
  OperatorMove mover() {
    return mover;
  }

  /** Effects of a dry run that calls the extractor (an operator move's dry run answers what the real run would). */
  Effects dryRunEffects() {
    return Effects.dryRun(extractor, true);
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

  /** Each cache's bound and its weight now, in estimated bytes, by name ({@link PlanCatalogue#cacheWeights}). */
  Map<String, long[]> cacheWeights() {
    return catalogue.cacheWeights();
  }

  /** Effects that write to the stores and publish events; {@code interactive=false} for eager batch migration. */
  Effects liveEffects(boolean interactive) {
    return interactive ? live : batch;
  }

  /** {@link EventPublisher#deferEvents}. */
  List<MigrationEvent> deferEvents(List<MigrationEvent> into) {
    return events.deferEvents(into);
  }

  void publish(MigrationEvent event) {
    events.publish(event);
  }

  /** {@link CheckpointGuard#checkpointPassedSince}. */
  String checkpointPassedSince(SessionState now, SessionState migrated) {
    return guard.checkpointPassedSince(now, migrated);
  }

  void forgetVersions() {
    catalogue.forgetVersions();
  }

  Optional<ScenarioVersion> version(String tenantId, String scenarioId, int version) {
    return catalogue.version(tenantId, scenarioId, version);
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
      RecordingEffects fx = slowWithState(s);
      o = fx.outcome;
      state = fx.last;
    }
    // one allocation site, so that a host that does not keep the answer allocates nothing (escape analysis)
    return new Reconciled(o, state);
  }

  private RecordingEffects slowWithState(SessionState s) {
    long started = System.nanoTime();
    try {
      RecordingEffects fx = new RecordingEffects(live, s);
      fx.outcome = reconcileSlow(s, fx);
      return fx;
    } finally {
      metrics.recordSlowPath(System.nanoTime() - started);
    }
  }

  /** The slow path with retries on concurrent updates; also the unit of eager batch migration. */
  Outcome reconcileSlow(SessionState first, Effects fx) {
    String tenantId = first.tenantId();
    String sessionId = first.sessionId();
    return Retries.onConcurrentUpdate(attempt -> {
      if (attempt == 1) {
        return decide(first, fx);
      }
      // another call wrote the session first: decide again on what is stored now
      SessionState s = sessions.find(tenantId, sessionId)
          .orElseThrow(() -> new UnknownSessionException(tenantId, sessionId));
      if (fx instanceof RecordingEffects r) {
        r.last = s;
      }
      if (s.end() != null && s.owed() == null) {
        return fx.interactive() ? Outcome.Ended.of(s.end()) : Outcome.CONTINUE;
      }
      return settled(s) ? Outcome.CONTINUE : decide(s, fx);
    });
  }

  /**
   * The one decision of the slow path, in the order it is taken: an ended session answers {@code Ended}; what a move
   * owes the host is offered again ({@link #deliver}); while an operator change holds the scenario nothing is decided;
   * a rollback marker restores the session ({@link Restorer}); a marker of a deployed plan migrates it along the plan
   * chain to the current version ({@link #migrate}), or relocates it when the chain is broken ({@link Relocation}); a
   * stale marker is dropped; an unmarked session on an old version is judged by the deployment covering its version
   * ({@link #judge}).
   */
  private Outcome decide(SessionState s, Effects unbound) {
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
    Facts facts = catalogue.facts(t, s.scenarioId(), generation);
    Effects fx = unbound.at(generation);
    int current = facts.current();
    PendingMigration m = s.pending();
    if (m != null && m.rollback()) {
      return rollbacks.restore(s, m, facts, fx);
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
        List<MigrationPlan> chain = PlanCatalogue.chain(plan, facts);
        if (chain.isEmpty()) {
          SessionState settled = MoveWriter.settle(s.withPending(null), List.of(plan.id()));
          return relocation.relocateOrStrict(settled, facts, s, fx);
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
        List<MigrationPlan> chain = PlanCatalogue.chain(covering, facts);
        if (chain.isEmpty()) {
          return relocation.relocateOrStrict(MoveWriter.settle(s, List.of(covering.id())), facts, s, fx);
        }
        return migrate(s.withPending(marker), chain, facts, fx, s);
      }
      SessionState after = s.withPin(facts.deployment());
      if (s.pinned()) {
        fx.update(after, s.revision()); // judged again, left out again: nothing new to journal
      } else {
        // left out of its scope (or outside its rollout): it stays; the journal says which plan left it out (not as
        // the plan's record: the plan never moved it)
        fx.commit(after, s.revision(), writer.record(s, after, null, JournalRecord.Kind.PINNED, null, List.of(),
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
    return relocation.relocateOrStrict(s, facts, s, fx);
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
      fx.commit(retired, s.revision(), MoveWriter.retirement(s, retired, "handed over inside the host's transaction",
          clock.instant()));
    }
    return MoveWriter.offered(o);
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
    Facts facts = catalogue.facts(s.tenantId(), s.scenarioId(), generation);
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
    long generation = sessions.changeGeneration(s.tenantId(), s.scenarioId());
    Facts facts = catalogue.facts(s.tenantId(), s.scenarioId(), generation);
    List<MigrationPlan> chain = deployed ? PlanCatalogue.chain(plan, facts) : List.of(plan);
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
    ScenarioVersion from = catalogue.version(t, s.scenarioId(), s.version()).orElse(null);
    ScenarioVersion to = catalogue.version(t, s.scenarioId(), last.toVersion()).orElse(null);
    if (from == null || to == null) {
      return relocation.relocateOrStrict(s.withPending(null), facts, s, fx);
    }
    TransformationMap map = chain.size() == 1 ? first.transformationMap() : catalogue.composite(chain, from, to);
    List<String> planIds = chain.size() == 1 ? List.of(first.id()) : chain.stream().map(MigrationPlan::id).toList();
    Move move = new Move(s, from, to, map, planIds, first.id(), facts.deployment(), stored,
        mappings.apply(chain, s.variables(), from.conditionEngine()));
    AnchorTransformation anchor = catalogue.anchorIndex(map).get(s.currentStepId());
    if (anchor == null) {
      return relocation.relocate(move, map.deletedStep(s.currentStepId()).orElse(null), fx);
    }
    // a chain's policy is the last plan's, for its own anchor at the same target step (a twin's key names the step
    // in that plan's source version, which may differ from the session's)
    AnchorTransformation lastHop = chain.size() == 1 ? anchor
        : PlanCatalogue.anchorAt(last.transformationMap(), anchor.toStepId());
    AnchorPolicy policy = last.policyFor(lastHop != null ? lastHop : anchor);
    PendingMigration marker = s.pending();
    if (chain.size() == 1 && marker != null
        && !policy.scopeFilter().isAll()
        && !policy.scopeFilter().matches(s.channel(), Duration.between(s.createdAt(), marker.markedAt()),
            s.currentStepId())) {
      // the session moved after it was marked, to an anchor whose scope excludes it: it stays where it is. The
      // marker's hash cannot tell that it moved (a twin shares it, and a marker set at a deleted step carries its
      // relocation anchor's hash), so the scope is judged again, at the session's age when it was marked as deploy
      // judged it: a session that did not move is never left out here
      return writer.pin(move, null, fx);
    }
    AnchorTransformation firstHop = chain.size() == 1 ? anchor
        : catalogue.anchorIndex(first.transformationMap()).get(s.currentStepId());
    boolean pinnedByFirst = firstHop != null && chain.size() > 1
        && !first.policyFor(firstHop).updateDownstream();
    if (!policy.updateDownstream() || pinnedByFirst) {
      return writer.pin(move, null, fx);
    }
    MigrationScenario scenario = policy.forceScenario() != null ? policy.forceScenario()
        : anchor.migrationScenario();
    return gaps.moveAt(move, anchor.toStepId(), anchor, scenario, JournalRecord.Kind.MIGRATED, fx);
  }
}
