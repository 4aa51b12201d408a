package org.scenariomigration.scenario;

import java.util.List;
import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown when an operator names more than one anchor ({@link TransformationMap#anchorFor}): a short hash that two
 * anchors' hashes begin with, or the hash of twins. Name the anchor by its step id instead.
 */
public class AmbiguousAnchorReferenceException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String reference;
  private final List<String> candidates;

  /** Creates the exception; {@code candidates} name the anchors it could mean ({@code step [short hash]}). */
  public AmbiguousAnchorReferenceException(String reference, List<String> candidates) {
    super("'" + reference + "' names " + candidates.size() + " anchors: " + candidates
        + "; name one by its step id");
    this.reference = reference;
    this.candidates = List.copyOf(candidates);
  }

  /** The step id or hash the operator gave. */
  public String reference() {
    return reference;
  }

  /** The anchors it could mean, as {@code step [short hash]}. */
  public List<String> candidates() {
    return candidates;
  }
}
