package org.scenariomigration.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scenariomigration.json.JsonLimitException;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.session.OwedEffects;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;
import org.scenariomigration.session.VariableValues;

/**
 * The JSON the stores keep in their JSON columns: session history, variables, markers, journal records, profile
 * values. Values are those of {@link VariableValues}, and each comes back exactly as it was written, on every
 * database (PostgreSQL's {@code jsonb} included, which rewrites numbers and reorders keys):
 *
 * <ul>
 *   <li>null, booleans, strings, {@link Long}s, lists and maps are plain JSON; a {@link BigInteger} is a plain JSON
 *       integer (more digits than a {@code long} has);
 *   <li>a {@link Double} is a plain JSON number with a fraction, in plain notation ({@code 1.0E20} as
 *       {@code 100000000000000000000.0}), which every database keeps digit for digit and which reads back as the same
 *       double; {@code -0.0} alone, whose sign {@code jsonb} drops, is tagged: <code>{"$double":"-0.0"}</code>;
 *   <li>a {@link BigDecimal} is tagged with its {@link BigDecimal#toString()} text, exact in value and scale:
 *       <code>{"$decimal":"1.50"}</code>; a plain JSON number with a fraction reads as a {@link Double}, as it always
 *       did;
 *   <li>a map key starting with {@code $} is written with one more {@code $} in front ({@code $ref} as
 *       {@code $$ref}), so that no map can be taken for a tag; maps are written in key order, the order
 *       {@link VariableValues} keeps, and read back into it whatever order the database returns.
 * </ul>
 *
 * <p>Rows written before tags existed read as before, except that integers read as {@link Long} (they read as
 * {@link Integer} when small) and maps come in key order, as {@link VariableValues} normalises them; an old object
 * that is exactly <code>{"$decimal":"&lt;a number&gt;"}</code> or <code>{"$double":"&lt;a number&gt;"}</code>
 * reads as that number, and an old key starting with {@code $$} loses one {@code $}.
 *
 * <p>Reading and writing are bounded: nesting {@value #MAX_NESTING_DEPTH} levels (a value's
 * {@value VariableValues#MAX_DEPTH} and the record around it), strings and keys of
 * {@value VariableValues#MAX_STRING_LENGTH} characters, numbers of {@value #MAX_NUMBER_LENGTH} characters, documents
 * of {@value #MAX_DOCUMENT_CHARS} characters. A stored text beyond one throws {@link JsonLimitException} naming it;
 * a stored value outside the model throws {@link org.scenariomigration.spi.UnsupportedValueException}; neither ever
 * ends in a {@link StackOverflowError}. Instants are ISO-8601 strings, exact to the nanosecond.
 */
final class JsonCodec {
  /** How deeply a stored document may nest: a journal record's session state's variables' values, tags included. */
  static final int MAX_NESTING_DEPTH = VariableValues.MAX_DEPTH + 8;
  /** The longest number: a {@link BigInteger} of {@link VariableValues#MAX_NUMBER_DIGITS} digits and its sign. */
  static final int MAX_NUMBER_LENGTH = VariableValues.MAX_NUMBER_DIGITS + 1;
  /** The longest stored document, in characters. */
  static final int MAX_DOCUMENT_CHARS = 256 << 20;

