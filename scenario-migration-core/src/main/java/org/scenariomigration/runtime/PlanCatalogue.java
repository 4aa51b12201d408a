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
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.scenario.InsertedNode;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.scenario.NewFork;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.StepMapping;
import org.scenariomigration.scenario.TransformationMap;
import org.scenariomigration.spi.CurrentVersion;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.spi.SessionStore;

/**
 * What the decisions read about plans and versions, cached: the scenario versions, the per-generation
 * {@link Facts} (current version, deployed plans, the coverage of each deployment), the composite and ad-hoc
 * transformation maps of chains and relocations, the anchor index of each map, and what a migration at an anchor needs
 * ({@link Prepared}). Every cache is bounded in estimated bytes ({@link CacheWeights}); maintenance runs on the
 * calling thread. Package-private.
 */
final class PlanCatalogue {
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
  private final ScenarioStore scenarios;
  private final PlanStore plans;
  private final MigrationPlanner planner;

  PlanCatalogue(ScenarioStore scenarios, PlanStore plans, MigrationPlanner planner, Clock clock) {
    this.scenarios = scenarios;
    this.plans = plans;
    this.planner = planner;
    this.versionCache = Caffeine.newBuilder().executor(SAME_THREAD).maximumWeight(CacheWeights.VERSIONS_BYTES)
        .<VersionKey, ScenarioVersion>weigher((k, v) -> CacheWeights.version(v)).build();
    // keyed by generation, so never stale with a store that keeps generations; the expiry (on the injected clock)
    // bounds how long a store that does not keep them (SessionStore's defaults) can be acted on from old facts
    this.factsCache = Caffeine.newBuilder().executor(SAME_THREAD).maximumWeight(CacheWeights.FACTS_BYTES)
        .<FactsKey, Facts>weigher((k, v) -> CacheWeights.facts(v))
        .expireAfterWrite(FACTS_TTL).ticker(() -> clock.millis() * 1_000_000L).build();
    this.compositeCache = Caffeine.newBuilder().executor(SAME_THREAD).maximumWeight(CacheWeights.COMPOSITES_BYTES)
        .<List<String>, TransformationMap>weigher((k, v) -> CacheWeights.map(v) + 64 * k.size()).build();
  }

  /** How long facts are kept at most (see {@link #factsCache}). */
  static final Duration FACTS_TTL = Duration.ofSeconds(5);

  /**
   * Cache maintenance runs on the calling thread, not in the common pool (a thread wake-up every few reads; the cost
   * is in benchmarks/README.md, "Figures behind the code").
   */
  private static final java.util.concurrent.Executor SAME_THREAD = Runnable::run;

  record VersionKey(String tenantId, String scenarioId, int version) {}

  record FactsKey(String tenantId, String scenarioId, long generation) {}

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
          for (MarkCriteria c : Coverage.markCriteria(p, p.markedAt(), p.rolloutPercent(),
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
  static List<MigrationPlan> chain(MigrationPlan first, Facts facts) {
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

  /** Anchors by source step id, computed once per transformation map (identity-keyed, weakly held). */
  Map<String, AnchorTransformation> anchorIndex(TransformationMap map) {
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

  TransformationMap composite(List<MigrationPlan> chain, ScenarioVersion from, ScenarioVersion to) {
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

  /** The diff of two versions for a relocation without a plan, computed once per pair of versions. */
  TransformationMap adHoc(String tenantId, ScenarioVersion from, ScenarioVersion to) {
    List<String> key = List.of(tenantId, from.scenarioId(), "ad hoc", from.checksum(), to.checksum());
    return compositeCache.get(key, k -> planner.diff(from, to));
  }

  Prepared prepared(AnchorTransformation anchor, ScenarioVersion to) {
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

  static AnchorTransformation anchorAt(TransformationMap map, String toStepId) {
    for (AnchorTransformation a : map.anchors()) {
      if (a.toStepId().equals(toStepId)) {
        return a;
      }
    }
    return null;
  }
}
