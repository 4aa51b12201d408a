package org.scenariomigration.scenario;

import org.scenariomigration.condition.Comparison;
import org.scenariomigration.plan.MigrationPlanner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Matches the steps of two versions and computes the transformation map. Package-private: the public entry point is
 * {@link TransformationMap#between}, which {@link MigrationPlanner} calls. The diff runs in phases, each in its own
 * class over the shared {@link Matching}:
 *
 * <ol>
 *   <li>manual mappings ({@link Matching#applyManual});
 *   <li>matching by content hash, twins paired by graph context ({@link HashMatching});
 *   <li>edited steps paired by id and by their matched neighbours ({@link EditPairing});
 *   <li>transition keys, the per-step facts every anchor's change sets share ({@link EdgeKeys});
 *   <li>per anchor: its upstream and downstream change sets ({@link ChangeSets}), its class (clean graft, gap fill,
 *       re-route) and its checkpoint conflicts ({@link AnchorClassifier}, {@link CheckpointConflicts});
 *   <li>per deleted step: where its sessions are relocated ({@link DeletedSteps});
 *   <li>the new and unreachable steps and the type mismatches of the target version's conditions.
 * </ol>
 */
final class Differ {
  static final Comparator<StepRef> REF_ORDER = Comparator.comparing(StepRef::contentHash)
      .thenComparing(StepRef::stepName).thenComparing(StepRef::stepId);

  private final Matching m;
  private final List<AmbiguousAnchor> ambiguous;
  private final List<AmbiguousAnchor> ambiguousEdits;
  private final String[] contextKeys;

  Differ(ScenarioVersion v1, ScenarioVersion v2, List<StepMapping> mappings) {
    m = new Matching(v1, v2);
    m.applyManual(mappings);
    ambiguous = HashMatching.match(m);
    ambiguousEdits = EditPairing.match(m, ambiguous);
    contextKeys = new String[m.g2.size()];
  }

  TransformationMap run() {
    int[] m12 = m.m12;
    int[] m21 = m.m21;
    EdgeKeys keys = new EdgeKeys(m);
    AnchorClassifier classifier = new AnchorClassifier(m, new ChangeSets(m, keys), new CheckpointConflicts(m));
    List<AnchorTransformation> anchors = new ArrayList<>();
    for (int i = 0; i < m12.length; i++) {
      if (m12[i] != -1) {
        anchors.add(classifier.anchor(i, m12[i]));
      }
    }
    anchors.sort(Comparator.comparing(AnchorTransformation::anchorContentHash)
        .thenComparing(a -> contextKey(m.g2.index.get(a.toStepId())))
        .thenComparing(AnchorTransformation::toStepId));
    DeletedSteps relocation = new DeletedSteps(m);
    List<DeletedStep> deleted = new ArrayList<>();
    for (int i = 0; i < m12.length; i++) {
      if (m12[i] == -1) {
        deleted.add(relocation.deletedStep(i));
      }
    }
    deleted.sort(Comparator.comparing(DeletedStep::contentHash).thenComparing(DeletedStep::stepName)
        .thenComparing(DeletedStep::stepId));
    List<StepRef> added = new ArrayList<>();
    for (int j = 0; j < m21.length; j++) {
      if (m21[j] == -1) {
        added.add(StepRef.of(m.s2.get(j)));
      }
    }
    added.sort(REF_ORDER);
    List<StepRef> unreachable = new ArrayList<>();
    for (ScenarioProblem p : m.v2.warnings()) {
      if (p.kind() == ScenarioProblem.Kind.UNREACHABLE_STEP) {
        unreachable.add(StepRef.of(m.v2.requireStep(p.stepId())));
      }
    }
    unreachable.sort(REF_ORDER);
    return new TransformationMap(anchors, deleted, added, ambiguous, unreachable, typeMismatches(), ambiguousEdits);
  }

  /** The comparisons in the target version's conditions that the declared types of their fields cannot satisfy. */
  private List<TypeMismatch> typeMismatches() {
    List<TypeMismatch> out = new ArrayList<>();
    for (Step s : m.s2) {
      Set<String> seen = new HashSet<>();
      for (Transition t : s.transitions()) {
        if (!t.isConditional() || !seen.add(t.condition())) {
          continue;
        }
        for (Comparison c : m.v2.condition(t).comparisons()) {
          FieldType type = m.v2.fieldType(c.field());
          String why = type.mismatch(c);
          if (why != null) {
            out.add(new TypeMismatch(s.id(), s.name(), t.condition(), c.field(), type.toString(), why));
          }
        }
      }
    }
    out.sort(Comparator.comparing(TypeMismatch::stepName).thenComparing(TypeMismatch::stepId)
        .thenComparing(TypeMismatch::condition).thenComparing(TypeMismatch::reason));
    return out.stream().distinct().toList();
  }

  /**
   * The graph context of target step {@code j}, for ordering only: the content hashes of its nearest anchored
   * ancestors, then of its nearest anchored descendants, each sorted by hash so that the key does not depend on step
   * ids or on the order of the steps in the version. Cached: matching is complete when it is first asked for.
   */
  private String contextKey(int j) {
    String k = contextKeys[j];
    if (k == null) {
      k = sortedHashes(m.nearestAnchors(m.g2, j, false, true)) + '|'
          + sortedHashes(m.nearestAnchors(m.g2, j, false, false));
      contextKeys[j] = k;
    }
    return k;
  }

  private String sortedHashes(Set<Integer> targets) {
    List<String> hashes = new ArrayList<>(targets.size());
    for (int a : targets) {
      hashes.add(m.s2.get(a).contentHash());
    }
    hashes.sort(Comparator.naturalOrder());
    return String.join(",", hashes);
  }
}
