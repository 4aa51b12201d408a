package org.scenariomigration.model;

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
 */
public record AnchorTransformation(String anchorContentHash, String anchorName, String fromStepId,
    String fromContentHash, String toStepId, MigrationScenario migrationScenario, ChangeSet upstreamChanges,
    ChangeSet downstreamChanges, List<CheckpointConflict> checkpointConflicts, boolean manualMapping) {

  /** Copies the list. */
  public AnchorTransformation {
    checkpointConflicts = ImmutableList.copyOf(checkpointConflicts);
  }

  /** The non-optional fields collected by inserted upstream steps and, for a re-route, read by new upstream forks. */
  public List<String> fieldsToCollect() {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (InsertedNode n : upstreamChanges.insertedNodes()) {
      out.addAll(n.collectsFields());
    }
    for (NewFork f : upstreamChanges.newForks()) {
      if (f.canDivert()) {
        out.addAll(f.fieldsRead());
      }
    }
    return ImmutableList.copyOf(out);
  }
}
