package org.scenariomigration.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.scenariomigration.InvalidIdException;
import org.scenariomigration.condition.ConditionEngine;

/**
 * Reads and writes scenario versions as JSON.
 *
 * <pre>{@code
 * {
 *   "format_version": 1,
 *   "scenario_id": "order-flow",
 *   "version": 2,
 *   "name": "Order Flow",
 *   "start_step_id": "welcome",
 *   "steps": [
 *     {"id": "welcome", "name": "Welcome", "description": "Greets the customer",
 *      "transitions": [{"to_step_id": "age_check"}]},
 *     {"id": "age_check", "name": "Age Verification",
 *      "collects_fields": [{"name": "age", "type": "integer", "extraction_hint": "age in years"},
 *                          {"name": "nickname", "optional": true, "extraction_hint": "what to call them"},
 *                          {"name": "tier", "type": "enum", "values": ["gold", "silver"]}],
 *      "transitions": [{"to_step_id": "rejection", "condition": "age < 18"},
 *                      {"to_step_id": "checkout", "condition": "age >= 18"}]},
 *     {"id": "checkout", "name": "Checkout", "requires_fields": ["age"], "rule_ids": ["r-7"],
 *      "is_required_action": false, "is_checkpoint": true, "checkpoint_description": "payment taken"},
 *     {"id": "rejection", "name": "Rejection"}
 *   ]
 * }
 * }</pre>
 *
 * <p>Every field except {@code scenario_id}, {@code version}, {@code steps} and each step's {@code id} is optional.
 * {@code start_step_id} defaults to the first step. A collected field is a name (a required field with no declared
 * type) or an object; its {@code type} is one of {@code string}, {@code integer}, {@code number}, {@code boolean},
 * {@code date} and {@code enum} (with {@code values}), and is absent for a field with no declared type
 * ({@link FieldType}). Unknown fields are ignored, so a newer writer that only adds fields
 * stays readable; a {@code format_version} newer than {@link #FORMAT_VERSION} is rejected. Reading is bounded
 * (nesting depth 64, strings and keys of 1 Mi characters, numbers of 32 characters, documents of 64 Mi characters: a
 * limit exceeded throws {@link JsonLimitException} naming it, never a {@link StackOverflowError}) and strict (duplicate
 * keys and trailing content are errors). Shape errors throw {@link MalformedJsonException} naming the JSON path and
 * the value; so does an id that breaks the id grammar ({@link org.scenariomigration.Ids}: the scenario id, a step
 * id, a collected or required field name), with the {@link InvalidIdException} as its cause. Graph errors throw
 * {@link InvalidScenarioException}.
 */
public final class ScenarioJson {
  /** The format version this library writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  private static final String DOC = "scenario";

  private ScenarioJson() {}

  /** Reads a scenario version, compiling its conditions with the built-in engine. */
  public static ScenarioVersion read(String json) {
    return read(json, ConditionEngine.builtIn());
  }

  /** Reads a scenario version, compiling its conditions with {@code engine}. */
  public static ScenarioVersion read(String json, ConditionEngine engine) {
    java.util.Objects.requireNonNull(engine, "engine must not be null");
    return fromNode(new Json.Obj(DOC, "$", Json.parse(DOC, json)), engine);
  }

  static ScenarioVersion fromNode(Json.Obj root, ConditionEngine engine) {
    int format = root.integer("format_version", FORMAT_VERSION);
    if (format < 1 || format > FORMAT_VERSION) {
      throw root.fail(root.path + ".format_version",
          "unsupported format version " + format + ", this library reads 1 to " + FORMAT_VERSION);
    }
    String scenarioId = root.str("scenario_id");
    int version = root.integer("version");
    ScenarioVersion.Builder b;
    try {
      b = ScenarioVersion.builder(scenarioId, version);
    } catch (InvalidIdException e) {
      throw root.fail(root.path + ".scenario_id", e);
    } catch (IllegalArgumentException e) {
      throw root.fail(root.path + ".version", e.getMessage());
    }
    b.name(root.str("name", "")).conditionEngine(engine);
    if (root.has("start_step_id")) {
      b.startStep(root.str("start_step_id"));
    }
    if (!root.has("steps")) {
      throw root.fail(root.path + ".steps", "required array is missing");
    }
    List<JsonNode> steps = root.array("steps");
    for (int i = 0; i < steps.size(); i++) {
      b.step(readStep(root.item("steps", i, steps.get(i))));
    }
    return b.build();
  }

