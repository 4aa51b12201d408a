package org.scenariomigration.runtime;

import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.Map;

/**
 * What a deployment did: the deploy response of the operator API.
 *
 * @param planId the plan
 * @param sessionsMarked how many sessions were marked
 * @param sessionsByAnchor marked sessions per anchor content hash (sessions at deleted steps count under their
 *     relocation anchor, or under {@code "exit"} when they have none)
 * @param deployedAt when
 */
public record DeploymentResult(String planId, long sessionsMarked, Map<String, Long> sessionsByAnchor,
    Instant deployedAt) {

  /** Copies the map. */
  public DeploymentResult {
    sessionsByAnchor = ImmutableMap.copyOf(sessionsByAnchor);
  }
}
