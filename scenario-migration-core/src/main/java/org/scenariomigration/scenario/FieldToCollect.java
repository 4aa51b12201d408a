package org.scenariomigration.scenario;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A field that sessions may have to provide, with the anchors that need it.
 *
 * @param field the field name
 * @param anchorContentHashes the content hashes of the anchors that need it
 * @param anchorNames the names of those anchors, in the same order
 */
public record FieldToCollect(String field, List<String> anchorContentHashes, List<String> anchorNames) {

  /** Copies the lists. */
  public FieldToCollect {
    anchorContentHashes = ImmutableList.copyOf(anchorContentHashes);
    anchorNames = ImmutableList.copyOf(anchorNames);
  }
}
