package org.scenariomigration.scenario;

import java.util.List;
import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown when an operator names an anchor ({@link TransformationMap#anchorFor}) that the plan does not have: no anchor
 * has that step id, content hash or hash prefix.
 */
public class UnknownAnchorException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String reference;
  private final List<String> anchors;

  /** Creates the exception for {@code reference}; {@code anchors} are the source step ids of the plan's anchors. */
  public UnknownAnchorException(String reference, List<String> anchors) {
    super("no anchor has step id or content hash '" + reference + "'; the anchors are at steps " + anchors);
    this.reference = reference;
    this.anchors = List.copyOf(anchors);
  }

  /** The step id or hash the operator gave. */
  public String reference() {
    return reference;
  }

  /** The source step ids of the plan's anchors. */
  public List<String> anchors() {
    return anchors;
  }
}
