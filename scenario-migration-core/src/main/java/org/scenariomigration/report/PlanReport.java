package org.scenariomigration.report;

import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanSummary;
import org.scenariomigration.plan.PlanWarning;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.scenario.AmbiguousAnchor;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.CheckpointConflict;
import org.scenariomigration.scenario.ContentHash;
import org.scenariomigration.scenario.DeletedStep;
import org.scenariomigration.scenario.FieldToCollect;
import org.scenariomigration.scenario.ForkBranch;
import org.scenariomigration.scenario.InsertedNode;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.NewFork;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.StepRef;
import org.scenariomigration.scenario.TransformationMap;
import org.scenariomigration.scenario.Transition;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's review of a migration plan, rendered as an operator reviews it: the summary (counts per class,
 * estimated sessions affected, new and deleted steps), the warnings by severity, the fields to collect and, per anchor,
 * its name, short hash, class (and the class a policy forces), the inserted upstream steps with their fields, the new
 * forks with their conditions, the checkpoint conflicts and the policy (scope filter, {@code update_downstream}).
 *
 * <pre>{@code
 * System.out.println(PlanReport.text(plan));                        // a terminal or a log
 * Files.writeString(review, PlanReport.markdown(plan));               // a pull request, a ticket, a wiki page
 * Files.writeString(diagram, PlanReport.mermaid(v1, v2, plan.transformationMap()));   // both versions side by side
 * }</pre>
 *
 * <p>Every method is a pure function of its arguments: the same plan gives the same text. Hashes are shown in their
 * 12-character {@link ContentHash#shortForm(String) short form}; policies are keyed by the full hash, and an operator
 * may name an anchor by its step id or a unique short form
 * ({@link org.scenariomigration.scenario.TransformationMap#anchorFor}).
 */
public final class PlanReport {
  private PlanReport() {}

  // ------------------------------------------------------------------------------------------------ text

  /**
   * The review as plain text, for a terminal or a log: a header, then the sections SUMMARY, WARNINGS, FIELDS TO
   * COLLECT, ANCHORS and, when there are any, DELETED STEPS, AMBIGUOUS ANCHORS and UNREACHABLE STEPS. Lines end with
   * {@code \n}.
   */
  public static String text(MigrationPlan plan) {
    requireNonNull(plan, "plan");
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
            + String.format(java.util.Locale.ROOT, "%.2f", a.identity().score()) + ")");
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
          default -> out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
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

  private static List<String> distinct(List<String> names) {
    return List.copyOf(new LinkedHashSet<>(names));
  }

  private static String classText(MigrationPlan plan, AnchorTransformation a) {
    MigrationScenario effective = plan.effectiveScenario(a);
    if (effective == a.migrationScenario()) {
      return a.migrationScenario().jsonName();
    }
    return effective.jsonName() + " (forced by policy; the diff found " + a.migrationScenario().jsonName() + ")";
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

  private static String conflictText(CheckpointConflict c) {
    return switch (c.kind()) {
      case RUN_AGAIN -> "'" + c.checkpointName() + "' would run again after a teleport to '" + c.targetName() + "'";
      case CONTRADICTED -> "'" + c.checkpointName() + "' would be contradicted by a re-route to '" + c.targetName()
          + "'";
      case NOT_PASSED -> "'" + c.checkpointName() + "' lies before '" + c.targetName()
          + "' but may not have been passed";
    };
  }

  private static String deletedText(DeletedStep d) {
    String where = switch (d.relocation()) {
      case DOWNSTREAM -> "sessions are relocated forward to '" + d.relocateToStepId() + "' ["
          + ContentHash.shortForm(d.relocateToAnchorHash()) + "]";
      case UPSTREAM -> "sessions are relocated back to '" + d.relocateToStepId() + "' ["
          + ContentHash.shortForm(d.relocateToAnchorHash()) + "]";
      case HISTORY -> "sessions go back to the last anchor they visited, or exit the scenario";
    };
    String guards = d.guardedCheckpoints().isEmpty() ? "" : "; not moved forward past checkpoint "
        + String.join(", ", d.guardedCheckpoints().stream().map(r -> "'" + r.stepName() + "'").toList());
    String crosses = d.crossedSteps().isEmpty() ? "" : "; crosses "
        + String.join(", ", d.crossedSteps().stream().map(r -> "'" + r.stepName() + "'").toList())
        + (d.crossedFields().isEmpty() ? "" : " (sessions lacking " + d.crossedFields() + " go back instead)");
    String replaced = d.checkpoint() ? "; checkpoint with no counterpart: sessions that passed it are pinned" : "";
    return d.stepId() + (d.checkpoint() ? ", checkpoint" : "") + ": " + where + guards + crosses + replaced;
  }

  /** The policy as one line, for example {@code include_channels=[whatsapp], max_session_age_days=30; ...}. */
  static String policyText(AnchorPolicy p) {
    ScopeFilter f = p.scopeFilter();
    List<String> scope = new ArrayList<>();
    if (!f.includeChannels().isEmpty()) {
      scope.add("include_channels=" + f.includeChannels());
    }
    if (!f.excludeChannels().isEmpty()) {
      scope.add("exclude_channels=" + f.excludeChannels());
    }
    if (f.maxSessionAgeDays() != null) {
      scope.add("max_session_age_days=" + f.maxSessionAgeDays());
    }
    if (f.minSessionAgeDays() != null) {
      scope.add("min_session_age_days=" + f.minSessionAgeDays());
    }
    if (!f.includeCurrentSteps().isEmpty()) {
      scope.add("include_current_steps=" + f.includeCurrentSteps());
    }
    if (!f.excludeCurrentSteps().isEmpty()) {
      scope.add("exclude_current_steps=" + f.excludeCurrentSteps());
    }
    String out = (scope.isEmpty() ? "all sessions" : String.join(", ", scope)) + "; update_downstream="
        + p.updateDownstream();
    if (p.forceScenario() != null) {
      out += "; force_scenario=" + p.forceScenario().jsonName();
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------------ markdown

  /**
   * The review as GitHub-flavoured Markdown: the same content as {@link #text(MigrationPlan)} with headings, tables
   * and lists. Step names, field names and conditions are escaped, so that a name containing {@code |}, {@code *} or
   * {@code <} cannot break a table or inject markup.
   */
  public static String markdown(MigrationPlan plan) {
    requireNonNull(plan, "plan");
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
    return b.toString();
  }

  private static String cellNames(List<String> names) {
    return names.isEmpty() ? "" : ": " + cell(String.join(", ", names));
  }

  private static String codes(List<String> values) {
    return String.join(", ", values.stream().map(PlanReport::code).toList());
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

  // ------------------------------------------------------------------------------------------------ mermaid

  /**
   * A Mermaid flowchart of both versions side by side: a subgraph per version, each step once with its name as label
   * (checkpoints as hexagons), every transition as an edge and conditional edges labelled with their condition. Class
   * {@code anchor} marks matched steps on both sides (a dotted link joins each pair; the target side also names the
   * anchor's class), {@code inserted} marks new steps, {@code removed} marks deleted steps and {@code ambiguous} marks
   * unpaired twins. Labels are quoted and every character outside letters, digits and plain punctuation is written
   * as a Mermaid entity code ({@code #60;} for {@code <}, {@code #34;} for a double quote), so no step name or
   * condition can break the diagram.
   *
   * @param from the source version
   * @param to the target version
   * @param map the transformation map between them, for example {@code plan.transformationMap()}
   */
  public static String mermaid(ScenarioVersion from, ScenarioVersion to, TransformationMap map) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(map, "map");
    Map<String, String> fromIds = nodeIds("s", from);
    Map<String, String> toIds = nodeIds("t", to);
    Map<String, MigrationScenario> anchorClassByTarget = new LinkedHashMap<>();
    Set<String> anchorsFrom = new LinkedHashSet<>();
    Set<String> anchorsTo = new LinkedHashSet<>();
    for (AnchorTransformation a : map.anchors()) {
      if (fromIds.containsKey(a.fromStepId()) && toIds.containsKey(a.toStepId())) {
        anchorsFrom.add(fromIds.get(a.fromStepId()));
        anchorsTo.add(toIds.get(a.toStepId()));
        anchorClassByTarget.put(a.toStepId(), a.migrationScenario());
      }
    }
    Set<String> removed = new LinkedHashSet<>();
    for (DeletedStep d : map.deletedSteps()) {
      if (fromIds.containsKey(d.stepId())) {
        removed.add(fromIds.get(d.stepId()));
      }
    }
    Set<String> inserted = new LinkedHashSet<>();
    for (StepRef r : map.newSteps()) {
      if (toIds.containsKey(r.stepId())) {
        inserted.add(toIds.get(r.stepId()));
      }
    }
    Set<String> ambiguous = new LinkedHashSet<>();
    for (AmbiguousAnchor a : map.ambiguousAnchors()) {
      a.fromStepIds().stream().filter(fromIds::containsKey).forEach(id -> ambiguous.add(fromIds.get(id)));
      a.toStepIds().stream().filter(toIds::containsKey).forEach(id -> ambiguous.add(toIds.get(id)));
    }

    StringBuilder b = new StringBuilder("flowchart LR\n");
    subgraph(b, "src", from, fromIds, Map.of());
    subgraph(b, "dst", to, toIds, anchorClassByTarget);
    for (AnchorTransformation a : map.anchors()) {
      if (fromIds.containsKey(a.fromStepId()) && toIds.containsKey(a.toStepId())) {
        b.append("  ").append(fromIds.get(a.fromStepId())).append(" -.- ").append(toIds.get(a.toStepId()))
            .append('\n');
      }
    }
    b.append("  classDef anchor fill:#e3f2fd,stroke:#1565c0\n");
    b.append("  classDef inserted fill:#e8f5e9,stroke:#2e7d32,stroke-width:2px\n");
    b.append("  classDef removed fill:#ffebee,stroke:#c62828,stroke-dasharray: 5 5\n");
    b.append("  classDef ambiguous fill:#fff8e1,stroke:#f9a825\n");
    classLine(b, "anchor", anchorsFrom, anchorsTo);
    classLine(b, "inserted", inserted, Set.of());
    classLine(b, "removed", removed, Set.of());
    classLine(b, "ambiguous", ambiguous, Set.of());
    return b.toString();
  }

  private static Map<String, String> nodeIds(String prefix, ScenarioVersion v) {
    Map<String, String> ids = new LinkedHashMap<>();
    int i = 0;
    for (Step s : v.steps()) {
      ids.put(s.id(), prefix + i++);
    }
    return ids;
  }

  private static void subgraph(StringBuilder b, String id, ScenarioVersion v, Map<String, String> ids,
      Map<String, MigrationScenario> anchorClass) {
    String title = (v.name().isEmpty() ? v.scenarioId() : v.name()) + " v" + v.version();
    b.append("  subgraph ").append(id).append("[\"").append(label(title)).append("\"]\n");
    b.append("    direction TB\n");
    for (Step s : v.steps()) {
      String text = label(s.name());
      MigrationScenario cls = anchorClass.get(s.id());
      if (cls != null) {
        text += "<br/>" + cls.jsonName();
      }
      b.append("    ").append(ids.get(s.id()));
      if (s.checkpoint()) {
        b.append("{{\"").append(text).append("\"}}");
      } else {
        b.append("[\"").append(text).append("\"]");
      }
      b.append('\n');
    }
    for (Step s : v.steps()) {
      for (Transition t : s.transitions()) {
        String target = ids.get(t.toStepId());
        if (target == null) {
          continue;
        }
        b.append("    ").append(ids.get(s.id()));
        if (t.isConditional()) {
          b.append(" -->|\"").append(label(t.condition())).append("\"| ");
        } else {
          b.append(" --> ");
        }
        b.append(target).append('\n');
      }
    }
    b.append("  end\n");
  }

  private static void classLine(StringBuilder b, String cls, Set<String> first, Set<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    if (!all.isEmpty()) {
      b.append("  class ").append(String.join(",", all)).append(' ').append(cls).append('\n');
    }
  }

  /**
   * Text safe inside a quoted Mermaid label: letters, digits, spaces and plain punctuation stay; everything else
   * (quotes, {@code < > & # ; | [ ] { } `}, line breaks, non-ASCII) becomes a decimal entity code such as
   * {@code #60;}.
   */
  static String label(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    s.codePoints().forEach(cp -> {
      boolean plain = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')
          || " .,:_-/()'?!+*=@%$~^".indexOf(cp) >= 0;
      if (plain) {
        b.appendCodePoint(cp);
      } else {
        b.append('#').append(cp).append(';');
      }
    });
    return b.toString();
  }
}
