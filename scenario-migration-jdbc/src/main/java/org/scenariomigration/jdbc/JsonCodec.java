package org.scenariomigration.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scenariomigration.model.MigrationScenario;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.PendingMigration;
import org.scenariomigration.spi.SessionState;
import org.scenariomigration.spi.StepVisit;

/**
 * The JSON the stores keep in their JSON columns: session history, variables, markers, journal records, profile
 * values. Round trips are exact for the value types sessions hold: integers come back as {@link Integer} (or
 * {@link Long}, {@link BigInteger} when larger), decimals as {@link Double}, and doubles are written in plain notation
 * with a fraction so that PostgreSQL's {@code jsonb} numeric normalisation cannot turn {@code 1.0E20} into an integer.
 * Instants are ISO-8601 strings, exact to the nanosecond.
 */
final class JsonCodec {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);

  private JsonCodec() {}

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write json: " + e.getOriginalMessage(), e);
    }
  }

  static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored json is malformed: " + e.getOriginalMessage(), e);
    }
  }

  // ------------------------------------------------------------------------------------------- values

  /** A variable or profile value as JSON: strings, numbers, booleans, lists, maps and null. */
  static JsonNode value(Object v) {
    if (v == null) {
      return F.nullNode();
    }
    if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?>) {
      return F.textNode(v.toString());
    }
    if (v instanceof Boolean b) {
      return F.booleanNode(b);
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return F.numberNode(((Number) v).intValue());
    }
    if (v instanceof Long l) {
      return F.numberNode(l);
    }
    if (v instanceof BigInteger b) {
      return F.numberNode(b);
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return F.textNode(Double.toString(d));
      }
      BigDecimal plain = new BigDecimal(Double.toString(d));
      return F.numberNode(plain.setScale(Math.max(1, plain.scale())));
    }
    if (v instanceof BigDecimal b) {
      return F.numberNode(b.scale() > 0 ? b : b.setScale(1));
    }
    if (v instanceof Number n) {
      return F.numberNode(n.longValue());
    }
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = F.objectNode();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        o.set(String.valueOf(e.getKey()), value(e.getValue()));
      }
      return o;
    }
    if (v instanceof Collection<?> c) {
      ArrayNode a = F.arrayNode();
      c.forEach(x -> a.add(value(x)));
      return a;
    }
    if (v instanceof Object[] arr) {
      ArrayNode a = F.arrayNode();
      for (Object x : arr) {
        a.add(value(x));
      }
      return a;
    }
    throw new IllegalArgumentException("values must be strings, numbers, booleans, lists, maps or null but got a "
        + v.getClass().getName() + ": " + v);
  }

  /** The Java value of JSON written by {@link #value(Object)}. */
  static Object toJava(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isInt()) {
      return n.intValue();
    }
    if (n.isLong()) {
      return n.longValue();
    }
    if (n.isBigInteger()) {
      return n.bigIntegerValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>(n.size());
      n.forEach(x -> l.add(toJava(x)));
      return Collections.unmodifiableList(l);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), toJava(e.getValue()));
    }
    return Collections.unmodifiableMap(m);
  }

  static String variables(Map<String, Object> vars) {
    return write(value(vars));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> readVariables(String json) {
    Object o = toJava(parse(json));
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  static String strings(Collection<String> values) {
    ArrayNode a = F.arrayNode();
    values.forEach(a::add);
    return write(a);
  }

  static Set<String> readStringSet(String json) {
    Set<String> s = new LinkedHashSet<>();
    parse(json).forEach(x -> s.add(x.textValue()));
    return s;
  }

  // ------------------------------------------------------------------------------------------- history, marker

  static String history(List<StepVisit> history) {
    return write(historyNode(history));
  }

  private static ArrayNode historyNode(List<StepVisit> history) {
    ArrayNode a = F.arrayNode();
    for (StepVisit v : history) {
      ObjectNode o = a.addObject();
      o.put("step_id", v.stepId());
      o.put("step_name", v.stepName());
      o.put("content_hash", v.contentHash());
      o.put("visited_at", v.visitedAt().toString());
      o.put("checkpoint", v.checkpoint());
      o.put("checkpoint_description", v.checkpointDescription());
    }
    return a;
  }

  static List<StepVisit> readHistory(String json) {
    return readHistory(parse(json));
  }

  private static List<StepVisit> readHistory(JsonNode a) {
    List<StepVisit> l = new ArrayList<>(a.size());
    for (JsonNode o : a) {
      l.add(new StepVisit(o.path("step_id").textValue(), text(o, "step_name"), o.path("content_hash").textValue(),
          Instant.parse(o.path("visited_at").textValue()), o.path("checkpoint").booleanValue(),
          text(o, "checkpoint_description")));
    }
    return l;
  }

  static String pending(PendingMigration m) {
    return m == null ? null : write(pendingNode(m));
  }

  private static JsonNode pendingNode(PendingMigration m) {
    if (m == null) {
      return F.nullNode();
    }
    ObjectNode o = F.objectNode();
    o.put("plan_id", m.planId());
    o.put("anchor_content_hash", m.anchorContentHash());
    o.put("target_version", m.targetVersion());
    o.put("marked_at", m.markedAt().toString());
    ArrayNode asked = o.putArray("asked_fields");
    m.askedFields().forEach(asked::add);
    o.put("rollback", m.rollback());
    return o;
  }

  static PendingMigration readPending(String json) {
    return json == null ? null : readPending(parse(json));
  }

  private static PendingMigration readPending(JsonNode o) {
    if (o == null || o.isNull() || o.isMissingNode()) {
      return null;
    }
    List<String> asked = new ArrayList<>();
    o.path("asked_fields").forEach(x -> asked.add(x.textValue()));
    return new PendingMigration(o.path("plan_id").textValue(), text(o, "anchor_content_hash"),
        o.path("target_version").intValue(), Instant.parse(o.path("marked_at").textValue()), asked,
        o.path("rollback").booleanValue());
  }

  // ------------------------------------------------------------------------------------------- journal

  static String journalRecord(JournalRecord r) {
    ObjectNode o = F.objectNode();
    o.put("format_version", 1);
    o.put("id", r.id());
    o.put("tenant_id", r.tenantId());
    o.put("session_id", r.sessionId());
    o.put("plan_id", r.planId());
    o.put("kind", r.kind().jsonName());
    o.put("migration_scenario", r.migrationScenario() == null ? null : r.migrationScenario().jsonName());
    o.set("before", sessionNode(r.before()));
    o.set("after", sessionNode(r.after()));
    ArrayNode filled = o.putArray("filled_fields");
    for (FilledField f : r.filledFields()) {
      ObjectNode x = filled.addObject();
      x.put("field", f.field());
      x.set("value", value(f.value()));
      x.put("source", f.source().jsonName());
      x.set("confidence", value(f.confidence()));
    }
    ArrayNode asked = o.putArray("asked_fields");
    r.askedFields().forEach(asked::add);
    o.put("checkpoint_warning", r.checkpointWarning());
    o.put("at", r.at().toString());
    return write(o);
  }

  static JournalRecord readJournalRecord(String json) {
    JsonNode o = parse(json);
    List<FilledField> filled = new ArrayList<>();
    for (JsonNode x : o.path("filled_fields")) {
      filled.add(new FilledField(x.path("field").textValue(), toJava(x.get("value")),
          FilledField.Source.valueOf(x.path("source").textValue().toUpperCase(java.util.Locale.ROOT)),
          x.path("confidence").doubleValue()));
    }
    List<String> asked = new ArrayList<>();
    o.path("asked_fields").forEach(x -> asked.add(x.textValue()));
    String scenario = text(o, "migration_scenario");
    return new JournalRecord(o.path("id").textValue(), o.path("tenant_id").textValue(),
        o.path("session_id").textValue(), text(o, "plan_id"),
        JournalRecord.Kind.valueOf(o.path("kind").textValue().toUpperCase(java.util.Locale.ROOT)),
        scenario == null ? null : MigrationScenario.fromJson(scenario), readSession(o.path("before")),
        readSession(o.path("after")), filled, asked, text(o, "checkpoint_warning"),
        Instant.parse(o.path("at").textValue()));
  }

  private static ObjectNode sessionNode(SessionState s) {
    ObjectNode o = F.objectNode();
    o.put("tenant_id", s.tenantId());
    o.put("session_id", s.sessionId());
    o.put("customer_id", s.customerId());
    o.put("channel", s.channel());
    o.put("created_at", s.createdAt().toString());
    o.put("scenario_id", s.scenarioId());
    o.put("version", s.version());
    o.put("scenario_checksum", s.scenarioChecksum());
    o.put("current_step_id", s.currentStepId());
    o.set("history", historyNode(s.history()));
    o.set("variables", value(s.variables()));
    o.set("pending", pendingNode(s.pending()));
    ArrayNode settled = o.putArray("settled_plans");
    s.settledPlans().forEach(settled::add);
    o.put("pinned", s.pinned());
    o.put("revision", s.revision());
    return o;
  }

  @SuppressWarnings("unchecked")
  private static SessionState readSession(JsonNode o) {
    Set<String> settled = new LinkedHashSet<>();
    o.path("settled_plans").forEach(x -> settled.add(x.textValue()));
    Object vars = toJava(o.get("variables"));
    return new SessionState(o.path("tenant_id").textValue(), o.path("session_id").textValue(),
        text(o, "customer_id"), text(o, "channel"), Instant.parse(o.path("created_at").textValue()),
        o.path("scenario_id").textValue(), o.path("version").intValue(), text(o, "scenario_checksum"),
        o.path("current_step_id").textValue(), readHistory(o.path("history")),
        vars == null ? Map.of() : (Map<String, Object>) vars, readPending(o.get("pending")), settled,
        o.path("pinned").booleanValue(), o.path("revision").longValue());
  }

  private static String text(JsonNode o, String field) {
    JsonNode n = o.get(field);
    return n == null || n.isNull() ? null : n.textValue();
  }
}
