package org.scenariomigration.scenario;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The changes on one side (upstream or downstream) of an anchor.
 *
 * @param insertedNodes steps the session has not been through that now lie on this side of the anchor
 * @param removedNodes steps of the source version on this side that are gone or no longer on this side
 * @param newForks forks on this side that are new or whose branches changed
 * @param modifiedTransitions transitions added or removed between steps that exist in both versions
 * @param editedNodes steps on this side changed in place (edited anchors, see {@link AnchorIdentity}, or steps mapped
 *     by hand to other content) that ask something of a session that already passed them, each with only that: the
 *     required fields it collects now and did not before, and whether it became a required action
 */
public record ChangeSet(List<InsertedNode> insertedNodes, List<StepRef> removedNodes, List<NewFork> newForks,
    List<TransitionChange> modifiedTransitions, List<InsertedNode> editedNodes) {

  /** A change set with nothing in it. */
  public static final ChangeSet EMPTY = new ChangeSet(List.of(), List.of(), List.of(), List.of(), List.of());

  /** A change set without edited steps. */
  public ChangeSet(List<InsertedNode> insertedNodes, List<StepRef> removedNodes, List<NewFork> newForks,
      List<TransitionChange> modifiedTransitions) {
    this(insertedNodes, removedNodes, newForks, modifiedTransitions, List.of());
  }

  /** Copies the lists. */
  public ChangeSet {
    insertedNodes = ImmutableList.copyOf(insertedNodes);
    removedNodes = ImmutableList.copyOf(removedNodes);
    newForks = ImmutableList.copyOf(newForks);
    modifiedTransitions = ImmutableList.copyOf(modifiedTransitions);
    editedNodes = editedNodes == null ? List.of() : ImmutableList.copyOf(editedNodes);
  }

  /** Whether nothing changed on this side. */
  public boolean isEmpty() {
    return insertedNodes.isEmpty() && removedNodes.isEmpty() && newForks.isEmpty() && modifiedTransitions.isEmpty()
        && editedNodes.isEmpty();
  }
}
