package org.scenariomigration.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.scenariomigration.json.Json;
import org.scenariomigration.json.MalformedJsonException;

/**
 * The {@code rollout} block in the seed's JSON style: a {@link RolloutSchedule} as the deploy request carries it, and a
 * {@link RolloutState} as the plan JSON keeps it.
 *
 * <pre>{@code
 * "rollout": {
 *   "steps": [{"percent": 10, "min_duration_seconds": 3600, "min_migrated_sessions": 50}, {"percent": 100}],
 *   "gates": {"disruption_rate": 0.2, "collect_rate": 0.5, "failure_rate": 0.05},
 *   "gate_min_sessions": 20,
 *   "auto_rollback": true
 * }
 * }</pre>
 */
public final class RolloutJson {
  private static final String DOC = "rollout schedule";

  private RolloutJson() {}

  /** Writes a schedule. */
  public static String write(RolloutSchedule schedule) {
    java.util.Objects.requireNonNull(schedule, "schedule must not be null");
    return Json.write(schedule(schedule));
  }

  /**
   * Reads a schedule (the deploy request's {@code rollout} block).
   *
   * @throws MalformedJsonException when it is not JSON of this shape (naming the path)
   * @throws InvalidPlanException when a value is out of range (naming the field and value)
   */
  public static RolloutSchedule readSchedule(String json) {
    java.util.Objects.requireNonNull(json, "json must not be null");
    return readSchedule(new Json.Obj(DOC, "$", Json.parse(DOC, json)));
  }

  static ObjectNode schedule(RolloutSchedule s) {
    ObjectNode o = Json.object();
    ArrayNode steps = o.putArray("steps");
    for (RolloutSchedule.Step st : s.steps()) {
      steps.addObject().put("percent", st.percent()).put("min_duration_seconds", st.minDuration().getSeconds())
          .put("min_migrated_sessions", st.minMigratedSessions());
    }
    ObjectNode gates = o.putObject("gates");
    for (Map.Entry<RolloutSchedule.Gate, Double> g : s.gates().entrySet()) {
      gates.put(g.getKey().jsonName(), g.getValue());
    }
    o.put("gate_min_sessions", s.gateMinSessions());
    o.put("auto_rollback", s.autoRollback());
    return o;
  }

  static RolloutSchedule readSchedule(Json.Obj o) {
    RolloutSchedule.Builder b = RolloutSchedule.builder();
    List<JsonNode> steps = o.array("steps");
    for (int i = 0; i < steps.size(); i++) {
      Json.Obj st = o.item("steps", i, steps.get(i));
      long seconds = st.longValue("min_duration_seconds", 0);
      b.step(st.integer("percent"), Duration.ofSeconds(seconds), st.longValue("min_migrated_sessions", 0));
    }
    if (o.has("gates")) {
      Json.Obj gates = o.obj("gates");
      for (var it = gates.node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        b.gate(RolloutSchedule.Gate.fromJson(name), gates.number(name, Double.NaN));
      }
    }
    return b.gateMinSessions(o.longValue("gate_min_sessions", 1)).autoRollback(o.bool("auto_rollback", false))
        .build();
  }

  static ObjectNode state(RolloutState r) {
    ObjectNode o = schedule(r.schedule());
    o.put("phase", r.phase().jsonName());
    o.put("current_step", r.step());
    ArrayNode history = o.putArray("history");
    for (RolloutState.StepRecord h : r.history()) {
      ObjectNode e = history.addObject().put("percent", h.percent()).put("entered_at", h.enteredAt().toString())
          .put("migrated_at_entry", h.migratedAtEntry());
      if (h.leftAt() != null) {
        e.put("left_at", h.leftAt().toString()).put("outcome", h.outcome());
      }
    }
    if (r.haltedReason() != null) {
      o.put("halted_reason", r.haltedReason());
    }
    return o;
  }

  static RolloutState readState(Json.Obj o) {
    RolloutSchedule schedule = readSchedule(o);
    List<RolloutState.StepRecord> history = new ArrayList<>();
    List<JsonNode> items = o.array("history");
    for (int i = 0; i < items.size(); i++) {
      Json.Obj h = o.item("history", i, items.get(i));
      history.add(new RolloutState.StepRecord(h.integer("percent"), PlanJson.time(h, "entered_at", true),
          h.longValue("migrated_at_entry", 0), PlanJson.time(h, "left_at", false),
          h.str("outcome", null)));
    }
    if (history.isEmpty()) {
      throw o.fail(o.path + ".history", "a rollout has at least the step it is at");
    }
    return new RolloutState(schedule, o.enumValue("phase", RolloutState.Phase::fromJson),
        o.integer("current_step"), history, o.str("halted_reason", null));
  }
}
