package org.scenariomigration.report;

import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanSummary;
import org.scenariomigration.plan.PlanWarning;
import org.scenariomigration.scenario.AmbiguousAnchor;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.CheckpointConflict;
import org.scenariomigration.scenario.ContentHash;
import org.scenariomigration.scenario.DeletedStep;
import org.scenariomigration.scenario.FieldToCollect;
import org.scenariomigration.scenario.ForkBranch;
import org.scenariomigration.scenario.InsertedNode;
import org.scenariomigration.scenario.NewFork;
import org.scenariomigration.scenario.StepRef;
import org.scenariomigration.scenario.TransformationMap;
import static org.scenariomigration.report.Phrases.classText;
import static org.scenariomigration.report.Phrases.conflictText;
import static org.scenariomigration.report.Phrases.deletedText;
import static org.scenariomigration.report.Phrases.distinct;
import static org.scenariomigration.report.Phrases.policyText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The review as plain text ({@link PlanReport#text}): fixed-width columns, one value per line. */
final class TextReport {
  private TextReport() {}

  /** See {@link PlanReport#text}. */
  static String render(MigrationPlan plan) {
    PlanSummary s = plan.summary();
    TransformationMap map = plan.transformationMap();
    StringBuilder b = new StringBuilder();
    b.append("Migration plan ").append(one(plan.id())).append(": ").append(one(plan.scenarioId())).append(" v")
        .append(one(plan.fromVersion())).append(" -> v").append(one(plan.toVersion())).append(" [")
        .append(one(plan.status().jsonName())).append("]\n");
    b.append("created by ").append(one(plan.createdBy().isEmpty() ? "(unknown)" : plan.createdBy())).append(" at ")
        .append(one(plan.createdAt()));
    if (plan.approvedBy() != null) {
      b.append(", approved by ").append(one(plan.approvedBy())).append(" at ").append(one(plan.approvedAt()));
    }
    if (plan.deployedAt() != null) {
      b.append(", deployed at ").append(one(plan.deployedAt()));
    }
    b.append('\n');

    b.append("\nSUMMARY\n");
    row(b, "anchors", s.totalAnchors() + "  (clean_graft " + s.anchorsWithCleanGraft() + ", gap_fill "
        + s.anchorsWithGapFill() + ", re_route " + s.anchorsWithReRoute() + ")");
    row(b, "estimated sessions affected", String.valueOf(s.estimatedSessionsAffected()));
    row(b, "new steps", s.newSteps() + names(map.newSteps()));
    row(b, "deleted steps", s.deletedSteps() + deletedNames(map.deletedSteps()));
    if (s.ambiguousAnchors() > 0) {
      row(b, "ambiguous anchors", String.valueOf(s.ambiguousAnchors()));
    }

    b.append("\nWARNINGS (").append(one(severityCounts(s))).append(")\n");
    if (s.warnings().isEmpty()) {
      b.append("  none\n");
    }
    for (PlanWarning w : s.warnings()) {
      String tag = "[" + w.severity().jsonName() + "]";
      b.append("  ").append(one(pad(tag, 11))).append(one(w.message())).append('\n');
    }

    b.append("\nFIELDS TO COLLECT\n");
    if (s.fieldsToCollect().isEmpty()) {
      b.append("  none\n");
    }
    for (FieldToCollect f : s.fieldsToCollect()) {
      b.append("  ").append(one(pad(f.field(), 12))).append("at ")
          .append(one(String.join(", ", distinct(f.anchorNames()))))
          .append('\n');
    }

    b.append("\nANCHORS\n");
    if (map.anchors().isEmpty()) {
      b.append("  none\n");
    }
    for (AnchorTransformation a : map.anchors()) {
      b.append("  ").append(one(a.anchorName())).append("  [").append(one(ContentHash.shortForm(a.anchorContentHash())))
          .append("]  ").append(one(a.fromStepId())).append(" -> ").append(one(a.toStepId()))
          .append(one(a.manualMapping() ? "  (manual mapping)" : "")).append('\n');
      detail(b, "class", classText(plan, a));
      if (a.edited()) {
        detail(b, "edited", a.identity().reason() + " (score "
            + String.format(Locale.ROOT, "%.2f", a.identity().score()) + ")");
      }
      for (InsertedNode n : a.upstreamChanges().insertedNodes()) {
        detail(b, "inserted upstream", insertedText(n));
      }
      for (InsertedNode n : a.upstreamChanges().editedNodes()) {
        detail(b, "edited upstream", insertedText(n));
      }
      for (StepRef r : a.upstreamChanges().removedNodes()) {
        detail(b, "removed upstream", r.stepName());
      }
      for (NewFork f : a.upstreamChanges().newForks()) {
        detail(b, "new fork", forkText(f, "[", "]"));
      }
      if (!a.downstreamChanges().insertedNodes().isEmpty()) {
        detail(b, "inserted downstream", String.join(", ",
            a.downstreamChanges().insertedNodes().stream().map(InsertedNode::nodeName).toList()));
      }
      if (a.checkpointConflicts().isEmpty()) {
        detail(b, "checkpoint conflicts", "none");
      }
      for (CheckpointConflict c : a.checkpointConflicts()) {
        detail(b, "checkpoint conflict", conflictText(c));
      }
      detail(b, "policy", policyText(plan.policyFor(a)));
    }

    if (!map.deletedSteps().isEmpty()) {
      b.append("\nDELETED STEPS\n");
      for (DeletedStep d : map.deletedSteps()) {
        b.append("  ").append(one(d.stepName())).append("  [").append(one(ContentHash.shortForm(d.contentHash())))
            .append("]  ").append(one(deletedText(d))).append('\n');
      }
    }
    if (!map.ambiguousEdits().isEmpty()) {
      b.append("\nAMBIGUOUS EDITS\n");
      for (AmbiguousAnchor a : map.ambiguousEdits()) {
        b.append("  source ").append(one(a.fromStepIds())).append(", target ").append(one(a.toStepIds()))
            .append(": not matched, relocated (map them by hand)\n");
      }
    }
    if (!map.ambiguousAnchors().isEmpty()) {
      b.append("\nAMBIGUOUS ANCHORS\n");
      for (AmbiguousAnchor a : map.ambiguousAnchors()) {
        b.append("  ").append(one(a.stepName())).append("  [").append(one(ContentHash.shortForm(a.contentHash())))
            .append("]  source ").append(one(a.fromStepIds())).append(", target ").append(one(a.toStepIds()))
            .append('\n');
      }
    }
    if (!map.unreachableSteps().isEmpty()) {
      b.append("\nUNREACHABLE STEPS\n");
      for (StepRef r : map.unreachableSteps()) {
        b.append("  ").append(one(r.stepName())).append(" (").append(one(r.stepId())).append(")\n");
      }
    }
    if (!plan.variableMappings().isEmpty() || !plan.proposedMappings().isEmpty()) {
      b.append("\nVARIABLE MAPPINGS\n");
      for (org.scenariomigration.plan.VariableMapping m : plan.variableMappings()) {
        b.append("  ").append(one(m.describe())).append('\n');
      }
      for (org.scenariomigration.plan.VariableMapping m : plan.proposedMappings()) {
        if (!plan.variableMappings().contains(m)) {
          b.append("  ").append(one(m.describe())).append("  (proposed by the diff, not confirmed)\n");
        }
      }
    }
    return b.toString();
  }

  /**
   * A value on one line: a line break, tab or other control character inside a name (BPMN tools write multi-line
   * labels) is shown escaped, so that it cannot break the layout.
   */
  static String one(Object value) {
    String v = String.valueOf(value);
    StringBuilder out = null;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029 || c == 0x85) {
        if (out == null) {
          out = new StringBuilder(v.length() + 8).append(v, 0, i);
        }
        switch (c) {
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        }
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? v : out.toString();
  }

  private static void row(StringBuilder b, String label, String value) {
    b.append("  ").append(pad(label, 29)).append(one(value)).append('\n');
  }

  private static void detail(StringBuilder b, String label, String value) {
    b.append("    ").append(pad(label, 22)).append(one(value)).append('\n');
  }

  private static String pad(String s, int width) {
    StringBuilder b = new StringBuilder(s);
    do {
      b.append(' ');
    } while (b.length() < width);
    return b.toString();
  }

  private static String names(List<StepRef> refs) {
    if (refs.isEmpty()) {
      return "";
    }
    return "  (" + String.join(", ", refs.stream().map(StepRef::stepName).toList()) + ")";
  }

  private static String deletedNames(List<DeletedStep> deleted) {
    if (deleted.isEmpty()) {
      return "";
    }
    return "  (" + String.join(", ", deleted.stream().map(DeletedStep::stepName).toList()) + ")";
  }

  private static String severityCounts(PlanSummary s) {
    List<String> parts = new ArrayList<>();
    for (int i = PlanWarning.Severity.values().length - 1; i >= 0; i--) {
      PlanWarning.Severity sev = PlanWarning.Severity.values()[i];
      parts.add(s.warnings(sev).size() + " " + sev.jsonName());
    }
    return String.join(", ", parts);
  }

  private static String insertedText(InsertedNode n) {
    List<String> parts = new ArrayList<>();
    if (!n.collectsFields().isEmpty()) {
      parts.add("collects " + String.join(", ", n.collectsFields()));
    }
    if (!n.optionalFields().isEmpty()) {
      parts.add("optional " + String.join(", ", n.optionalFields()));
    }
    if (n.requiredAction()) {
      parts.add("required action");
    }
    if (n.hasConditions()) {
      parts.add("has conditions");
    }
    return n.nodeName() + (parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")");
  }

  private static String forkText(NewFork f, String open, String close) {
    List<String> branches = new ArrayList<>();
    for (ForkBranch br : f.branches()) {
      String cond = br.condition() == null ? "otherwise" : open + br.condition() + close;
      branches.add(cond + " -> " + br.targetName() + (br.leadsToAnchor() ? "" : " (diverts)"));
    }
    return "at " + f.forkName() + ": " + String.join("; ", branches);
  }
}
