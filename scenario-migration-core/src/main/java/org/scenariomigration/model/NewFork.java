package org.scenariomigration.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import java.util.List;
import java.util.Set;

/**
 * A fork (a step with several outgoing transitions, at least one conditional) that is new for an anchor: the step is
 * new, newly placed relative to the anchor, or its branches changed.
 *
 * @param forkStepId the fork step's id in the target version
 * @param forkName its name
 * @param contentHash its content hash
 * @param branches its branches in evaluation order
 * @param fieldsRead the fields its conditions read, sorted
 */
public record NewFork(String forkStepId, String forkName, String contentHash, List<ForkBranch> branches,
    Set<String> fieldsRead) {

  /** Copies the collections. */
  public NewFork {
    branches = ImmutableList.copyOf(branches);
    fieldsRead = ImmutableSortedSet.copyOf(fieldsRead);
  }

  /** Whether some branch cannot lead to the anchor, so that a session could be sent elsewhere. */
  public boolean canDivert() {
    for (ForkBranch b : branches) {
      if (!b.leadsToAnchor()) {
        return true;
      }
    }
    return false;
  }
}
