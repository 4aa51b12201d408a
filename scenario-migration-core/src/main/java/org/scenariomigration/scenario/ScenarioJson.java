package org.scenariomigration.scenario;

import org.scenariomigration.json.Json;
import org.scenariomigration.json.JsonLimitException;
import org.scenariomigration.json.MalformedJsonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
 * (nesting depth 64, strings and keys of 1 Mi characters, numbers of 32 characters, documents of
 * {@link #MAX_DOCUMENT_CHARS} characters: a limit exceeded throws {@link JsonLimitException} naming it, never a
 * {@link StackOverflowError}) and strict (duplicate keys and trailing content are errors). Shape errors throw
 * {@link MalformedJsonException} naming the JSON path and the value; so does an id that breaks the id grammar
 * ({@link org.scenariomigration.Ids}: the scenario id, a step id, a collected or required field name), with the
 * {@link InvalidIdException} as its cause. Graph errors, and more steps or transitions than a version may have
 * ({@link ScenarioVersion#MAX_STEPS} and the others), throw {@link InvalidScenarioException}. Steps are read one at a
 * time as the parser meets them (the document's tree is never built whole), and none is built past the
 * {@link ScenarioVersion#MAX_STEPS}th: reading takes about the memory of the document and of the version.
 */
public final class ScenarioJson {
  /** The format version this library writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  /**
   * The longest document {@link #read(String)} accepts, in characters: {@value} (48 Mi). {@link #write} spends about
   * 370 characters on a step with a short name, a collected field and one transition, so a version of
   * {@link ScenarioVersion#MAX_STEPS} such steps fits with room to spare; a longer document is rejected with a
   * {@link JsonLimitException} ({@link JsonLimitException#DOCUMENT_LENGTH}) before it is parsed.
   */
  public static final int MAX_DOCUMENT_CHARS = 48 << 20;

  private static final String DOC = "scenario";

  private ScenarioJson() {}

  /** Reads a scenario version, compiling its conditions with the built-in engine. */
  public static ScenarioVersion read(String json) {
    return read(json, ConditionEngine.builtIn());
  }

  /**
   * Reads a scenario version, compiling its conditions with {@code engine}. The steps are read one at a time as the
   * parser meets them, so the document's tree is never built whole: reading takes about the memory of the document
   * and of the version, and stops building steps once there are more than {@link ScenarioVersion#MAX_STEPS}.
   */
  public static ScenarioVersion read(String json, ConditionEngine engine) {
    java.util.Objects.requireNonNull(engine, "engine must not be null");
    checkLength(json);
    StepReader steps = new StepReader();
    return fromNode(new Json.Obj(DOC, "$", parse(json, steps)), engine, steps);
  }

  /**
   * Reads the whole document as one tree, then the steps from it: what {@link #read(String, ConditionEngine)} did
   * before it streamed the steps, and must still answer, error for error (the tests compare the two).
   */
  static ScenarioVersion readWhole(String json, ConditionEngine engine) {
    checkLength(json);
    return fromNode(new Json.Obj(DOC, "$", Json.parse(DOC, json)), engine, null);
  }

  private static void checkLength(String json) {
    if (json != null && json.length() > MAX_DOCUMENT_CHARS) {
      throw new JsonLimitException(DOC, "$", JsonLimitException.DOCUMENT_LENGTH, MAX_DOCUMENT_CHARS, null);
    }
  }

  /** Reads single values of a document: the trailing-token check belongs to the whole document. */
  private static final ObjectReader VALUE = Json.MAPPER.reader()
      .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * The document's root object as a tree without its {@code steps} array, whose elements go to {@code steps} one at a
   * time. Anything but one object (or no JSON at all) is left to {@link Json#parse}, which names the problem.
   */
  private static JsonNode parse(String json, StepReader steps) {
    if (json == null) {
      return Json.parse(DOC, null);
    }
    try (JsonParser p = Json.MAPPER.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Json.parse(DOC, json);
      }
      ObjectNode root = Json.object();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        if (p.nextToken() == JsonToken.START_ARRAY && field.equals("steps")) {
          root.set(field, Json.array());
          steps.streamed = true;
          for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            steps.add("$.steps[" + i + "]", VALUE.readTree(p));
          }
        } else {
          root.set(field, VALUE.readTree(p));
        }
      }
      if (p.nextToken() != null) { // more after the object: the whole-document reader says what
        steps.discard();
        return Json.parse(DOC, json);
      }
      return root;
    } catch (JsonProcessingException e) {
      // a document that does not parse is read again whole, so that it fails exactly as the tree reader fails
      // (Jackson words some errors differently when it reads token by token)
      steps.discard();
      Json.parse(DOC, json);
      throw Json.malformed(DOC, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (MalformedJsonException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new MalformedJsonException(DOC, "$", String.valueOf(e.getMessage()), e);
    }
  }

  /**
   * The steps of a document, made one at a time: the count, the steps made while the count is within
   * {@link ScenarioVersion#MAX_STEPS}, and the first error met making one, which is thrown only after the checks of
   * the root fields, as when the steps were read from the whole tree.
   */
  private static final class StepReader {
    private boolean streamed;
    private int count;
    private List<Step> steps = new ArrayList<>();
    private RuntimeException error;

    /** Makes the step at JSON path {@code path}, unless the outcome is decided already. */
    void add(String path, JsonNode step) {
      count++;
      if (error != null || count > ScenarioVersion.MAX_STEPS) {
        steps = null; // decided: keep nothing
        return;
      }
      try {
        steps.add(readStep(new Json.Obj(DOC, path, step)));
      } catch (RuntimeException e) {
        error = e;
        steps = null;
      }
    }

    /** Forgets the steps read so far (the document is read again whole). */
    void discard() {
      streamed = false;
      steps = null;
    }

    List<Step> steps(String scenarioId, int version) {
      if (count > ScenarioVersion.MAX_STEPS) {
        throw new InvalidScenarioException(scenarioId, version,
            List.of(ScenarioVersion.tooManySteps(scenarioId, version, count)));
      }
      if (error != null) {
        throw error;
      }
      return steps;
    }
  }

  /** {@code steps} holds the streamed steps, or is null (or not streamed) when they are in the tree. */
  private static ScenarioVersion fromNode(Json.Obj root, ConditionEngine engine, StepReader steps) {
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
    if (steps == null || !steps.streamed) {
      List<JsonNode> nodes = root.array("steps");
      steps = new StepReader();
      if (nodes.size() > ScenarioVersion.MAX_STEPS) {
        steps.count = nodes.size(); // none is made
      } else {
        for (int i = 0; i < nodes.size(); i++) {
          steps.add(root.path + ".steps[" + i + "]", nodes.get(i));
        }
      }
    }
    b.steps(steps.steps(scenarioId, version));
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
    List<String> sets = o.strings("sets_fields");
    for (int i = 0; i < sets.size(); i++) {
      try {
        s.sets(sets.get(i));
      } catch (InvalidIdException e) {
        throw o.fail(o.path + ".sets_fields[" + i + "]", e);
      } catch (IllegalArgumentException e) {
        throw o.fail(o.path + ".sets_fields[" + i + "]", e.getMessage());
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
      if (!s.setsFields().isEmpty()) {
        o.set("sets_fields", Json.strings(s.setsFields()));
      }
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
