package org.scenariomigration.plan;

import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.scenario.AmbiguousAnchor;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.CheckpointConflict;
import org.scenariomigration.scenario.DeletedStep;
import org.scenariomigration.scenario.FieldToCollect;
import org.scenariomigration.scenario.ForkBranch;
import org.scenariomigration.scenario.InsertedNode;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.NewFork;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.StepRef;
import org.scenariomigration.scenario.TransformationMap;
import org.scenariomigration.scenario.TypeMismatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.scenariomigration.plan.PlanWarning.Code;
import org.scenariomigration.plan.PlanWarning.Severity;

/** Derives a {@link PlanSummary} from a transformation map and policies. */
final class Summaries {
  private Summaries() {}

  static PlanSummary of(TransformationMap map, Map<String, AnchorPolicy> policies, long estimate) {
    int clean = 0;
    int gap = 0;
    int reroute = 0;
    List<PlanWarning> warnings = new ArrayList<>();
    Map<String, List<AnchorTransformation>> fields = new TreeMap<>();
    boolean twinKeyed = MigrationPlan.twinKeyed(policies);
    for (AnchorTransformation a : map.anchors()) {
      AnchorPolicy p = MigrationPlan.policyIn(policies, twinKeyed, a);
      MigrationScenario effective = p != null && p.forceScenario() != null ? p.forceScenario() : a.migrationScenario();
      String name = a.anchorName();
      String hash = a.anchorContentHash();
      switch (effective) {
        case CLEAN_GRAFT -> clean++;
        case GAP_FILL -> gap++;
        case RE_ROUTE -> reroute++;
      }
      if (effective != a.migrationScenario()) {
        warnings.add(new PlanWarning(Severity.WARNING, Code.FORCED_SCENARIO, hash, name,
            "Policy forces " + effective.jsonName() + " at '" + name + "' where the diff found "
                + a.migrationScenario().jsonName()));
      }
      if (effective != MigrationScenario.CLEAN_GRAFT) {
        for (String f : a.fieldsToCollect()) {
          fields.computeIfAbsent(f, k -> new ArrayList<>()).add(a);
          warnings.add(new PlanWarning(Severity.INFO, Code.FIELD_TO_COLLECT, hash, name,
              "Customers at '" + name + "' may be asked for '" + f + "' if not in profile"));
        }
        for (InsertedNode n : a.upstreamChanges().insertedNodes()) {
          if (n.requiredAction()) {
            warnings.add(new PlanWarning(Severity.WARNING, Code.REQUIRED_ACTION, hash, name,
                "Sessions at '" + name + "' will run the required action of inserted step '" + n.nodeName() + "'"));
          }
        }
      }
      if (a.edited()) {
        warnings.add(new PlanWarning(Severity.INFO, Code.EDITED_ANCHOR, hash, name,
            "Step '" + name + "' (" + a.toStepId() + ") was changed in place and keeps its sessions: "
                + a.identity().reason() + " (score " + String.format(java.util.Locale.ROOT, "%.2f",
                    a.identity().score()) + ")"));
      }
      if (effective == MigrationScenario.RE_ROUTE) {
        for (NewFork f : a.upstreamChanges().newForks()) {
          if (f.canDivert() && !f.computedFields().isEmpty()) {
            warnings.add(new PlanWarning(Severity.WARNING, Code.COMPUTED_FIELD, hash, name,
                "Fork '" + f.forkName() + "' reads " + f.computedFields() + ", computed by the flow: sessions at '"
                    + name + "' that lack " + (f.computedFields().size() > 1 ? "them" : "it")
                    + " are never asked; a new step ahead that computes it runs first, else they stay where they"
                    + " are"));
          }
          for (ForkBranch b : f.branches()) {
            if (!b.leadsToAnchor()) {
              warnings.add(new PlanWarning(Severity.WARNING, Code.RE_ROUTE, hash, name,
                  "Sessions at '" + name + "' may be redirected to '" + b.targetName() + "' by the new fork at '"
                      + f.forkName() + "'" + (b.condition() == null ? " (default branch)"
                      : " when " + b.condition())));
            }
          }
        }
      }
      for (CheckpointConflict c : a.checkpointConflicts()) {
        if (c.kind() == CheckpointConflict.Kind.CONTRADICTED && effective != MigrationScenario.RE_ROUTE) {
          continue;
        }
        if (c.kind() == CheckpointConflict.Kind.NOT_PASSED) {
          warnings.add(new PlanWarning(Severity.CRITICAL, Code.CHECKPOINT_CONFLICT, hash, name,
              "Checkpoint '" + c.checkpointName() + "' lies on every path to '" + name + "' in the new version, but"
                  + " sessions at '" + name + "' need not have passed it; those that did not will be blocked and"
                  + " continue on their current path"));
          continue;
        }
        String what = c.kind() == CheckpointConflict.Kind.RUN_AGAIN
            ? "would run again after a teleport to '" + c.targetName() + "'"
            : "would be contradicted by a re-route to '" + c.targetName() + "'";
        warnings.add(new PlanWarning(Severity.CRITICAL, Code.CHECKPOINT_CONFLICT, hash, name,
            "Checkpoint '" + c.checkpointName() + "' passed by sessions at '" + name + "' " + what
                + "; those sessions will be blocked and continue on their current path"));
      }
    }
    for (AmbiguousAnchor a : map.ambiguousAnchors()) {
      warnings.add(new PlanWarning(Severity.WARNING, Code.AMBIGUOUS_ANCHOR, a.contentHash(), a.stepName(),
          "Twin steps '" + a.stepName() + "' (source " + a.fromStepIds() + ", target " + a.toStepIds()
              + ") cannot be told apart by graph context; they are not anchors and their sessions will be relocated"
              + " (add a manual mapping to pair them)"));
    }
    for (AmbiguousAnchor a : map.ambiguousEdits()) {
      warnings.add(new PlanWarning(Severity.WARNING, Code.AMBIGUOUS_EDIT, null, null,
          "Changed steps " + a.fromStepIds() + " and new steps " + a.toStepIds() + " share one place in the graph,"
              + " so none is matched as an edited step; their sessions will be relocated (add a manual mapping to"
              + " pair them)"));
    }
    for (DeletedStep d : map.deletedSteps()) {
      if (!d.crossedSteps().isEmpty()) {
        warnings.add(new PlanWarning(Severity.WARNING, Code.RELOCATION_CROSSES, null, null,
            "Relocating sessions at deleted step '" + d.stepName() + "' (" + d.stepId() + ") to '"
                + d.relocateToStepId() + "' crosses " + String.join(", ", d.crossedSteps().stream()
                    .map(r -> "'" + r.stepName() + "'").toList())
                + (d.crossedFields().isEmpty() ? ""
                    : "; sessions lacking " + d.crossedFields() + " go back to the last anchor they visited")));
      }
      if (!d.guardedCheckpoints().isEmpty()) {
        warnings.add(new PlanWarning(Severity.CRITICAL, Code.RELOCATION_GUARDED, null, null,
            "Sessions at deleted step '" + d.stepName() + "' (" + d.stepId() + ") are not moved forward past checkpoint"
                + (d.guardedCheckpoints().size() > 1 ? "s " : " ")
                + String.join(", ", d.guardedCheckpoints().stream().map(r -> "'" + r.stepName() + "'").toList())
                + "; " + (d.relocateToStepId() == null ? "they go back to the last anchor they visited, or exit"
                    : "they go back to '" + d.relocateToStepId() + "'")));
      }
      if (d.checkpoint()) {
        warnings.add(new PlanWarning(Severity.CRITICAL, Code.DELETED_CHECKPOINT, null, null,
            "Checkpoint '" + d.stepName() + "' (" + d.stepId() + ") has no counterpart in the new version (by content,"
                + " by edit or by mapping); sessions that passed it stay on their version, pinned; map it to its"
                + " replacement to move them"));
      }
      if (d.relocateToAnchorHash() == null) {
        warnings.add(new PlanWarning(Severity.WARNING, Code.DELETED_STEP_WITHOUT_TARGET, null, null,
            "Deleted step '" + d.stepName() + "' (" + d.stepId() + ") has no single anchor to relocate its sessions"
                + " to; each goes back to the last anchor it visited that is safe, or exits the scenario"));
      }
    }
    for (TypeMismatch m : map.typeMismatches()) {
      warnings.add(new PlanWarning(Severity.WARNING, Code.TYPE_MISMATCH, null, null,
          "Condition '" + m.condition() + "' at '" + m.stepName() + "' compares " + m.type() + " field '" + m.field()
              + "' with a value it cannot hold: " + m.reason() + "; a session this condition cannot route is kept"
              + " where it is (re_routing.on_condition_error)"));
    }
    for (StepRef s : map.unreachableSteps()) {
      warnings.add(new PlanWarning(Severity.INFO, Code.UNREACHABLE_STEP, null, null,
          "Step '" + s.stepName() + "' (" + s.stepId() + ") cannot be reached from the start of the new version"));
    }
    warnings.sort(Comparator.comparing((PlanWarning w) -> -w.severity().ordinal())
        .thenComparing(w -> w.code().ordinal())
        .thenComparing(w -> w.anchorContentHash() == null ? "" : w.anchorContentHash())
        .thenComparing(PlanWarning::message));
    List<FieldToCollect> toCollect = new ArrayList<>();
    fields.forEach((f, anchors) -> toCollect.add(new FieldToCollect(f,
        anchors.stream().map(AnchorTransformation::anchorContentHash).toList(),
        anchors.stream().map(AnchorTransformation::anchorName).toList())));
    return new PlanSummary(map.anchors().size(), clean, gap, reroute, map.deletedSteps().size(),
        map.newSteps().size(), map.ambiguousAnchors().size(), estimate, toCollect, warnings);
  }
}
