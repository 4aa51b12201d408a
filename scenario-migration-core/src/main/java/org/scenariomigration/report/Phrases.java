package org.scenariomigration.report;

import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.CheckpointConflict;
import org.scenariomigration.scenario.ContentHash;
import org.scenariomigration.scenario.DeletedStep;
import org.scenariomigration.scenario.MigrationScenario;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The sentences the text and Markdown reviews share: an anchor's class, a conflict, a relocation, a policy. */
final class Phrases {
  private Phrases() {}

  /** The names without repeats, in their first order. */
  static List<String> distinct(List<String> names) {
    return List.copyOf(new LinkedHashSet<>(names));
  }

  /** The anchor's class, and the class the diff found when a policy forces another. */
  static String classText(MigrationPlan plan, AnchorTransformation a) {
    MigrationScenario effective = plan.effectiveScenario(a);
    if (effective == a.migrationScenario()) {
      return a.migrationScenario().jsonName();
    }
    return effective.jsonName() + " (forced by policy; the diff found " + a.migrationScenario().jsonName() + ")";
  }

  /** A checkpoint conflict as a sentence. */
  static String conflictText(CheckpointConflict c) {
    return switch (c.kind()) {
      case RUN_AGAIN -> "'" + c.checkpointName() + "' would run again after a teleport to '" + c.targetName() + "'";
      case CONTRADICTED -> "'" + c.checkpointName() + "' would be contradicted by a re-route to '" + c.targetName()
          + "'";
      case NOT_PASSED -> "'" + c.checkpointName() + "' lies before '" + c.targetName()
          + "' but may not have been passed";
    };
  }

  /** Where a deleted step's sessions go, what guards and what they cross. */
  static String deletedText(DeletedStep d) {
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
}
