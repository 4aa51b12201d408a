package org.scenariomigration.runtime;

import java.util.List;
import java.util.Map;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.TransformationMap;
import org.scenariomigration.session.SessionState;

/**
 * One move of one session, whatever its cause: the session, the versions it moves between, the transformation map
 * that relates them ({@code null} when the source version is gone), the plans it settles and the plan the journal
 * names ({@code null} for a relocation without a plan). {@code variables} are the session's variables as it arrives
 * at the target: after the plans' variable mappings ({@link MappingApplier}), the session's own without any.
 */
record Move(SessionState session, ScenarioVersion from, ScenarioVersion to, TransformationMap map,
    List<String> planIds, String planId, long deployment, SessionState stored, Map<String, Object> variables) {

  /** A move with no variable mappings. */
  Move(SessionState session, ScenarioVersion from, ScenarioVersion to, TransformationMap map, List<String> planIds,
      String planId, long deployment, SessionState stored) {
    this(session, from, to, map, planIds, planId, deployment, stored, session.variables());
  }

  /** A move of a session as it is stored. */
  Move(SessionState session, ScenarioVersion from, ScenarioVersion to, TransformationMap map, List<String> planIds,
      String planId, long deployment) {
    this(session, from, to, map, planIds, planId, deployment, session);
  }
}