  /** The tag of a {@link BigDecimal}: <code>{"$decimal":"1.50"}</code>. */
  static final String DECIMAL_TAG = "$decimal";
  /** The tag of a double plain JSON cannot keep on every database ({@code -0.0}). */
  static final String DOUBLE_TAG = "$double";

  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING_DEPTH)
          .maxStringLength(VariableValues.MAX_STRING_LENGTH)
          .maxNameLength(VariableValues.MAX_STRING_LENGTH)
          .maxNumberLength(MAX_NUMBER_LENGTH)
          .maxDocumentLength(MAX_DOCUMENT_CHARS)
          .build())
      .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
      .build())
      .configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);

  private JsonCodec() {}

  /** Writes the body of {@code out} into a generator and returns the JSON text. */
  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * JSON written straight to a generator: no tree of nodes (a {@link java.util.LinkedHashMap} per object) is built
   * first.
   */
  private static String stream(Body body) {
    // as ObjectMapper.writeValueAsString does it: a pooled buffer recycler, given back at the end
    BufferRecycler recycler = MAPPER.getFactory()._getBufferRecycler();
    try (SegmentedStringWriter w = new SegmentedStringWriter(recycler)) {
      try (JsonGenerator g = MAPPER.createGenerator(w)) {
        body.write(g);
      }
      return w.getAndClear();
    } catch (StreamConstraintsException e) {
      throw limit("written JSON", "$", e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write json: " + e.getMessage(), e);
    } finally {
      recycler.releaseToPool();
    }
  }

  /** A stored document as a tree of nodes. */
  static JsonNode parse(String document, String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw malformed(document, e);
    }
  }

  /** The exception for a stored text a parser refused: the limit it is beyond, or what is malformed. */
  private static RuntimeException malformed(String document, JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return limit(document, e.getLocation() == null ? "$" : "$ (line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr() + ")", e);
    }
    return new IllegalStateException("stored json is malformed: " + e.getOriginalMessage(), e);
  }

  private static RuntimeException limit(String document, String path, Exception e) {
    JsonLimitException limit = JsonLimitException.fromConstraint(document, path, e);
    return limit != null ? limit : new IllegalStateException(document + ": " + e.getMessage(), e);
  }

  // ------------------------------------------------------------------------------------------- values

  /** A variable or profile value's JSON text (the value is normalised first). */
  static String value(String field, Object v) {
    Object normal = VariableValues.normalize(field, v);
    return stream(g -> writeValue(g, normal, 0));
  }

  /**
   * Writes a value of {@link VariableValues}' model, normalised already: the stores normalise what they are given
   * before they write. The recursion is as deep as the value, which normalisation bounded.
   */
  static void writeValue(JsonGenerator g, Object v, int depth) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Double d) {
      writeDouble(g, d);
    } else if (v instanceof BigDecimal b) {
      g.writeStartObject();
      g.writeStringField(DECIMAL_TAG, b.toString());
      g.writeEndObject();
    } else if (v instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (v instanceof List<?> l && depth < VariableValues.MAX_DEPTH) {
      g.writeStartArray();
      for (Object x : l) {
        writeValue(g, x, depth + 1);
      }
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> m && depth < VariableValues.MAX_DEPTH) {
      writeMap(g, m, depth + 1);
    } else {
      throw new IllegalStateException("not a normalised value: " + v.getClass().getName() + " at depth " + depth
          + " (VariableValues.normalize must come first)");
    }
  }

  private static void writeMap(JsonGenerator g, Map<?, ?> m, int depth) throws IOException {
    g.writeStartObject();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String key = (String) e.getKey();
      g.writeFieldName(key.startsWith("$") ? "$" + key : key);
      writeValue(g, e.getValue(), depth);
    }
    g.writeEndObject();
  }

  /**
   * A finite double in plain notation with at least one fraction digit: the digits of {@link Double#toString}, which
   * read back as the same double, and which PostgreSQL's {@code numeric} keeps as they are (it would print
   * {@code 1E+20} as an integer). {@code -0.0} is tagged, as {@code numeric} has no negative zero.
   */
  private static void writeDouble(JsonGenerator g, double d) throws IOException {
    if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
      g.writeStartObject();
      g.writeStringField(DOUBLE_TAG, "-0.0");
      g.writeEndObject();
      return;
    }
    BigDecimal plain = new BigDecimal(Double.toString(d));
    g.writeNumber(plain.setScale(Math.max(1, plain.scale())));
  }

  /** A stored value read from its text and normalised; {@code field} names it in errors. */
  static Object readValue(String document, String field, String json) {
    try (JsonParser p = MAPPER.getFactory().createParser(json)) {
      p.nextToken();
      Object v = p.currentToken() == null ? null : readValue(p);
      if (p.nextToken() != null) {
        throw new IllegalStateException("stored json is malformed: text after the value in " + abbreviate(json));
      }
      return VariableValues.normalize(field, v);
    } catch (JsonProcessingException e) {
      throw malformed(document, e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read json: " + e.getMessage(), e);
    }
  }

  /**
   * The value at the parser's current token, read to its last token. Recursive, as deep as the text, which the
   * parser's nesting limit bounds. Lists and maps are immutable and in document order; normalisation sorts maps.
   */
  private static Object readValue(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case VALUE_NULL:
        return null;
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        boolean nulls = false;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          Object x = readValue(p);
          nulls |= x == null;
          l.add(x);
        }
        return nulls ? Collections.unmodifiableList(l) : ImmutableList.copyOf(l);
      }
      case START_OBJECT:
        return readObject(p, true);
      default:
        throw new IllegalStateException("stored json is malformed: unexpected " + t);
    }
  }

  /**
   * An object: a tagged number (where {@code tags} allows one), or a map whose keys lose the {@code $} their writer
   * added.
   */
  private static Object readObject(JsonParser p, boolean tags) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    boolean first = tags;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (first && v == JsonToken.VALUE_STRING && (name.equals(DECIMAL_TAG) || name.equals(DOUBLE_TAG))) {
        String text = p.getText();
        if (p.nextToken() == JsonToken.END_OBJECT) {
          Object tagged = tagged(name, text);
          return tagged != null ? tagged : ImmutableMap.of(name, text); // (an old map that only looks like a tag)
        }
        m.put(name, text);
        first = false;
        if (p.currentToken() != JsonToken.FIELD_NAME) {
          throw new IllegalStateException("stored json is malformed: unexpected " + p.currentToken());
        }
        name = p.currentName();
        p.nextToken();
      }
      first = false;
      m.put(name.startsWith("$$") ? name.substring(1) : name, readValue(p));
    }
    return m.containsValue(null) ? Collections.unmodifiableMap(m) : ImmutableMap.copyOf(m);
  }

  /** The number a tag holds, or {@code null} when the text is not one. */
  private static Object tagged(String tag, String text) {
    try {
      if (tag.equals(DECIMAL_TAG)) {
        return new BigDecimal(text);
      }
      double d = Double.parseDouble(text);
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A session's variables as JSON text: an object in key order (normalised first). */
  static String variables(Map<String, Object> vars) {
    if (vars.isEmpty()) {
      return "{}";
    }
    return normalVariables(VariableValues.normalizeVariables(vars));
  }

  /** Variables {@link VariableValues#normalizeVariables normalised} already, as JSON text. */
  static String normalVariables(Map<String, Object> normal) {
    return normal.isEmpty() ? "{}" : stream(g -> writeMap(g, normal, 0));
  }

  /** At most the first 200 characters of a stored text, for error messages. */
  static String abbreviate(String json) {
    return json.length() <= 200 ? json : json.substring(0, 200) + "... (" + json.length() + " characters)";
  }

  /** Stored variables: a JSON object (or JSON null, or nothing, for none), normalised. */
  static Map<String, Object> readVariables(String json) {
    try (JsonParser p = MAPPER.getFactory().createParser(json)) {
      Map<String, Object> vars = readVariables(p, json);
      if (p.nextToken() != null) {
        throw new IllegalStateException("stored json is malformed: text after the variables object in "
            + abbreviate(json));
      }
      return vars;
    } catch (JsonProcessingException e) {
      throw malformed("stored session variables", e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read json: " + e.getMessage(), e);
    }
  }

  /** Variables from a parser before their first token. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> readVariables(JsonParser p, String json) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null || t == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    if (t != JsonToken.START_OBJECT) {
      throw new IllegalStateException("stored json is malformed: variables must be an object but were "
          + abbreviate(json));
    }
    // the variables object itself is never a tag: a variable named $decimal, in a row from before the tags, is one
    return VariableValues.normalizeVariables((Map<String, Object>) readObject(p, false));
  }

  /** Variables from a node of a journal record. */
  private static Map<String, Object> readVariables(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Map.of();
    }
    try (JsonParser p = MAPPER.treeAsTokens(node)) {
      return readVariables(p, "a journal record's variables");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read json: " + e.getMessage(), e);
    }
  }

  /** A value from a node of a journal record, normalised. */
  private static Object readValue(String field, JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    try (JsonParser p = MAPPER.treeAsTokens(node)) {
      p.nextToken();
      return VariableValues.normalize(field, readValue(p));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read json: " + e.getMessage(), e);
    }
  }

  static String strings(Collection<String> values) {
    return stream(g -> {
      g.writeStartArray();
      for (String v : values) {
        g.writeString(v);
      }
      g.writeEndArray();
    });
  }

  static Set<String> readStringSet(String json) {
    Set<String> s = new LinkedHashSet<>();
    parse("stored settled plans", json).forEach(x -> s.add(x.textValue()));
    return s;
  }

  // ------------------------------------------------------------------------------------------- history, marker

  static String history(List<StepVisit> history) {
    return stream(g -> writeHistory(g, history));
  }

  /**
   * A history in its bounded form, one object per step. The fields an older version of the library read
   * ({@code step_id}, {@code step_name}, {@code content_hash}, {@code visited_at}, {@code checkpoint},
   * {@code checkpoint_description}) keep their names and meaning (the last visit), so that it reads the text as a
   * history of one visit per step; the numbering is in {@code last}, {@code first}, {@code visits},
   * {@code first_at} and {@code from}. Values that say nothing (no checkpoint, one visit, the first visit at the
   * last) are left out.
   */
  private static void writeHistory(JsonGenerator g, List<StepVisit> history) throws IOException {
    writeEntries(g, SessionState.boundedHistory(history));
  }

  /** Entries of a bounded history (or a run of them), as {@link #writeHistory} writes them. */
  private static void writeEntries(JsonGenerator g, List<StepVisit> entries) throws IOException {
    g.writeStartArray();
    for (StepVisit v : entries) {
      g.writeStartObject();
      g.writeStringField("step_id", v.stepId());
      g.writeStringField("step_name", v.stepName());
      g.writeStringField("content_hash", v.contentHash());
      g.writeStringField("visited_at", instantText(v.visitedAt()));
      if (v.checkpoint()) {
        g.writeBooleanField("checkpoint", true);
      }
      if (!v.checkpointDescription().isEmpty()) {
        g.writeStringField("checkpoint_description", v.checkpointDescription());
      }
      g.writeNumberField("last", v.lastVisit());
      if (v.firstVisit() != v.lastVisit()) {
        g.writeNumberField("first", v.firstVisit());
      }
      if (v.visits() != 1) {
        g.writeNumberField("visits", v.visits());
      }
      if (!v.firstVisitedAt().equals(v.visitedAt())) {
        g.writeStringField("first_at", instantText(v.firstVisitedAt()));
      }
      if (!v.cameFrom().isEmpty()) {
        g.writeArrayFieldStart("from");
        for (Long from : v.cameFrom()) {
          g.writeNumber(from);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /**
   * A stored history, read with a streaming parser (no tree of nodes) into the bounded form that a
   * {@link SessionState} keeps as it is. A text of an older version (one object per visit) is folded into it. Unknown
   * fields are skipped; a field of another type reads as missing.
   */
  static List<StepVisit> readHistory(String json) {
    return readHistoryText(json).history();
  }

  /** A history read from its text, and whether the text held visits not numbered (the form of an older version). */
  record HistoryText(List<StepVisit> history, boolean legacy) {}

  /** As {@link #readHistory(String)}, telling in the same pass whether the text was of an older version. */
  static HistoryText readHistoryText(String json) {
    try (JsonParser p = MAPPER.getFactory().createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null || first == JsonToken.VALUE_NULL) {
        // an empty text or JSON null, as the tree reader read them
        return new HistoryText(SessionState.boundedHistory(List.of()), false);
      }
      if (first != JsonToken.START_ARRAY) {
        throw new IllegalStateException("stored json is malformed: a history must be an array but was "
            + abbreviate(json));
      }
      List<StepVisit> out = new ArrayList<>();
      boolean legacy = false;
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t != JsonToken.START_OBJECT) {
          throw new IllegalStateException("stored json is malformed: a history entry must be an object but was "
              + t + " in " + abbreviate(json));
        }
        StepVisit e = readEntry(p, json);
        legacy |= !e.numbered();
        out.add(e);
      }
      if (p.nextToken() != null) {
        // the text is copied into journal bodies as it is, so it must be one JSON value and nothing after it
        throw new IllegalStateException("stored json is malformed: text after the history array in "
            + abbreviate(json));
      }
      return new HistoryText(SessionState.boundedHistory(out), legacy);
    } catch (JsonProcessingException e) {
      throw malformed("stored session history", e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read json: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("stored json is malformed: " + e.getMessage() + " in " + abbreviate(json), e);
    }
  }

  private static StepVisit readEntry(JsonParser p, String json) throws IOException {
    String stepId = null;
    String stepName = null;
    String hash = null;
    String visitedAt = null;
    boolean checkpoint = false;
    String description = null;
    String firstAt = null;
    long last = -1;
    long firstVisit = -1;
    long visits = 1;
    List<Long> from = new ArrayList<>(2);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      String text = v == JsonToken.VALUE_STRING ? p.getText() : null;
      long number = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
      switch (field) {
        case "step_id" -> stepId = text;
        case "step_name" -> stepName = text;
        case "content_hash" -> hash = text;
        case "visited_at" -> visitedAt = text;
        case "checkpoint" -> checkpoint = v == JsonToken.VALUE_TRUE;
        case "checkpoint_description" -> description = text;
        case "first_at" -> firstAt = text;
        case "last" -> last = number;
        case "first" -> firstVisit = number;
        case "visits" -> visits = number;
        case "from" -> {
          if (v == JsonToken.START_ARRAY) {
            JsonToken e;
            while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
              if (e != JsonToken.VALUE_NUMBER_INT) {
                throw new IllegalStateException("stored json is malformed: a history entry's from must hold visit "
                    + "numbers but held " + e + " in " + abbreviate(json));
              }
              from.add(p.getLongValue());
            }
          }
        }
        default -> { }
      }
      p.skipChildren(); // an object or array value, known field or not, is skipped whole
    }
    if (stepId == null || hash == null || visitedAt == null) {
      throw new IllegalStateException("stored json is malformed: a history entry needs step_id, content_hash "
          + "and visited_at as strings in " + abbreviate(json));
    }
    Instant at = instant(visitedAt);
    if (last < 0) {
      return new StepVisit(stepId, stepName, hash, at, checkpoint, description); // a visit of an older version
    }
    return new StepVisit(stepId, stepName, hash, at, checkpoint, description, firstAt == null ? at : instant(firstAt),
        visits, firstVisit < 0 ? last : firstVisit, last, new LinkedHashSet<>(from));
  }

  private static List<StepVisit> readHistory(JsonNode a) {
    return readHistory(a.toString());
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
    return json == null ? null : readPending(parse("stored marker", json));
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
    return json == null ? null : readOwed(parse("stored owed effects", json));
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

  /** The form of a journal body that holds the {@code after} state whole. Read as ever; written for the tests. */
  static final int FULL_AFTER = 1;
  /** The form of a journal body that holds the {@code after} state as its change against {@code before}. */
  static final int AFTER_CHANGE = 2;

  static String journalRecord(JournalRecord r) {
    return journalRecord(r, null);
  }

  /**
   * A journal record's JSON in the current form ({@value #AFTER_CHANGE}); the before state's history, variables and
   * marker texts that {@code texts} (when not {@code null}) remembers are copied in as they are instead of being
   * written again.
   */
  static String journalRecord(JournalRecord r, JsonTexts texts) {
    return journalRecord(r, texts, AFTER_CHANGE);
  }

  /**
   * A journal record's JSON in form {@code format}: {@value #FULL_AFTER} holds the {@code before} and {@code after}
   * states whole; {@value #AFTER_CHANGE} holds {@code before} whole and, as {@code after_change}, only the components
   * of {@code after} that differ from it ({@link #writeChange}).
   */
  static String journalRecord(JournalRecord r, JsonTexts texts, int format) {
    if (format != FULL_AFTER && format != AFTER_CHANGE) {
      throw new IllegalArgumentException("journal body format " + format + " is not one of " + FULL_AFTER + " and "
          + AFTER_CHANGE);
    }
    return stream(g -> {
      g.writeStartObject();
      g.writeNumberField("format_version", format);
      g.writeStringField("id", r.id());
      g.writeStringField("tenant_id", r.tenantId());
      g.writeStringField("session_id", r.sessionId());
      g.writeStringField("plan_id", r.planId());
      g.writeStringField("kind", r.kind().jsonName());
      g.writeStringField("migration_scenario", r.migrationScenario() == null ? null
          : r.migrationScenario().jsonName());
      g.writeFieldName("before");
      writeSession(g, r.before(), texts);
      if (format == FULL_AFTER) {
        g.writeFieldName("after");
        writeSession(g, r.after(), texts);
      } else {
        g.writeFieldName("after_change");
        writeChange(g, r.before(), r.after());
      }
      g.writeArrayFieldStart("filled_fields");
      for (FilledField f : r.filledFields()) {
        g.writeStartObject();
        g.writeStringField("field", f.field());
        g.writeFieldName("value");
        writeValue(g, f.value(), 0);
        g.writeStringField("source", f.source().jsonName());
        g.writeFieldName("confidence");
        writeDouble(g, f.confidence());
        g.writeEndObject();
      }
      g.writeEndArray();
      writeStrings(g, "asked_fields", r.askedFields());
      g.writeStringField("checkpoint_warning", r.checkpointWarning());
      g.writeStringField("at", instantText(r.at()));
      g.writeEndObject();
    });
  }

  /** A confidence: a number, or the tag of {@code -0.0}. */
  private static double confidence(JsonNode n) {
    return n.isObject() ? Double.parseDouble(n.path(DOUBLE_TAG).asText("0")) : n.doubleValue();
  }

  static JournalRecord readJournalRecord(String json) {
    JsonNode o = parse("stored journal record", json);
    JsonNode version = o.get("format_version");
    int format = version == null || version.isNull() ? FULL_AFTER : version.isInt() ? version.intValue() : -1;
    if (format != FULL_AFTER && format != AFTER_CHANGE) {
      throw new IllegalStateException("stored json is malformed: a journal record's format_version must be "
          + FULL_AFTER + " or " + AFTER_CHANGE + " but was " + version + " in " + abbreviate(json));
    }
    SessionState before = readSession(o.path("before"));
    SessionState after = format == FULL_AFTER ? readSession(o.path("after"))
        : readChange(before, o.path("after_change"), json);
    List<FilledField> filled = new ArrayList<>();
    for (JsonNode x : o.path("filled_fields")) {
      String field = x.path("field").textValue();
      filled.add(new FilledField(field, readValue(field, x.get("value")),
          FilledField.Source.valueOf(x.path("source").textValue().toUpperCase(java.util.Locale.ROOT)),
          confidence(x.path("confidence"))));
    }
    List<String> asked = new ArrayList<>();
    o.path("asked_fields").forEach(x -> asked.add(x.textValue()));
    String scenario = text(o, "migration_scenario");
    return new JournalRecord(o.path("id").textValue(), o.path("tenant_id").textValue(),
        o.path("session_id").textValue(), text(o, "plan_id"),
        JournalRecord.Kind.valueOf(o.path("kind").textValue().toUpperCase(java.util.Locale.ROOT)),
        scenario == null ? null : MigrationScenario.fromJson(scenario), before, after, filled, asked,
        text(o, "checkpoint_warning"),
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
      writeMap(g, s.variables(), 0);
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
    if (s.pinGeneration() != 0) {
      g.writeNumberField("pin_generation", s.pinGeneration()); // left out at 0, as every body before schema 8
    }
    g.writeNumberField("revision", s.revision());
    if (s.owed() != null) {
      g.writeFieldName("owed");
      writeOwed(g, s.owed());
    }
    if (s.end() != null) {
      g.writeStringField("end_reason", s.end().reason().name());
      g.writeStringField("ended_at", instantText(s.end().at()));
    }
    g.writeEndObject();
  }

  /**
   * Writes {@code after} as its change against {@code before}: an object holding only the components that differ,
   * under the names {@link #writeSession} gives them, except for the history and the variables.
   *
   * <ul>
   *   <li>A history the same as before is left out. Otherwise, when the after history starts with entries of the
   *       before history (in their order, some left out), as a visit or a migration leaves it (the revisited step's
   *       entry moves to the end, a new step's is added), {@code history_dropped} holds the positions in the before
   *       history of the entries that are not kept there, and {@code history_added} the entries that follow them;
   *       otherwise {@code history} holds the after history whole.
   *   <li>Variables the same as before are left out. Otherwise {@code variables} holds the variables added or changed
   *       (a {@code null} value being a variable present without a value) and {@code variables_removed} the names of
   *       those removed; when no variable is kept unchanged, {@code variables_all} holds the after variables whole.
   *   <li>{@code pending}, {@code owed} and {@code end_reason} are JSON {@code null} when {@code after} has none but
   *       {@code before} had one.
   * </ul>
   */
  private static void writeChange(JsonGenerator g, SessionState before, SessionState after) throws IOException {
    g.writeStartObject();
    changed(g, "tenant_id", before.tenantId(), after.tenantId());
    changed(g, "session_id", before.sessionId(), after.sessionId());
    changed(g, "customer_id", before.customerId(), after.customerId());
    changed(g, "channel", before.channel(), after.channel());
    if (!before.createdAt().equals(after.createdAt())) {
      g.writeStringField("created_at", instantText(after.createdAt()));
    }
    changed(g, "scenario_id", before.scenarioId(), after.scenarioId());
    if (before.version() != after.version()) {
      g.writeNumberField("version", after.version());
    }
    changed(g, "scenario_checksum", before.scenarioChecksum(), after.scenarioChecksum());
    changed(g, "current_step_id", before.currentStepId(), after.currentStepId());
    writeHistoryChange(g, before.history(), after.history());
    writeVariablesChange(g, before.variables(), after.variables());
    if (!java.util.Objects.equals(before.pending(), after.pending())) {
      g.writeFieldName("pending");
      writePending(g, after.pending());
    }
    if (!before.settledPlans().equals(after.settledPlans())) {
      writeStrings(g, "settled_plans", after.settledPlans());
    }
    if (before.pinned() != after.pinned()) {
      g.writeBooleanField("pinned", after.pinned());
    }
    if (before.pinGeneration() != after.pinGeneration()) {
      g.writeNumberField("pin_generation", after.pinGeneration());
    }
    if (before.revision() != after.revision()) {
      g.writeNumberField("revision", after.revision());
    }
    if (!java.util.Objects.equals(before.owed(), after.owed())) {
      g.writeFieldName("owed");
      writeOwed(g, after.owed());
    }
    if (!java.util.Objects.equals(before.end(), after.end())) {
      if (after.end() == null) {
        g.writeNullField("end_reason");
      } else {
        g.writeStringField("end_reason", after.end().reason().name());
        g.writeStringField("ended_at", instantText(after.end().at()));
      }
    }
    g.writeEndObject();
  }

  private static void changed(JsonGenerator g, String field, String before, String after) throws IOException {
    if (!java.util.Objects.equals(before, after)) {
      g.writeStringField(field, after);
    }
  }

  private static void writeHistoryChange(JsonGenerator g, List<StepVisit> before, List<StepVisit> after)
      throws IOException {
    if (before == after || before.equals(after)) {
      return;
    }
    // the longest run of after entries that are before entries in their order, and the before entries it skips
    List<Integer> dropped = new ArrayList<>();
    int kept = 0;
    int from = 0;
    for (StepVisit v : after) {
      int at = from;
      while (at < before.size() && before.get(at) != v && !before.get(at).equals(v)) {
        at++;
      }
      if (at == before.size()) {
        break;
      }
      for (int k = from; k < at; k++) {
        dropped.add(k);
      }
      from = at + 1;
      kept++;
    }
    for (int k = from; k < before.size(); k++) {
      dropped.add(k);
    }
    // a kept entry is some 90 characters at least, a dropped position a few: the change is the shorter then
    if (kept == 0 || dropped.size() > 8 * kept) {
      g.writeFieldName("history");
      writeHistory(g, after);
      return;
    }
    g.writeArrayFieldStart("history_dropped");
    for (int k : dropped) {
      g.writeNumber(k);
    }
    g.writeEndArray();
    g.writeFieldName("history_added");
    writeEntries(g, after.subList(kept, after.size()));
  }

  private static void writeVariablesChange(JsonGenerator g, Map<String, Object> before, Map<String, Object> after)
      throws IOException {
    if (before == after || before.equals(after)) {
      return;
    }
    Map<String, Object> changed = new LinkedHashMap<>();
    boolean anyKept = false;
    for (Map.Entry<String, Object> e : after.entrySet()) {
      Object was = before.get(e.getKey());
      if (was == null && !before.containsKey(e.getKey()) || !java.util.Objects.equals(was, e.getValue())) {
        changed.put(e.getKey(), e.getValue());
      } else {
        anyKept = true;
      }
    }
    if (!anyKept) {
      g.writeFieldName("variables_all");
      writeMap(g, after, 0);
      return;
    }
    if (!changed.isEmpty()) {
      g.writeFieldName("variables");
      writeMap(g, changed, 0);
    }
    List<String> removed = new ArrayList<>();
    for (String key : before.keySet()) {
      if (!after.containsKey(key)) {
        removed.add(key);
      }
    }
    if (!removed.isEmpty()) {
      writeStrings(g, "variables_removed", removed);
    }
  }

  /** The after state that {@code change} ({@link #writeChange}) makes of {@code before}. */
  private static SessionState readChange(SessionState before, JsonNode change, String json) {
    if (!change.isObject()) {
      throw new IllegalStateException("stored json is malformed: a journal record of format " + AFTER_CHANGE
          + " needs after_change as an object in " + abbreviate(json));
    }
    Set<String> settled = before.settledPlans();
    if (change.has("settled_plans")) {
      settled = new LinkedHashSet<>();
      for (JsonNode x : change.get("settled_plans")) {
        settled.add(x.textValue());
      }
    }
    org.scenariomigration.session.SessionEnd end = before.end();
    if (change.has("end_reason")) {
      end = change.get("end_reason").isNull() ? null : new org.scenariomigration.session.SessionEnd(
          org.scenariomigration.session.EndReason.of(change.get("end_reason").textValue()),
          instant(change.path("ended_at").textValue()));
    }
    return SessionState.builder().tenantId(changedText(change, "tenant_id", before.tenantId()))
        .sessionId(changedText(change, "session_id", before.sessionId()))
        .customerId(changedText(change, "customer_id", before.customerId()))
        .channel(changedText(change, "channel", before.channel()))
        .createdAt(change.has("created_at") ? instant(change.get("created_at").textValue()) : before.createdAt())
        .scenarioId(changedText(change, "scenario_id", before.scenarioId()))
        .version(change.has("version") ? change.get("version").intValue() : before.version())
        .scenarioChecksum(changedText(change, "scenario_checksum", before.scenarioChecksum()))
        .currentStepId(changedText(change, "current_step_id", before.currentStepId()))
        .history(readHistoryChange(before.history(), change, json))
        .variables(readVariablesChange(before.variables(), change))
        .pending(change.has("pending") ? readPending(change.get("pending")) : before.pending()).settledPlans(settled)
        .pinned(change.has("pinned") ? change.get("pinned").booleanValue() : before.pinned())
        .revision(change.has("revision") ? change.get("revision").longValue() : before.revision())
        .owed(change.has("owed") ? readOwed(change.get("owed")) : before.owed()).end(end)
        .pinGeneration(change.has("pin_generation") ? change.get("pin_generation").longValue()
            : before.pinGeneration())
        .build();
  }

  private static String changedText(JsonNode change, String field, String before) {
    return change.has(field) ? text(change, field) : before;
  }

  private static List<StepVisit> readHistoryChange(List<StepVisit> before, JsonNode change, String json) {
    if (change.has("history")) {
      return readHistory(change.get("history"));
    }
    if (!change.has("history_added")) {
      return before;
    }
    boolean[] dropped = new boolean[before.size()];
    for (JsonNode k : change.path("history_dropped")) {
      if (!k.canConvertToInt() || k.intValue() < 0 || k.intValue() >= before.size()) {
        throw new IllegalStateException("stored json is malformed: a journal record's history_dropped must hold "
            + "positions in the before history (0 to " + (before.size() - 1) + ") but held " + k + " in "
            + abbreviate(json));
      }
      dropped[k.intValue()] = true;
    }
    List<StepVisit> after = new ArrayList<>(before.size() + 1);
    for (int k = 0; k < dropped.length; k++) {
      if (!dropped[k]) {
        after.add(before.get(k));
      }
    }
    after.addAll(readHistory(change.get("history_added")));
    return SessionState.boundedHistory(after);
  }

  private static Map<String, Object> readVariablesChange(Map<String, Object> before, JsonNode change) {
    if (change.has("variables_all")) {
      return readVariables(change.get("variables_all"));
    }
    if (!change.has("variables") && !change.has("variables_removed")) {
      return before;
    }
    Map<String, Object> after = new LinkedHashMap<>(before);
    for (JsonNode key : change.path("variables_removed")) {
      after.remove(key.textValue());
    }
    after.putAll(readVariables(change.get("variables")));
    return VariableValues.normalizeVariables(after);
  }

  private static SessionState readSession(JsonNode o) {
    Set<String> settled = new LinkedHashSet<>();
    o.path("settled_plans").forEach(x -> settled.add(x.textValue()));
    Map<String, Object> vars = readVariables(o.get("variables"));
    return SessionState.builder().tenantId(o.path("tenant_id").textValue())
        .sessionId(o.path("session_id").textValue()).customerId(text(o, "customer_id")).channel(text(o, "channel"))
        .createdAt(instant(o.path("created_at").textValue())).scenarioId(o.path("scenario_id").textValue())
        .version(o.path("version").intValue()).scenarioChecksum(text(o, "scenario_checksum"))
        .currentStepId(o.path("current_step_id").textValue()).history(readHistory(o.path("history")))
        .variables(vars).pending(readPending(o.get("pending"))).settledPlans(settled)
        .pinned(o.path("pinned").booleanValue()).revision(o.path("revision").longValue()).owed(readOwed(o.get("owed")))
        .end(o.hasNonNull("end_reason") ? new org.scenariomigration.session.SessionEnd(
            org.scenariomigration.session.EndReason.of(o.get("end_reason").textValue()),
            instant(o.path("ended_at").textValue())) : null)
        .pinGeneration(o.path("pin_generation").longValue()) // 0 when left out (at 0, or written before schema 8)
        .build();
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
