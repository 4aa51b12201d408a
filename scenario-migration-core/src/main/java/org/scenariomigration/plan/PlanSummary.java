package org.scenariomigration.plan;

import org.scenariomigration.scenario.FieldToCollect;
import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The counts and warnings an operator reviews before approving a plan. It is derived from the transformation map and
 * the policies, so it always agrees with them.
 *
 * @param totalAnchors the number of anchors
 * @param anchorsWithCleanGraft anchors whose effective class is clean graft
 * @param anchorsWithGapFill anchors whose effective class is gap fill
 * @param anchorsWithReRoute anchors whose effective class is re-route
 * @param deletedSteps the number of deleted steps
 * @param newSteps the number of new steps
 * @param ambiguousAnchors the number of twin groups that could not be paired
 * @param estimatedSessionsAffected sessions currently at the source version that the plan would mark; 0 until
 *     estimated against a session store
 * @param fieldsToCollect fields sessions may have to provide, sorted by name
 * @param warnings warnings, most severe first
 */
public record PlanSummary(int totalAnchors, int anchorsWithCleanGraft, int anchorsWithGapFill, int anchorsWithReRoute,
    int deletedSteps, int newSteps, int ambiguousAnchors, long estimatedSessionsAffected,
    List<FieldToCollect> fieldsToCollect, List<PlanWarning> warnings) {

  /** Copies the lists. */
  public PlanSummary {
    fieldsToCollect = ImmutableList.copyOf(fieldsToCollect);
    warnings = ImmutableList.copyOf(warnings);
  }

  /** This summary with another session estimate. */
  public PlanSummary withEstimatedSessionsAffected(long estimate) {
    return new PlanSummary(totalAnchors, anchorsWithCleanGraft, anchorsWithGapFill, anchorsWithReRoute, deletedSteps,
        newSteps, ambiguousAnchors, estimate, fieldsToCollect, warnings);
  }

  /** The warnings of a given severity. */
  public List<PlanWarning> warnings(PlanWarning.Severity severity) {
    return warnings.stream().filter(w -> w.severity() == severity).collect(ImmutableList.toImmutableList());
  }
}
