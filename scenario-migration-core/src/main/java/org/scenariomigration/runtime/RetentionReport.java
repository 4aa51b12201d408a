package org.scenariomigration.runtime;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * What a retention run purged or kept.
 *
 * @param purgedVersions purged scenario versions, as {@code scenarioId@version}
 * @param purgedPlans ids of purged plans
 * @param expiredPlans ids of pending or approved plans marked expired
 * @param keptReferenced versions and plans kept because pending markers still reference them
 * @param sessionsUnmarked sessions whose markers were removed by a forced purge (they fall back to relocation)
 */
public record RetentionReport(List<String> purgedVersions, List<String> purgedPlans, List<String> expiredPlans,
    List<String> keptReferenced, long sessionsUnmarked) {

  /** Copies the lists. */
  public RetentionReport {
    purgedVersions = ImmutableList.copyOf(purgedVersions);
    purgedPlans = ImmutableList.copyOf(purgedPlans);
    expiredPlans = ImmutableList.copyOf(expiredPlans);
    keptReferenced = ImmutableList.copyOf(keptReferenced);
  }
}
