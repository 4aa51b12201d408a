package org.scenariomigration.report;

import org.scenariomigration.scenario.AmbiguousAnchor;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.DeletedStep;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.StepRef;
import org.scenariomigration.scenario.TransformationMap;
import org.scenariomigration.scenario.Transition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Both versions side by side as a Mermaid flowchart ({@link PlanReport#mermaid}). */
final class MermaidDiagram {
  private MermaidDiagram() {}

  /** See {@link PlanReport#mermaid}. */
  static String render(ScenarioVersion from, ScenarioVersion to, TransformationMap map) {
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
