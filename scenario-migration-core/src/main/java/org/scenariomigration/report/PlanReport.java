package org.scenariomigration.report;

import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.ContentHash;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.TransformationMap;
import static java.util.Objects.requireNonNull;

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
 *
 * <p>Each rendering lives in its own package-private class: {@code TextReport}, {@code MarkdownReport} and
 * {@code MermaidDiagram}, with the sentences the text and Markdown reviews share in {@code Phrases}.
 */
public final class PlanReport {
  private PlanReport() {}

  /**
   * The review as plain text, for a terminal or a log: a header, then the sections SUMMARY, WARNINGS, FIELDS TO
   * COLLECT, ANCHORS and, when there are any, DELETED STEPS, AMBIGUOUS ANCHORS and UNREACHABLE STEPS. Lines end with
   * {@code \n}.
   */
  public static String text(MigrationPlan plan) {
    return TextReport.render(requireNonNull(plan, "plan"));
  }

  /**
   * The review as GitHub-flavoured Markdown: the same content as {@link #text(MigrationPlan)} with headings, tables
   * and lists. Step names, field names and conditions are escaped, so that a name containing {@code |}, {@code *} or
   * {@code <} cannot break a table or inject markup.
   */
  public static String markdown(MigrationPlan plan) {
    return MarkdownReport.render(requireNonNull(plan, "plan"));
  }

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
    return MermaidDiagram.render(from, to, map);
  }
}
