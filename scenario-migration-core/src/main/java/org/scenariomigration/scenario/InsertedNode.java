package org.scenariomigration.scenario;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A step that a session at an anchor has not been through: new in the target version, or newly placed upstream (or
 * downstream) of the anchor.
 *
 * @param nodeId the step id in the target version
 * @param nodeName the step name
 * @param contentHash the step's content hash
 * @param collectsFields the names of the non-optional fields it collects
 * @param optionalFields the names of the optional fields it collects
 * @param requiredAction whether it performs a required action
 * @param hasConditions whether any of its outgoing transitions carries a condition
 */
public record InsertedNode(String nodeId, String nodeName, String contentHash, List<String> collectsFields,
    List<String> optionalFields, boolean requiredAction, boolean hasConditions) {

  /** Copies the lists. */
  public InsertedNode {
    collectsFields = ImmutableList.copyOf(collectsFields);
    optionalFields = ImmutableList.copyOf(optionalFields);
  }

  static InsertedNode of(Step s) {
    List<String> opt = new java.util.ArrayList<>();
    for (CollectedField f : s.collectsFields()) {
      if (f.optional()) {
        opt.add(f.name());
      }
    }
    boolean cond = false;
    for (Transition t : s.transitions()) {
      cond |= t.isConditional();
    }
    return new InsertedNode(s.id(), s.name(), s.contentHash(), s.requiredCollectedFieldNames(), opt,
        s.requiredAction(), cond);
  }
}
