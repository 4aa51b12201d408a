package org.scenariomigration.runtime;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;

/**
 * A dry run over the sessions a plan would mark: what reconcile would answer for each, counted. Nothing is written.
 *
 * @param planId the plan
 * @param sessionsExamined how many sessions were examined (all in scope, or the sample)
 * @param byOutcome counts per predicted outcome: the outcome kind, or {@code teleport:<reason>} for teleports
 * @param checkpointBlocked the sessions a checkpoint would block
 */
public record ImpactPreview(String planId, long sessionsExamined, Map<String, Long> byOutcome,
    List<String> checkpointBlocked) {

  /** Copies the collections. */
  public ImpactPreview {
    byOutcome = ImmutableMap.copyOf(byOutcome);
    checkpointBlocked = ImmutableList.copyOf(checkpointBlocked);
  }
}
