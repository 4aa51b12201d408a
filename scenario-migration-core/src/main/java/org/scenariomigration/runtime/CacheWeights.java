package org.scenariomigration.runtime;

import java.util.List;
import java.util.Map;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.ChangeSet;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.TransformationMap;

/**
 * The bounds of the engine's caches, in estimated bytes, and the estimates (weights) of their entries: what an entry
 * keeps reachable that nothing else would, roughly, from the counts of what it holds (steps, transitions, anchors,
 * changes). The estimates are generous (a step is counted at 512 bytes, a transition at 128), so that the bound holds
 * whatever the sizes of versions and plans; an entry heavier than its cache's bound is not kept at all. The README's
 * "Caches and their bounds" lists them. Package-private.
 */
final class CacheWeights {
  private CacheWeights() {}

  /** Scenario versions by tenant, scenario and number: {@value} estimated bytes. */
  static final long VERSIONS_BYTES = 32L << 20;
  /** Facts (current version, stored versions, deployed plans) by scenario and generation: {@value}. */
  static final long FACTS_BYTES = 16L << 20;
  /** Transformation maps of composite chains and of relocations by the version pair: {@value}. */
  static final long COMPOSITES_BYTES = 16L << 20;
  /** Anchor indexes of transformation maps (weak keys: only while the map is in use elsewhere): {@value}. */
  static final long ANCHOR_INDEXES_BYTES = 4L << 20;
  /** Prepared anchors (the fields a gap fill or re-route asks; weak keys likewise): {@value}. */
  static final long PREPARED_BYTES = 8L << 20;

  static final int STEP = 512;
  static final int TRANSITION = 128;
  static final int ANCHOR = 512;
  static final int CHANGE = 256;
  static final int ENTRY = 128;

  /** A version: its steps and transitions. */
  static int version(ScenarioVersion v) {
    long w = ENTRY;
    for (Step s : v.steps()) {
      w += STEP + (long) TRANSITION * s.transitions().size();
    }
    return clamp(w);
  }

  /** A transformation map: its anchors with their changes, and its other lists. */
  static int map(TransformationMap m) {
    long w = ENTRY;
    for (AnchorTransformation a : m.anchors()) {
      w += anchor(a);
    }
    w += (long) CHANGE * (m.deletedSteps().size() + m.newSteps().size() + m.ambiguousAnchors().size()
        + m.unreachableSteps().size() + m.typeMismatches().size() + m.ambiguousEdits().size());
    return clamp(w);
  }

  /** The facts of one generation: the stored version numbers and the plans with their maps. */
  static int facts(Facts f) {
    long w = ENTRY + 32L * f.versions().size();
    for (MigrationPlan p : f.plans().values()) {
      w += ENTRY + map(p.transformationMap()) + (long) CHANGE * (p.anchorPolicies().size() + p.manualMappings().size());
    }
    return clamp(w);
  }

  /** An anchor index: one map entry per anchor (the anchors are the key's). */
  static int anchorIndex(Map<String, AnchorTransformation> index) {
    return clamp(ENTRY + 64L * index.size());
  }

  /** A prepared anchor: its field and fork lists. */
  static int prepared(Prepared p) {
    return clamp(ENTRY + (long) CHANGE * (p.gapFillFields().size() + p.reRouteFields().size() + p.forks().size()));
  }

  private static long anchor(AnchorTransformation a) {
    return ANCHOR + changes(a.upstreamChanges()) + changes(a.downstreamChanges())
        + (long) CHANGE * a.checkpointConflicts().size();
  }

  private static long changes(ChangeSet c) {
    if (c == null) {
      return 0;
    }
    return (long) CHANGE * (size(c.insertedNodes()) + size(c.removedNodes()) + size(c.newForks())
        + size(c.modifiedTransitions()) + size(c.editedNodes()));
  }

  private static int size(List<?> l) {
    return l == null ? 0 : l.size();
  }

  private static int clamp(long w) {
    return (int) Math.min(Integer.MAX_VALUE, w);
  }
}
