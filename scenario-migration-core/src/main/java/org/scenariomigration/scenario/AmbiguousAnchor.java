package org.scenariomigration.scenario;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Twin steps (same content hash) that could not be paired by graph context. They are treated as non-anchors: sessions
 * there are relocated. An operator can resolve this with a manual mapping.
 *
 * @param contentHash the shared content hash
 * @param stepName the shared name
 * @param fromStepIds the unpaired twins' ids in the source version
 * @param toStepIds the unpaired twins' ids in the target version
 */
public record AmbiguousAnchor(String contentHash, String stepName, List<String> fromStepIds, List<String> toStepIds) {

  /** Copies the lists. */
  public AmbiguousAnchor {
    fromStepIds = ImmutableList.copyOf(fromStepIds);
    toStepIds = ImmutableList.copyOf(toStepIds);
  }
}
