package org.scenariomigration.plan;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.scenario.ContentHash;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.TransformationMap;

/**
 * The rules of a plan's variable mappings that need no scenario version: no two mappings of one field, no renames in
 * a cycle or a chain; the renames the diff proposes; the summary's {@code rename_proposed} warnings. Package-private.
 */
final class MappingRules {
  private MappingRules() {}

  /** Checks {@code mappings} of plan {@code planId}; {@link InvalidVariableMappingException} on the first problem. */
  static void check(String planId, List<VariableMapping> mappings) {
    Map<String, VariableMapping> writes = new HashMap<>(); // renamed to, computed, dropped
    Map<String, VariableMapping> defaults = new HashMap<>();
    Map<String, String> renames = new LinkedHashMap<>(); // from -> to
    for (VariableMapping m : mappings) {
      java.util.Objects.requireNonNull(m, "variable mapping");
      if (m instanceof VariableMapping.Default d) {
        if (defaults.putIfAbsent(d.field(), d) != null) {
          throw conflict(planId, d.field(), "has two defaults");
        }
        continue;
      }
      VariableMapping other = writes.putIfAbsent(m.field(), m);
      if (other != null) {
        throw conflict(planId, m.field(), "is mapped twice: " + other.describe() + " and " + m.describe());
      }
      if (m instanceof VariableMapping.Rename r && renames.putIfAbsent(r.from(), r.to()) != null) {
        throw conflict(planId, r.from(), "is renamed twice: to '" + renames.get(r.from()) + "' and to '" + r.to()
            + "'");
      }
    }
    for (VariableMapping d : defaults.values()) {
      if (writes.get(d.field()) instanceof VariableMapping.Drop) {
        throw conflict(planId, d.field(), "is dropped and given a default");
      }
    }
    for (Map.Entry<String, String> e : renames.entrySet()) {
      if (writes.get(e.getKey()) instanceof VariableMapping.Drop) {
        throw conflict(planId, e.getKey(), "is renamed to '" + e.getValue() + "' and dropped");
      }
      List<String> path = new ArrayList<>(List.of(e.getKey()));
      String at = e.getValue();
      while (renames.containsKey(at) && !path.contains(at)) {
        path.add(at);
        at = renames.get(at);
      }
      if (at.equals(e.getKey())) {
        path.add(at);
        throw new InvalidVariableMappingException(InvalidVariableMappingException.Problem.CYCLE, e.getKey(),
            String.join(" -> ", path), "plan '" + planId + "': variable mappings rename in a cycle: "
            + String.join(" -> ", path));
      }
      if (renames.containsKey(e.getValue())) {
        throw conflict(planId, e.getValue(), "is renamed to from '" + e.getKey() + "' and renamed to '"
            + renames.get(e.getValue()) + "' itself; a plan's mappings read the old variables together, so its "
            + "renames do not chain (rename each in its own plan)");
      }
    }
  }

  private static InvalidVariableMappingException conflict(String planId, String field, String what) {
    return new InvalidVariableMappingException(InvalidVariableMappingException.Problem.CONFLICT, field, field,
        "plan '" + planId + "': variable '" + field + "' " + what);
  }

  /**
   * The renames the diff proposes: for each step changed in place (an edited anchor) whose collected fields differ
   * from the old step's only by name, each field at the same place under another name, provided the old step with the
   * new names has the new step's content hash (nothing else of it changed).
   */
  static List<VariableMapping> proposals(ScenarioVersion from, ScenarioVersion to, TransformationMap map) {
    List<VariableMapping> out = new ArrayList<>();
    for (AnchorTransformation a : map.anchors()) {
      Step old = a.edited() ? from.step(a.fromStepId()).orElse(null) : null;
      Step now = old == null ? null : to.step(a.toStepId()).orElse(null);
      if (now == null || old.collectsFields().size() != now.collectsFields().size()) {
        continue;
      }
      List<CollectedField> renamed = new ArrayList<>();
      List<VariableMapping> pairs = new ArrayList<>();
      for (int i = 0; i < old.collectsFields().size(); i++) {
        CollectedField o = old.collectsFields().get(i);
        CollectedField n = now.collectsFields().get(i);
        renamed.add(new CollectedField(n.name(), o.optional(), o.extractionHint(), o.type()));
        if (!o.name().equals(n.name()) && !collects(from, n.name())) {
          pairs.add(VariableMapping.rename(o.name(), n.name()));
        }
      }
      if (!pairs.isEmpty() && ContentHash.ofStep(renamedCopy(old, renamed)).equals(now.contentHash())) {
        for (VariableMapping p : pairs) {
          if (!out.contains(p)) {
            out.add(p);
          }
        }
      }
    }
    return ImmutableList.copyOf(out);
  }

  /** Whether a step of {@code v} collects {@code field}. */
  static boolean collects(ScenarioVersion v, String field) {
    for (Step st : v.steps()) {
      for (CollectedField f : st.collectsFields()) {
        if (f.name().equals(field)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Step renamedCopy(Step old, List<CollectedField> fields) {
    Step.Builder b = Step.builder(old.id()).name(old.name()).description(old.description())
        .requiredAction(old.requiredAction()).checkpoint(old.checkpoint(), old.checkpointDescription())
        .collectsAll(fields).transitions(old.transitions());
    b.ruleIds(old.ruleIds().toArray(String[]::new));
    b.requires(old.requiresFields().toArray(String[]::new));
    b.sets(old.setsFields().toArray(String[]::new));
    return b.build();
  }

  /**
   * {@code summary} with one {@link PlanWarning.Code#RENAME_PROPOSED} warning for each proposal that {@code mappings}
   * does not confirm (and none else of that code): so that every copy of a plan agrees with its mappings.
   */
  static PlanSummary withProposals(PlanSummary summary, List<VariableMapping> proposed,
      List<VariableMapping> mappings) {
    boolean had = false;
    for (PlanWarning w : summary.warnings()) {
      had |= w.code() == PlanWarning.Code.RENAME_PROPOSED;
    }
    if (!had && (proposed.isEmpty() || mappings.containsAll(proposed))) {
      return summary;
    }
    List<PlanWarning> ws = new ArrayList<>();
    for (PlanWarning w : summary.warnings()) {
      if (w.code() != PlanWarning.Code.RENAME_PROPOSED) {
        ws.add(w);
      }
    }
    for (VariableMapping p : proposed) {
      if (p instanceof VariableMapping.Rename r && !mappings.contains(p)) {
        ws.add(new PlanWarning(PlanWarning.Severity.INFO, PlanWarning.Code.RENAME_PROPOSED, null, null,
            "Collected field '" + r.from() + "' is now called '" + r.to() + "': add the mapping rename "
            + r.from() + " -> " + r.to() + " so that customers are not asked for '" + r.to() + "' again"));
      }
    }
    return new PlanSummary(summary.totalAnchors(), summary.anchorsWithCleanGraft(), summary.anchorsWithGapFill(),
        summary.anchorsWithReRoute(), summary.deletedSteps(), summary.newSteps(), summary.ambiguousAnchors(),
        summary.estimatedSessionsAffected(), summary.fieldsToCollect(), ws);
  }
}
