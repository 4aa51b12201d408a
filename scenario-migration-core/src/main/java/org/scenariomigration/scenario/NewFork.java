package org.scenariomigration.scenario;

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
 * @param fromStepId the fork's step id in the source version when it existed there (its branches changed), or
 *     {@code null} when the fork is new. A changed fork counts for a session only if the session passed it; a new one
 *     only if it lies between the last anchor the session visited and its step.
 * @param computedFields the fields read that a step of the target version computes ({@code sets_fields}), sorted:
 *     never asked of the customer nor looked up in the profile or the conversation
 */
public record NewFork(String forkStepId, String forkName, String contentHash, List<ForkBranch> branches,
    Set<String> fieldsRead, String fromStepId, Set<String> computedFields) {

  /** Copies the collections. */
  public NewFork {
    branches = ImmutableList.copyOf(branches);
    fieldsRead = ImmutableSortedSet.copyOf(fieldsRead);
    computedFields = computedFields == null ? ImmutableSortedSet.of() : ImmutableSortedSet.copyOf(computedFields);
  }

  /** A fork whose fields no step computes. */
  public NewFork(String forkStepId, String forkName, String contentHash, List<ForkBranch> branches,
      Set<String> fieldsRead, String fromStepId) {
    this(forkStepId, forkName, contentHash, branches, fieldsRead, fromStepId, null);
  }

  /** A fork that is new in the target version. */
  public NewFork(String forkStepId, String forkName, String contentHash, List<ForkBranch> branches,
      Set<String> fieldsRead) {
    this(forkStepId, forkName, contentHash, branches, fieldsRead, null, null);
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