  private static Step readStep(Json.Obj o) {
    Step.Builder s;
    try {
      s = Step.builder(o.str("id"));
    } catch (InvalidIdException e) {
      throw o.fail(o.path + ".id", e);
    }
    s.name(o.str("name", o.str("id")))
        .description(o.str("description", ""))
        .requiredAction(o.bool("is_required_action", false))
        .checkpoint(o.bool("is_checkpoint", false), o.str("checkpoint_description", ""));
    for (String r : o.strings("rule_ids")) {
      s.ruleIds(r);
    }
    List<JsonNode> fields = o.array("collects_fields");
    for (int i = 0; i < fields.size(); i++) {
      JsonNode f = fields.get(i);
      String at = o.path + ".collects_fields[" + i + "]";
      try {
        if (f.isTextual()) {
          s.collects(CollectedField.required(f.textValue()));
        } else {
          Json.Obj fo = o.item("collects_fields", i, f);
          FieldType type = FieldType.of(fo.str("type", null), fo.has("values") ? fo.strings("values") : null);
          s.collects(new CollectedField(fo.str("name"), fo.bool("optional", false), fo.str("extraction_hint", ""),
              type));
        }
      } catch (InvalidIdException e) {
        throw o.fail(at + (f.isTextual() ? "" : ".name"), e);
      } catch (IllegalArgumentException e) {
        throw o.fail(at, e.getMessage());
      }
    }
    List<String> requires = o.strings("requires_fields");
    for (int i = 0; i < requires.size(); i++) {
      try {
        s.requires(requires.get(i));
      } catch (InvalidIdException e) {
        throw o.fail(o.path + ".requires_fields[" + i + "]", e);
      }
    }
    List<JsonNode> ts = o.array("transitions");
    for (int i = 0; i < ts.size(); i++) {
      Json.Obj t = o.item("transitions", i, ts.get(i));
      s.transitions(List.of(new Transition(t.str("to_step_id"), t.str("condition", null))));
    }
    return s.build();
  }

  /** Writes a scenario version in the current format; {@link #read(String)} gives back an equal version. */
  public static String write(ScenarioVersion version) {
    java.util.Objects.requireNonNull(version, "version must not be null");
    return Json.write(toNode(version));
  }

  static ObjectNode toNode(ScenarioVersion v) {
    ObjectNode root = Json.object();
    root.put("format_version", FORMAT_VERSION);
    root.put("scenario_id", v.scenarioId());
    root.put("version", v.version());
    root.put("name", v.name());
    root.put("start_step_id", v.startStepId());
    ArrayNode steps = root.putArray("steps");
    for (Step s : v.steps()) {
      ObjectNode o = steps.addObject();
      o.put("id", s.id());
      o.put("name", s.name());
      o.put("description", s.description());
      o.set("rule_ids", Json.strings(s.ruleIds()));
      ArrayNode fields = o.putArray("collects_fields");
      for (CollectedField f : s.collectsFields()) {
        if (!f.optional() && f.extractionHint().isEmpty() && !f.type().isDeclared()) {
          fields.add(f.name());
        } else {
          ObjectNode fo = fields.addObject();
          fo.put("name", f.name());
          fo.put("optional", f.optional());
          fo.put("extraction_hint", f.extractionHint());
          if (f.type().isDeclared()) {
            fo.put("type", f.type().kind().jsonName());
            if (f.type().kind() == FieldType.Kind.ENUM) {
              fo.set("values", Json.strings(f.type().values()));
            }
          }
        }
      }
      o.set("requires_fields", Json.strings(s.requiresFields()));
      o.put("is_required_action", s.requiredAction());
      o.put("is_checkpoint", s.checkpoint());
      o.put("checkpoint_description", s.checkpointDescription());
      ArrayNode ts = o.putArray("transitions");
      for (Transition t : s.transitions()) {
        ObjectNode to = ts.addObject();
        to.put("to_step_id", t.toStepId());
        if (t.condition() != null) {
          to.put("condition", t.condition());
        }
      }
    }
    return root;
  }
}
