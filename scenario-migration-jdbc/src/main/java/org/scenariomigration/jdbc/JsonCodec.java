package org.scenariomigration.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
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
import org.scenariomigration.spi.OwedEffects;
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

  /** Writes the body of {@code out} into a generator and returns the JSON text. */
  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * JSON written straight to a generator: no tree of nodes (a {@link java.util.LinkedHashMap} per object) is built
   * first. The text is the same as the tree's: same field order, same number forms.
   */
  private static String stream(Body body) {
    // as ObjectMapper.writeValueAsString does it: a pooled buffer recycler, given back at the end
    BufferRecycler recycler = MAPPER.getFactory()._getBufferRecycler();
    try (SegmentedStringWriter w = new SegmentedStringWriter(recycler)) {
      try (JsonGenerator g = MAPPER.createGenerator(w)) {
        body.write(g);
      }
      return w.getAndClear();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write json: " + e.getMessage(), e);
    } finally {
      recycler.releaseToPool();
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
    return vars.isEmpty() ? "{}" : write(value(vars));
  }

  /** At most the first 200 characters of a stored text, for error messages. */
  static String abbreviate(String json) {
    return json.length() <= 200 ? json : json.substring(0, 200) + "... (" + json.length() + " characters)";
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> readVariables(String json) {
    Object o = toJava(parse(json));
    if (o == null) {
      return Map.of();
    }
    Map<String, Object> m = (Map<String, Object>) o;
    // without null values as the immutable map a SessionState keeps as it is; with them, as read
    return m.containsValue(null) ? m : ImmutableMap.copyOf(m);
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
    return stream(g -> writeHistory(g, history));
  }

  private static void writeHistory(JsonGenerator g, List<StepVisit> history) throws IOException {
    g.writeStartArray();
    for (StepVisit v : history) {
      g.writeStartObject();
      g.writeStringField("step_id", v.stepId());
      g.writeStringField("step_name", v.stepName());
      g.writeStringField("content_hash", v.contentHash());
      g.writeStringField("visited_at", instantText(v.visitedAt()));
      g.writeBooleanField("checkpoint", v.checkpoint());
      g.writeStringField("checkpoint_description", v.checkpointDescription());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /**
   * A stored history, read with a streaming parser (no tree of nodes): an immutable list, which a
   * {@link SessionState} keeps as it is. Unknown fields are skipped; a field of another type reads as missing.
   */
  static List<StepVisit> readHistory(String json) {
    try (JsonParser p = MAPPER.getFactory().createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null || first == JsonToken.VALUE_NULL) {
        return ImmutableList.of(); // an empty text or JSON null, as the tree reader read them
      }
      if (first != JsonToken.START_ARRAY) {
        throw new IllegalStateException("stored json is malformed: a history must be an array but was "
            + abbreviate(json));
      }
      ImmutableList.Builder<StepVisit> out = ImmutableList.builder();
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t != JsonToken.START_OBJECT) {
          throw new IllegalStateException("stored json is malformed: a history entry must be an object but was "
              + t + " in " + abbreviate(json));
        }
        String stepId = null;
        String stepName = null;
        String hash = null;
        String visitedAt = null;
        boolean checkpoint = false;
        String description = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken v = p.nextToken();
          String text = v == JsonToken.VALUE_STRING ? p.getText() : null;
          switch (field) {
            case "step_id" -> stepId = text;
            case "step_name" -> stepName = text;
            case "content_hash" -> hash = text;
            case "visited_at" -> visitedAt = text;
            case "checkpoint" -> checkpoint = v == JsonToken.VALUE_TRUE;
            case "checkpoint_description" -> description = text;
            default -> { }
          }
          p.skipChildren(); // an object or array value, known field or not, is skipped whole
        }
        if (stepId == null || hash == null || visitedAt == null) {
          throw new IllegalStateException("stored json is malformed: a history entry needs step_id, content_hash "
              + "and visited_at as strings in " + abbreviate(json));
        }
        out.add(new StepVisit(stepId, stepName, hash, instant(visitedAt), checkpoint, description));
      }
      if (p.nextToken() != null) {
        // the text is copied into journal bodies as it is, so it must be one JSON value and nothing after it
        throw new IllegalStateException("stored json is malformed: text after the history array in "
            + abbreviate(json));
      }
      return out.build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored json is malformed: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read json: " + e.getMessage(), e);
    }
  }

  private static List<StepVisit> readHistory(JsonNode a) {
    List<StepVisit> l = new ArrayList<>(a.size());
    for (JsonNode o : a) {
      l.add(new StepVisit(o.path("step_id").textValue(), text(o, "step_name"), o.path("content_hash").textValue(),
          instant(o.path("visited_at").textValue()), o.path("checkpoint").booleanValue(),
          text(o, "checkpoint_description")));
    }
    return l;
  }

  static String pending(PendingMigration m) {
    return m == null ? null : stream(g -> writePending(g, m));
  }

  private static void writePending(JsonGenerator g, PendingMigration m) throws IOException {
    if (m == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("plan_id", m.planId());
    g.writeStringField("anchor_content_hash", m.anchorContentHash());
    g.writeNumberField("target_version", m.targetVersion());
    g.writeStringField("marked_at", instantText(m.markedAt()));
    writeStrings(g, "asked_fields", m.askedFields());
    g.writeBooleanField("rollback", m.rollback());
    g.writeEndObject();
  }

  private static void writeStrings(JsonGenerator g, String field, Collection<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
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
        o.path("target_version").intValue(), instant(o.path("marked_at").textValue()), asked,
        o.path("rollback").booleanValue());
  }

  /** What a session owes the host, as JSON; {@code null} for nothing. */
  static String owed(OwedEffects o) {
    return o == null ? null : stream(g -> writeOwed(g, o));
  }

  private static void writeOwed(JsonGenerator g, OwedEffects o) throws IOException {
    if (o == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("id", o.id());
    g.writeStringField("kind", o.kind().jsonName());
    g.writeStringField("plan_id", o.planId());
    g.writeStringField("target_step_id", o.targetStepId());
    g.writeNumberField("target_version", o.targetVersion());
    g.writeStringField("reason", o.reason());
    g.writeStringField("message", o.message());
    writeStrings(g, "actions", o.actions());
    g.writeEndObject();
  }

  static OwedEffects readOwed(String json) {
    return json == null ? null : readOwed(parse(json));
  }

  private static OwedEffects readOwed(JsonNode o) {
    if (o == null || o.isNull() || o.isMissingNode()) {
      return null;
    }
    List<String> actions = new ArrayList<>();
    o.path("actions").forEach(x -> actions.add(x.textValue()));
    return new OwedEffects(o.path("id").textValue(), OwedEffects.Kind.fromJson(o.path("kind").textValue()),
        text(o, "plan_id"), text(o, "target_step_id"), o.path("target_version").intValue(), text(o, "reason"),
        text(o, "message"), actions);
  }

  // ------------------------------------------------------------------------------------------- journal

  static String journalRecord(JournalRecord r) {
    return journalRecord(r, null);
  }

  /**
   * A journal record's JSON; the sessions' history, variables and marker texts that {@code texts} (when not
   * {@code null}) remembers are copied in as they are instead of being written again.
   */
  static String journalRecord(JournalRecord r, JsonTexts texts) {
    return stream(g -> {
      g.writeStartObject();
      g.writeNumberField("format_version", 1);
      g.writeStringField("id", r.id());
      g.writeStringField("tenant_id", r.tenantId());
      g.writeStringField("session_id", r.sessionId());
      g.writeStringField("plan_id", r.planId());
      g.writeStringField("kind", r.kind().jsonName());
      g.writeStringField("migration_scenario", r.migrationScenario() == null ? null
          : r.migrationScenario().jsonName());
      g.writeFieldName("before");
      writeSession(g, r.before(), texts);
      g.writeFieldName("after");
      writeSession(g, r.after(), texts);
      g.writeArrayFieldStart("filled_fields");
      for (FilledField f : r.filledFields()) {
        g.writeStartObject();
        g.writeStringField("field", f.field());
        g.writeFieldName("value");
        g.writeTree(value(f.value()));
        g.writeStringField("source", f.source().jsonName());
        g.writeFieldName("confidence");
        g.writeTree(value(f.confidence()));
        g.writeEndObject();
      }
      g.writeEndArray();
      writeStrings(g, "asked_fields", r.askedFields());
      g.writeStringField("checkpoint_warning", r.checkpointWarning());
      g.writeStringField("at", instantText(r.at()));
      g.writeEndObject();
    });
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
        instant(o.path("at").textValue()));
  }

  private static void writeSession(JsonGenerator g, SessionState s, JsonTexts texts) throws IOException {
    g.writeStartObject();
    g.writeStringField("tenant_id", s.tenantId());
    g.writeStringField("session_id", s.sessionId());
    g.writeStringField("customer_id", s.customerId());
    g.writeStringField("channel", s.channel());
    g.writeStringField("created_at", instantText(s.createdAt()));
    g.writeStringField("scenario_id", s.scenarioId());
    g.writeNumberField("version", s.version());
    g.writeStringField("scenario_checksum", s.scenarioChecksum());
    g.writeStringField("current_step_id", s.currentStepId());
    g.writeFieldName("history");
    String known = texts == null ? null : texts.known(s.history());
    if (known != null) {
      g.writeRawValue(known);
    } else {
      writeHistory(g, s.history());
    }
    g.writeFieldName("variables");
    known = texts == null ? null : texts.known(s.variables());
    if (known != null) {
      g.writeRawValue(known);
    } else if (s.variables().isEmpty()) {
      g.writeStartObject();
      g.writeEndObject();
    } else {
      g.writeTree(value(s.variables()));
    }
    g.writeFieldName("pending");
    known = texts == null || s.pending() == null ? null : texts.known(s.pending());
    if (known != null) {
      g.writeRawValue(known);
    } else {
      writePending(g, s.pending());
    }
    writeStrings(g, "settled_plans", s.settledPlans());
    g.writeBooleanField("pinned", s.pinned());
    g.writeNumberField("revision", s.revision());
    if (s.owed() != null) {
      g.writeFieldName("owed");
      writeOwed(g, s.owed());
    }
    g.writeEndObject();
  }

  @SuppressWarnings("unchecked")
  private static SessionState readSession(JsonNode o) {
    Set<String> settled = new LinkedHashSet<>();
    o.path("settled_plans").forEach(x -> settled.add(x.textValue()));
    Object vars = toJava(o.get("variables"));
    return new SessionState(o.path("tenant_id").textValue(), o.path("session_id").textValue(),
        text(o, "customer_id"), text(o, "channel"), instant(o.path("created_at").textValue()),
        o.path("scenario_id").textValue(), o.path("version").intValue(), text(o, "scenario_checksum"),
        o.path("current_step_id").textValue(), readHistory(o.path("history")),
        vars == null ? Map.of() : (Map<String, Object>) vars, readPending(o.get("pending")), settled,
        o.path("pinned").booleanValue(), o.path("revision").longValue(), readOwed(o.get("owed")));
  }

  /**
   * {@link Instant#toString()} without a {@link java.time.format.DateTimeFormatter} (a twentieth of a batch
   * migration's page write) for the years 0 to 9999; other instants go to {@code toString}.
   */
  static String instantText(Instant t) {
    long epochSecond = t.getEpochSecond();
    if (epochSecond < MIN_FAST_SECOND || epochSecond >= MAX_FAST_SECOND) {
      return t.toString();
    }
    long days = Math.floorDiv(epochSecond, 86_400);
    int secondOfDay = Math.floorMod(epochSecond, 86_400);
    java.time.LocalDate d = java.time.LocalDate.ofEpochDay(days);
    int nano = t.getNano();
    char[] c = new char[nano == 0 ? 20 : nano % 1_000_000 == 0 ? 24 : nano % 1_000 == 0 ? 27 : 30];
    put(c, 0, d.getYear(), 4);
    c[4] = '-';
    put(c, 5, d.getMonthValue(), 2);
    c[7] = '-';
    put(c, 8, d.getDayOfMonth(), 2);
    c[10] = 'T';
    put(c, 11, secondOfDay / 3600, 2);
    c[13] = ':';
    put(c, 14, secondOfDay / 60 % 60, 2);
    c[16] = ':';
    put(c, 17, secondOfDay % 60, 2);
    if (c.length > 20) {
      c[19] = '.';
      int digits = c.length - 21;
      put(c, 20, nano / POW10[9 - digits], digits);
    }
    c[c.length - 1] = 'Z';
    return new String(c);
  }

  private static final long MIN_FAST_SECOND = java.time.LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
  private static final long MAX_FAST_SECOND = java.time.LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400;
  private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
      1_000_000_000};

  /** Writes {@code v} as {@code width} decimal digits, zero-padded, at {@code c[at]}. */
  private static void put(char[] c, int at, int v, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + v % 10);
      v /= 10;
    }
  }

  /**
   * An instant as {@link Instant#toString()} writes it ({@code 2025-03-04T10:00:05.123Z}: a four-digit year, UTC,
   * no fraction or one of 3, 6 or 9 digits) read without a {@link java.time.format.DateTimeFormatter}, which was a
   * tenth of a batch migration's page read; anything else goes to {@link Instant#parse}.
   */
  static Instant instant(String t) {
    int n = t == null ? 0 : t.length();
    if ((n == 20 || n == 24 || n == 27 || n == 30) && t.charAt(4) == '-' && t.charAt(7) == '-'
        && t.charAt(10) == 'T' && t.charAt(13) == ':' && t.charAt(16) == ':' && t.charAt(n - 1) == 'Z'
        && (n == 20 || t.charAt(19) == '.')) {
      int year = digits(t, 0, 4);
      int month = digits(t, 5, 7);
      int day = digits(t, 8, 10);
      int hour = digits(t, 11, 13);
      int minute = digits(t, 14, 16);
      int second = digits(t, 17, 19);
      int nano = 0;
      if (n > 20) {
        nano = digits(t, 20, n - 1);
        for (int k = n - 21; k < 9; k++) {
          nano *= 10;
        }
      }
      if ((year | month | day | hour | minute | second | nano) >= 0 && month >= 1 && month <= 12 && day >= 1
          && day <= 31 && hour <= 23 && minute <= 59 && second <= 59) {
        try {
          return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nano)
              .toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
          // (a day the month does not have) the formatter names the problem
        }
      }
    }
    return Instant.parse(t);
  }

  /** The decimal digits {@code t[from, to)}, or -1 when one is not a digit. */
  private static int digits(String t, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      int d = t.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static String text(JsonNode o, String field) {
    JsonNode n = o.get(field);
    return n == null || n.isNull() ? null : n.textValue();
  }
}
