package org.scenariomigration.scenario;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of diffing two scenario versions: one {@link AnchorTransformation} per anchor, the deleted steps with
 * where their sessions go, the new steps, and the twins that could not be paired.
 *
 * @param anchors the anchors, sorted by content hash and then by graph context (independent of step ids and order)
 * @param deletedSteps steps of the source version with no counterpart
 * @param newSteps steps of the target version with no counterpart
 * @param ambiguousAnchors twins that could not be paired
 * @param unreachableSteps steps of the target version that cannot be reached from its start step
 * @param typeMismatches comparisons in the target version's conditions that their field's declared type can never
 *     satisfy as written
 * @param ambiguousEdits unmatched steps that share one context, so that none could be paired as an edited anchor
 *     (their {@code contentHash} is {@code null}; {@code stepName} names the source steps)
 */
public record TransformationMap(List<AnchorTransformation> anchors, List<DeletedStep> deletedSteps,
    List<StepRef> newSteps, List<AmbiguousAnchor> ambiguousAnchors, List<StepRef> unreachableSteps,
    List<TypeMismatch> typeMismatches, List<AmbiguousAnchor> ambiguousEdits) {

  /** A map without ambiguous edits. */
  public TransformationMap(List<AnchorTransformation> anchors, List<DeletedStep> deletedSteps,
      List<StepRef> newSteps, List<AmbiguousAnchor> ambiguousAnchors, List<StepRef> unreachableSteps,
      List<TypeMismatch> typeMismatches) {
    this(anchors, deletedSteps, newSteps, ambiguousAnchors, unreachableSteps, typeMismatches, List.of());
  }

  /** Copies the lists. */
  public TransformationMap {
    anchors = ImmutableList.copyOf(anchors);
    deletedSteps = ImmutableList.copyOf(deletedSteps);
    newSteps = ImmutableList.copyOf(newSteps);
    ambiguousAnchors = ImmutableList.copyOf(ambiguousAnchors);
    unreachableSteps = ImmutableList.copyOf(unreachableSteps);
    typeMismatches = typeMismatches == null ? List.of() : ImmutableList.copyOf(typeMismatches);
    ambiguousEdits = ambiguousEdits == null ? List.of() : ImmutableList.copyOf(ambiguousEdits);
  }

  /** A map with no type mismatches. */
  public TransformationMap(List<AnchorTransformation> anchors, List<DeletedStep> deletedSteps,
      List<StepRef> newSteps, List<AmbiguousAnchor> ambiguousAnchors, List<StepRef> unreachableSteps) {
    this(anchors, deletedSteps, newSteps, ambiguousAnchors, unreachableSteps, List.of());
  }

  /**
   * Diffs two versions of one scenario: content hashes first, then edited steps by id and graph context; manual
   * mappings (source step id to target step id) override or add to that matching. The caller checks that both versions
   * belong to one scenario ({@code MigrationPlanner.diff} does).
   */
  public static TransformationMap between(ScenarioVersion from, ScenarioVersion to, List<StepMapping> manualMappings) {
    return new Differ(from, to, manualMappings).run();
  }

  /** The anchor whose source-version step id is {@code fromStepId}, if any. */
  public Optional<AnchorTransformation> anchorAtFromStep(String fromStepId) {
    for (AnchorTransformation a : anchors) {
      if (a.fromStepId().equals(fromStepId)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * The anchor an operator names, as the review shows it: by step id (its source-version id first, then its
   * target-version id), or by its content hash or a prefix of it of at least {@value #MIN_HASH_PREFIX} characters (the
   * review's short form is 12). Twins share a hash: name one by step id.
   *
   * @throws UnknownAnchorException when no anchor has that step id or hash, naming the reference and the anchors
   * @throws AmbiguousAnchorReferenceException when the reference names more than one anchor (a short hash two hashes
   *     share, or the hash of twins), naming them
   */
  public AnchorTransformation anchorFor(String reference) {
    java.util.Objects.requireNonNull(reference, "reference");
    for (java.util.function.Function<AnchorTransformation, String> id : List.<java.util.function.Function<
        AnchorTransformation, String>>of(AnchorTransformation::fromStepId, AnchorTransformation::toStepId)) {
      List<AnchorTransformation> byId = anchors.stream().filter(a -> id.apply(a).equals(reference)).toList();
      if (byId.size() == 1) {
        return byId.get(0);
      }
    }
    List<AnchorTransformation> byHash = reference.length() < MIN_HASH_PREFIX ? List.of()
        : anchors.stream().filter(a -> a.anchorContentHash().startsWith(reference)).toList();
    if (byHash.size() == 1) {
      return byHash.get(0);
    }
    if (byHash.isEmpty()) {
      throw new UnknownAnchorException(reference, anchors.stream().map(AnchorTransformation::fromStepId).toList());
    }
    throw new AmbiguousAnchorReferenceException(reference, byHash.stream()
        .map(a -> a.fromStepId() + " [" + ContentHash.shortForm(a.anchorContentHash()) + "]").toList());
  }

  /** The shortest hash prefix {@link #anchorFor} takes. */
  public static final int MIN_HASH_PREFIX = 8;

  /** The anchors sharing this target content hash (more than one only for twins). */
  public List<AnchorTransformation> anchorsWithHash(String anchorContentHash) {
    ImmutableList.Builder<AnchorTransformation> b = ImmutableList.builder();
    for (AnchorTransformation a : anchors) {
      if (a.anchorContentHash().equals(anchorContentHash)) {
        b.add(a);
      }
    }
    return b.build();
  }

  /** The deleted step whose source-version id is {@code fromStepId}, if any. */
  public Optional<DeletedStep> deletedStep(String fromStepId) {
    for (DeletedStep d : deletedSteps) {
      if (d.stepId().equals(fromStepId)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** Anchors keyed by source-version step id. */
  public Map<String, AnchorTransformation> byFromStep() {
    Map<String, AnchorTransformation> m = new LinkedHashMap<>();
    for (AnchorTransformation a : anchors) {
      m.put(a.fromStepId(), a);
    }
    return ImmutableMap.copyOf(m);
  }

  /** Whether the diff found no change at all: every anchor a clean graft with empty change sets, nothing else. */
  public boolean isEmpty() {
    for (AnchorTransformation a : anchors) {
      if (!a.upstreamChanges().isEmpty() || !a.downstreamChanges().isEmpty()
          || a.migrationScenario() != MigrationScenario.CLEAN_GRAFT || !a.checkpointConflicts().isEmpty()) {
        return false;
      }
    }
    return deletedSteps.isEmpty() && newSteps.isEmpty() && ambiguousAnchors.isEmpty();
  }
}
