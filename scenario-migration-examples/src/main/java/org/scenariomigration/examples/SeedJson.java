package org.scenariomigration.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanJson;
import org.scenariomigration.runtime.DeploymentResult;
import org.scenariomigration.runtime.DeploymentStatus;
import org.scenariomigration.runtime.RolloutStatus;
import org.scenariomigration.plan.RolloutState;

/** The seed's response shapes that the core does not write itself (deploy, deployment status, summary, errors). */
final class SeedJson {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SeedJson() {}

  /** The deploy response: {@code plan_id}, {@code sessions_marked}, {@code sessions_by_anchor}, {@code deployed_at}. */
  static ObjectNode deployment(DeploymentResult r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("plan_id", r.planId());
    o.put("sessions_marked", r.sessionsMarked());
    ObjectNode by = o.putObject("sessions_by_anchor");
    r.sessionsByAnchor().forEach(by::put);
    instant(o, "deployed_at", r.deployedAt());
    return o;
  }

  /** The deployment-status response, with the seed's fields plus {@code rollout_percent}. */
  static ObjectNode status(DeploymentStatus s) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("plan_id", s.planId());
    o.put("status", s.status().jsonName());
    o.put("rollout_percent", s.rolloutPercent());
    o.put("sessions_marked", s.sessionsMarked());
    o.put("migrations_applied", s.migrationsApplied());
    o.put("migrations_pending", s.migrationsPending());
    ObjectNode by = o.putObject("migrations_by_scenario");
    for (Map.Entry<String, Long> e : s.migrationsByScenario().entrySet()) {
      by.put(e.getKey(), e.getValue());
    }
    o.put("checkpoint_blocks", s.checkpointBlocks());
    instant(o, "deployed_at", s.deployedAt());
    instant(o, "last_migration_at", s.lastMigrationAt());
    if (s.rollout() != null) {
      o.set("rollout", rollout(s.rollout()));
    }
    return o;
  }

  /**
   * The status's {@code rollout} block (issue 19): the phase, the current step, each gate's value against its
   * threshold, the history of the steps and the halted reason.
   */
  static ObjectNode rollout(RolloutStatus r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("phase", r.phase().jsonName());
    o.put("current_step", r.currentStep());
    o.put("current_percent", r.currentPercent());
    o.put("auto_rollback", r.autoRollback());
    com.fasterxml.jackson.databind.node.ArrayNode gates = o.putArray("gates");
    for (RolloutStatus.GateValue g : r.gates()) {
      gates.addObject().put("gate", g.gate().jsonName()).put("value", g.value()).put("threshold", g.threshold())
          .put("sessions", g.sessions()).put("passing", g.passing());
    }
    com.fasterxml.jackson.databind.node.ArrayNode history = o.putArray("history");
    for (RolloutState.StepRecord h : r.history()) {
      ObjectNode e = history.addObject().put("percent", h.percent());
      instant(e, "entered_at", h.enteredAt());
      instant(e, "left_at", h.leftAt());
      e.put("outcome", h.outcome());
    }
    o.put("halted_reason", r.haltedReason());
    return o;
  }

  /** The migration-plan response: {@link PlanJson#write(MigrationPlan)} as a tree. */
  static JsonNode plan(MigrationPlan plan) {
    return parse(PlanJson.write(plan));
  }

  /** The summary response: {@code plan_id} and {@code status}, then the plan's {@code summary} fields. */
  static ObjectNode summary(MigrationPlan plan) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("plan_id", plan.id());
    o.put("status", plan.status().jsonName());
    o.setAll((ObjectNode) plan(plan).get("summary"));
    return o;
  }

  /** An error body: {@code {"error": code, "message": message}}. */
  static ObjectNode error(String code, String message) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("error", code);
    o.put("message", message);
    return o;
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the library wrote JSON it cannot read back", e);
    }
  }

  private static void instant(ObjectNode o, String field, Instant at) {
    if (at == null) {
      o.putNull(field);
    } else {
      o.put(field, at.toString());
    }
  }
}
