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

/** The review as GitHub-flavoured Markdown ({@link PlanReport#markdown}): headings, tables and lists, escaped. */
final class MarkdownReport {
  private MarkdownReport() {}

  /** See {@link PlanReport#markdown}. */
  static String render(MigrationPlan plan) {
    PlanSummary s = plan.summary();
    TransformationMap map = plan.transformationMap();
    StringBuilder b = new StringBuilder();
    b.append("## Migration plan ").append(code(plan.id())).append(": ").append(md(plan.scenarioId())).append(" v")
        .append(plan.fromVersion()).append(" → v").append(plan.toVersion()).append("\n\n");
    b.append("Status **").append(plan.status().jsonName()).append("**, created by ")
        .append(plan.createdBy().isEmpty() ? "(unknown)" : md(plan.createdBy())).append(" at ")
        .append(plan.createdAt());
    if (plan.approvedBy() != null) {
      b.append(", approved by ").append(md(plan.approvedBy())).append(" at ").append(plan.approvedAt());
    }
    if (plan.deployedAt() != null) {
      b.append(", deployed at ").append(plan.deployedAt());
    }
    b.append(".\n\n");

    b.append("### Summary\n\n| | |\n|---|---|\n");
    b.append("| anchors | ").append(s.totalAnchors()).append(" |\n");
    b.append("| clean graft | ").append(s.anchorsWithCleanGraft()).append(" |\n");
    b.append("| gap fill | ").append(s.anchorsWithGapFill()).append(" |\n");
    b.append("| re-route | ").append(s.anchorsWithReRoute()).append(" |\n");
    b.append("| estimated sessions affected | ").append(s.estimatedSessionsAffected()).append(" |\n");
    b.append("| new steps | ").append(s.newSteps()).append(cellNames(map.newSteps().stream()
        .map(StepRef::stepName).toList())).append(" |\n");
    b.append("| deleted steps | ").append(s.deletedSteps()).append(cellNames(map.deletedSteps().stream()
        .map(DeletedStep::stepName).toList())).append(" |\n");
    if (s.ambiguousAnchors() > 0) {
      b.append("| ambiguous anchors | ").append(s.ambiguousAnchors()).append(" |\n");
    }

    b.append("\n### Warnings\n\n");
    if (s.warnings().isEmpty()) {
      b.append("None.\n");
    }
    for (int i = PlanWarning.Severity.values().length - 1; i >= 0; i--) {
      PlanWarning.Severity sev = PlanWarning.Severity.values()[i];
      for (PlanWarning w : s.warnings(sev)) {
        b.append("- **").append(sev.jsonName()).append("** ").append(md(w.message())).append('\n');
      }
    }

    b.append("\n### Fields to collect\n\n");
    if (s.fieldsToCollect().isEmpty()) {
      b.append("None.\n");
    } else {
      b.append("| field | anchors |\n|---|---|\n");
      for (FieldToCollect f : s.fieldsToCollect()) {
        b.append("| ").append(code(f.field())).append(" | ")
            .append(cell(String.join(", ", distinct(f.anchorNames())))).append(" |\n");
      }
    }

    b.append("\n### Anchors\n\n");
    if (map.anchors().isEmpty()) {
      b.append("None.\n");
    } else {
      b.append("| anchor | hash | class | policy |\n|---|---|---|---|\n");
      for (AnchorTransformation a : map.anchors()) {
        b.append("| ").append(cell(a.anchorName())).append(" | ")
            .append(code(ContentHash.shortForm(a.anchorContentHash()))).append(" | ")
            .append(cell(classText(plan, a))).append(" | ").append(cell(policyText(plan.policyFor(a))))
            .append(" |\n");
      }
      for (AnchorTransformation a : map.anchors()) {
        b.append("\n#### ").append(md(a.anchorName())).append(" (")
            .append(code(ContentHash.shortForm(a.anchorContentHash()))).append(")\n\n");
        b.append("- class: **").append(md(classText(plan, a))).append("**\n");
        b.append("- step: ").append(code(a.fromStepId())).append(" → ").append(code(a.toStepId()))
            .append(a.manualMapping() ? " (manual mapping)" : "").append('\n');
        for (InsertedNode n : a.upstreamChanges().insertedNodes()) {
          b.append("- inserted upstream: ").append(md(n.nodeName()));
          if (!n.collectsFields().isEmpty()) {
            b.append(", collects ").append(codes(n.collectsFields()));
          }
          if (!n.optionalFields().isEmpty()) {
            b.append(", optional ").append(codes(n.optionalFields()));
          }
          if (n.requiredAction()) {
            b.append(", required action");
          }
          b.append('\n');
        }
        for (StepRef r : a.upstreamChanges().removedNodes()) {
          b.append("- removed upstream: ").append(md(r.stepName())).append('\n');
        }
        for (NewFork f : a.upstreamChanges().newForks()) {
          List<String> branches = new ArrayList<>();
          for (ForkBranch br : f.branches()) {
            branches.add((br.condition() == null ? "otherwise" : code(br.condition())) + " → " + md(br.targetName())
                + (br.leadsToAnchor() ? "" : " (diverts)"));
          }
          b.append("- new fork at ").append(md(f.forkName())).append(": ").append(String.join("; ", branches))
              .append('\n');
        }
        if (!a.downstreamChanges().insertedNodes().isEmpty()) {
          b.append("- inserted downstream: ").append(md(String.join(", ",
              a.downstreamChanges().insertedNodes().stream().map(InsertedNode::nodeName).toList()))).append('\n');
        }
        if (a.checkpointConflicts().isEmpty()) {
          b.append("- checkpoint conflicts: none\n");
        }
        for (CheckpointConflict c : a.checkpointConflicts()) {
          b.append("- checkpoint conflict: ").append(md(conflictText(c))).append('\n');
        }
        b.append("- policy: ").append(md(policyText(plan.policyFor(a)))).append('\n');
      }
    }

    if (!map.deletedSteps().isEmpty()) {
      b.append("\n### Deleted steps\n\n");
      for (DeletedStep d : map.deletedSteps()) {
        b.append("- ").append(md(d.stepName())).append(" (").append(code(ContentHash.shortForm(d.contentHash())))
            .append("): ").append(md(deletedText(d))).append('\n');
      }
    }
    if (!map.ambiguousAnchors().isEmpty()) {
      b.append("\n### Ambiguous anchors\n\n");
      for (AmbiguousAnchor a : map.ambiguousAnchors()) {
        b.append("- ").append(md(a.stepName())).append(" (").append(code(ContentHash.shortForm(a.contentHash())))
            .append("): source ").append(codes(a.fromStepIds())).append(", target ").append(codes(a.toStepIds()))
            .append('\n');
      }
    }
    if (!map.unreachableSteps().isEmpty()) {
      b.append("\n### Unreachable steps\n\n");
      for (StepRef r : map.unreachableSteps()) {
        b.append("- ").append(md(r.stepName())).append(" (").append(code(r.stepId())).append(")\n");
      }
    }
    if (!plan.variableMappings().isEmpty() || !plan.proposedMappings().isEmpty()) {
      b.append("\n### Variable mappings\n\n");
      for (org.scenariomigration.plan.VariableMapping m : plan.variableMappings()) {
        b.append("- ").append(code(m.describe())).append('\n');
      }
      for (org.scenariomigration.plan.VariableMapping m : plan.proposedMappings()) {
        if (!plan.variableMappings().contains(m)) {
          b.append("- ").append(code(m.describe())).append(" (proposed by the diff, not confirmed)\n");
        }
      }
    }
    return b.toString();
  }

  private static String cellNames(List<String> names) {
    return names.isEmpty() ? "" : ": " + cell(String.join(", ", names));
  }

  private static String codes(List<String> values) {
    return String.join(", ", values.stream().map(MarkdownReport::code).toList());
  }

  /** Escapes Markdown inline syntax (and line breaks) in running text. */
  static String md(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '~', '!' -> b.append('\\').append(c);
        case '\n', '\r' -> b.append(' ');
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** Text for a table cell: escaped like {@link #md(String)}. */
  private static String cell(String s) {
    return md(s);
  }

  /** A code span that survives backticks and pipes (a pipe would end a table cell even inside a code span). */
  static String code(String s) {
    String v = s.replace("\n", " ").replace("\r", " ").replace("|", "\\|");
    if (v.indexOf('`') < 0) {
      return "`" + v + "`";
    }
    return "`` " + v + " ``";
  }
}
