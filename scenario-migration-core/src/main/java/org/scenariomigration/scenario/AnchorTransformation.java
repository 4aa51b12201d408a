package org.scenariomigration.scenario;

import org.scenariomigration.plan.InvalidPlanException;
import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * What changes for sessions sitting at one anchor: a step of the source version matched to a step of the target
 * version.
 *
 * @param anchorContentHash the content hash of the anchor in the target version; the key of its policy
 * @param anchorName the anchor's name in the target version
 * @param fromStepId the anchor's step id in the source version
 * @param fromContentHash the anchor's content hash in the source version; differs from {@code anchorContentHash} only
 *     for a manual mapping
 * @param toStepId the anchor's step id in the target version
 * @param migrationScenario the class computed from the diff (a policy may force another)
 * @param upstreamChanges changes among the steps from which the anchor is reachable
 * @param downstreamChanges changes among the steps reachable from the anchor, and its own transitions
 * @param checkpointConflicts checkpoints a teleport from this anchor could violate
 * @param manualMapping whether an operator mapped this pair by hand
 * @param identity how the pair was found: content hash, manual mapping or edited step, with a score and a reason
 */
public record AnchorTransformation(String anchorContentHash, String anchorName, String fromStepId,
    String fromContentHash, String toStepId, MigrationScenario migrationScenario, ChangeSet upstreamChanges,
    ChangeSet downstreamChanges, List<CheckpointConflict> checkpointConflicts, boolean manualMapping,
    AnchorIdentity identity) {

  /** Copies the list; a missing identity is derived from {@code manualMapping} and the two hashes. */
  public AnchorTransformation {
    checkpointConflicts = ImmutableList.copyOf(checkpointConflicts);
    if (identity == null) {
      identity = manualMapping ? new AnchorIdentity(AnchorIdentity.Kind.MANUAL_MAPPING, 1.0, "mapped by an operator")
          : anchorContentHash.equals(fromContentHash) ? AnchorIdentity.CONTENT_HASH
          : new AnchorIdentity(AnchorIdentity.Kind.EDITED, 0.0, "edited");
    }
    if (manualMapping != (identity.kind() == AnchorIdentity.Kind.MANUAL_MAPPING)) {
      throw new InvalidPlanException("manual_mapping", String.valueOf(manualMapping),
          "anchor '" + toStepId + "': manual_mapping " + manualMapping
          + " contradicts identity " + identity.kind().jsonName());
    }
  }

  /** An anchor whose identity is derived from {@code manualMapping} and the two content hashes. */
  public AnchorTransformation(String anchorContentHash, String anchorName, String fromStepId,
      String fromContentHash, String toStepId, MigrationScenario migrationScenario, ChangeSet upstreamChanges,
      ChangeSet downstreamChanges, List<CheckpointConflict> checkpointConflicts, boolean manualMapping) {
    this(anchorContentHash, anchorName, fromStepId, fromContentHash, toStepId, migrationScenario, upstreamChanges,
        downstreamChanges, checkpointConflicts, manualMapping, null);
  }

  /** Whether the anchor is a step changed in place ({@link AnchorIdentity.Kind#EDITED}). */
  public boolean edited() {
    return identity.kind() == AnchorIdentity.Kind.EDITED;
  }

  /**
   * The non-optional fields collected by inserted upstream steps, newly collected by edited upstream steps and, for a
   * re-route, read by new upstream forks (less the fields a step computes, which are never asked).
   */
  public List<String> fieldsToCollect() {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (InsertedNode n : upstreamChanges.insertedNodes()) {
      out.addAll(n.collectsFields());
    }
    for (InsertedNode n : upstreamChanges.editedNodes()) {
      out.addAll(n.collectsFields());
    }
    for (NewFork f : upstreamChanges.newForks()) {
      if (f.canDivert()) {
        for (String field : f.fieldsRead()) {
          if (!f.computedFields().contains(field)) {
            out.add(field);
          }
        }
      }
    }
    return ImmutableList.copyOf(out);
  }
}
