package org.scenariomigration.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scenariomigration.session.EndReason;
import org.scenariomigration.session.OwedEffects;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionEnd;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;
import org.scenariomigration.session.VariableValues;

/**
 * The JSON of a session, as the library's stores keep it: the whole {@link SessionState} as one document
 * ({@link #write(SessionState)}, the object a journal record holds, see {@link JournalJson}), or its parts as the
 * JDBC store keeps them in JSON columns (history, variables, pending migration, owed effects, settled plans), and
 * single variable or profile values. A host's own store (a document database, a key-value store) calls these to
 * store sessions in the library's format; what one writes, the other reads.
 *
 * <p>Values are those of {@link VariableValues}, and each comes back exactly as it was written, on every database
 * (PostgreSQL's {@code jsonb} included, which rewrites numbers and reorders keys):
 *
 * <ul>
 *   <li>null, booleans, strings, {@link Long}s, lists and maps are plain JSON; a {@link BigInteger} is a plain JSON
 *       integer (more digits than a {@code long} has);
 *   <li>a {@link Double} is a plain JSON number with a fraction, in plain notation ({@code 1.0E20} as
 *       {@code 100000000000000000000.0}), which every database keeps digit for digit and which reads back as the same
 *       double; {@code -0.0} alone, whose sign {@code jsonb} drops, is tagged: <code>{"$double":"-0.0"}</code>;
 *   <li>a {@link BigDecimal} is tagged with its {@link BigDecimal#toString()} text, exact in value and scale:
 *       <code>{"$decimal":"1.50"}</code>; a plain JSON number with a fraction reads as a {@link Double};
 *   <li>a map key starting with {@code $} is written with one more {@code $} in front ({@code $ref} as
 *       {@code $$ref}), so that no map can be taken for a tag; maps are written in key order, the order
 *       {@link VariableValues} keeps, and read back into it whatever order the database returns.
 * </ul>
 *
 * <p>Texts written before tags existed read as before, except that integers read as {@link Long} and maps come in key
 * order, as {@link VariableValues} normalises them; an old object that is exactly
 * <code>{"$decimal":"&lt;a number&gt;"}</code> or <code>{"$double":"&lt;a number&gt;"}</code> reads as that number,
 * and an old key starting with {@code $$} loses one {@code $}. A history of an older version (one object per visit)
 * reads as the bounded history it makes. Instants are ISO-8601 strings, exact to the nanosecond.
 *
 * <p>Reading and writing are bounded: nesting {@value #MAX_NESTING_DEPTH} levels (a value's
 * {@value VariableValues#MAX_DEPTH} and the record around it), strings and keys of
 * {@value VariableValues#MAX_STRING_LENGTH} characters, numbers of {@value #MAX_NUMBER_LENGTH} characters, documents
 * of {@value #MAX_DOCUMENT_CHARS} characters. A text beyond one throws {@link JsonLimitException} naming it; a text
 * that is not JSON or not of this format throws {@link MalformedJsonException} naming the document (for example
 * {@code stored session history}), the path and the value; a value outside the model throws
 * {@link org.scenariomigration.spi.UnsupportedValueException}; none ever ends in a {@link StackOverflowError}.
 * Thread-safe: every method is a function of its arguments.
 */
public final class SessionJson {
  /** How deeply a stored document may nest: a journal record's session state's variables' values, tags included. */
  public static final int MAX_NESTING_DEPTH = VariableValues.MAX_DEPTH + 8;
  /** The longest number: a {@link BigInteger} of {@link VariableValues#MAX_NUMBER_DIGITS} digits and its sign. */
  public static final int MAX_NUMBER_LENGTH = VariableValues.MAX_NUMBER_DIGITS + 1;
  /** The longest stored document, in characters. */
  public static final int MAX_DOCUMENT_CHARS = 256 << 20;

  private static final String SESSION = "stored session";
  private static final String HISTORY = "stored session history";
  private static final String VARIABLES = "stored session variables";
  private static final String MARKER = "stored marker";
  private static final String OWED = "stored owed effects";
  private static final String SETTLED = "stored settled plans";

  private SessionJson() {}

  // ------------------------------------------------------------------------------------------- values

  /**
   * A variable or profile value's JSON text; the value is {@linkplain VariableValues#normalize(String, Object)
   * normalised} first.
   *
   * @param field the value's name, for the error of a value outside the model
   * @param value the value
   */
  public static String writeValue(String field, Object value) {
    Object normal = VariableValues.normalize(field, value);
    return StoredJson.write(g -> ValueJson.writeValue(g, normal, 0));
  }

  /**
   * A value read from the text {@link #writeValue} wrote, normalised.
   *
   * @param document the document, for errors (for example {@code stored profile value})
   * @param field the value's name, for errors
   * @param json the text
   */
  public static Object readValue(String document, String field, String json) {
    try (JsonParser p = StoredJson.parser(document, json)) {
      p.nextToken();
      Object v = p.currentToken() == null ? null : ValueJson.readValue(p, document, "$");
      if (p.nextToken() != null) {
        throw new MalformedJsonException(document, "$", "text after the value in " + StoredJson.abbreviate(json),
            null);
      }
      return VariableValues.normalize(field, v);
    } catch (JsonProcessingException e) {
      throw Json.malformed(document, e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + document + ": " + e.getMessage(), e);
    }
  }

  /** A session's variables as JSON text: an object in key order; they are normalised first. */
  public static String writeVariables(Map<String, Object> variables) {
    return variables.isEmpty() ? "{}" : writeNormalVariables(VariableValues.normalizeVariables(variables));
  }

  /** Variables {@linkplain VariableValues#normalizeVariables normalised} already, as JSON text. */
  static String writeNormalVariables(Map<String, Object> normal) {
    return normal.isEmpty() ? "{}" : StoredJson.write(g -> ValueJson.writeMap(g, normal, 0));
  }

  /** Variables read from their text (a JSON object; JSON null or an empty text for none), normalised. */
  public static Map<String, Object> readVariables(String json) {
    try (JsonParser p = StoredJson.parser(VARIABLES, json)) {
      Map<String, Object> vars = ValueJson.readVariables(p, VARIABLES, "$", json);
      if (p.nextToken() != null) {
        throw new MalformedJsonException(VARIABLES, "$", "text after the variables object in "
            + StoredJson.abbreviate(json), null);
      }
      return vars;
    } catch (JsonProcessingException e) {
      throw Json.malformed(VARIABLES, e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + VARIABLES + ": " + e.getMessage(), e);
    }
  }

  /** Variables from a node of a tree (none when it is missing or null). */
  static Map<String, Object> readVariables(JsonNode node, String document, String path) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Map.of();
    }
    try (JsonParser p = StoredJson.MAPPER.treeAsTokens(node)) {
      return ValueJson.readVariables(p, document, path, node.toString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + document + ": " + e.getMessage(), e);
    }
  }

  /** A value from a node of a tree (null when it is missing), normalised. */
  static Object readValue(JsonNode node, String document, String path, String field) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    try (JsonParser p = StoredJson.MAPPER.treeAsTokens(node)) {
      p.nextToken();
      return VariableValues.normalize(field, ValueJson.readValue(p, document, path));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + document + ": " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------------------------------- history

  /**
   * A history as JSON text, in its bounded form ({@link SessionState#boundedHistory}): an array of one object per
   * step. The fields an older version of the library read ({@code step_id}, {@code step_name},
   * {@code content_hash}, {@code visited_at}, {@code checkpoint}, {@code checkpoint_description}) keep their names
   * and meaning (the last visit), so that it reads the text as a history of one visit per step; the numbering is in
   * {@code last}, {@code first}, {@code visits}, {@code first_at} and {@code from}. Values that say nothing (no
   * checkpoint, one visit, the first visit at the last) are left out.
   */
  public static String writeHistory(List<StepVisit> history) {
    return StoredJson.write(g -> HistoryJson.write(g, history));
  }

  /**
   * A history read from its text into the bounded form a {@link SessionState} keeps as it is; a text of an older
   * version is folded into it. JSON null or an empty text is an empty history. Unknown fields are skipped.
   */
  public static List<StepVisit> readHistory(String json) {
    return HistoryJson.read(HISTORY, "$", json).history();
  }

  /** As {@link #readHistory(String)}, telling in the same pass whether the text was of an older version. */
  static HistoryJson.Read readHistoryText(String json) {
    return HistoryJson.read(HISTORY, "$", json);
  }

  // ------------------------------------------------------------------------------------------- marker, owed

  /** A pending migration (a marker) as JSON text; {@code null} for none. */
  public static String writePending(PendingMigration pending) {
    return pending == null ? null : StoredJson.write(g -> writePending(g, pending));
  }

  static void writePending(JsonGenerator g, PendingMigration m) throws IOException {
    if (m == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("plan_id", m.planId());
    g.writeStringField("anchor_content_hash", m.anchorContentHash());
    g.writeNumberField("target_version", m.targetVersion());
    g.writeStringField("marked_at", StoredJson.instantText(m.markedAt()));
    writeStrings(g, "asked_fields", m.askedFields());
    g.writeBooleanField("rollback", m.rollback());
    g.writeEndObject();
  }

  /** A pending migration read from its text; {@code null} for a {@code null} text or JSON null. */
  public static PendingMigration readPending(String json) {
    return json == null ? null : readPending(StoredJson.tree(MARKER, json), MARKER, "$");
  }

  static PendingMigration readPending(JsonNode o, String document, String path) {
    if (o == null || o.isNull() || o.isMissingNode()) {
      return null;
    }
    object(o, document, path);
    try {
      return new PendingMigration(StoredJson.required(o, "plan_id", document, path),
          StoredJson.text(o, "anchor_content_hash"), o.path("target_version").intValue(),
          StoredJson.instant(document, path + ".marked_at", StoredJson.text(o, "marked_at")),
          StoredJson.strings(o.get("asked_fields"), document, path + ".asked_fields"),
          o.path("rollback").booleanValue());
    } catch (IllegalArgumentException e) {
      throw new MalformedJsonException(document, path, e.getMessage(), e);
    }
  }

  /** What a session owes the host, as JSON text; {@code null} for nothing. */
  public static String writeOwed(OwedEffects owed) {
    return owed == null ? null : StoredJson.write(g -> writeOwed(g, owed));
  }

  static void writeOwed(JsonGenerator g, OwedEffects o) throws IOException {
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

  /** What a session owes, read from its text; {@code null} for a {@code null} text or JSON null. */
  public static OwedEffects readOwed(String json) {
    return json == null ? null : readOwed(StoredJson.tree(OWED, json), OWED, "$");
  }

  static OwedEffects readOwed(JsonNode o, String document, String path) {
    if (o == null || o.isNull() || o.isMissingNode()) {
      return null;
    }
    object(o, document, path);
    try {
      return new OwedEffects(StoredJson.required(o, "id", document, path),
          StoredJson.enumValue(o, "kind", document, path, OwedEffects.Kind::fromJson), StoredJson.text(o, "plan_id"),
          StoredJson.text(o, "target_step_id"), o.path("target_version").intValue(), StoredJson.text(o, "reason"),
          StoredJson.text(o, "message"), StoredJson.strings(o.get("actions"), document, path + ".actions"));
    } catch (IllegalArgumentException e) {
      throw new MalformedJsonException(document, path, e.getMessage(), e);
    }
  }

  /** Plan ids (a session's settled plans) as a JSON array of strings. */
  public static String writeSettledPlans(Collection<String> planIds) {
    return StoredJson.write(g -> {
      g.writeStartArray();
      for (String v : planIds) {
        g.writeString(v);
      }
      g.writeEndArray();
    });
  }

  /** Settled plans read from their text (a JSON array of strings), in their order. */
  public static Set<String> readSettledPlans(String json) {
    return new LinkedHashSet<>(StoredJson.strings(StoredJson.tree(SETTLED, json), SETTLED, "$"));
  }

  static void writeStrings(JsonGenerator g, String field, Collection<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  // ------------------------------------------------------------------------------------------- the whole state

  /**
   * A session state as one JSON object: {@code tenant_id}, {@code session_id}, {@code customer_id},
   * {@code channel}, {@code created_at}, {@code scenario_id}, {@code version}, {@code scenario_checksum},
   * {@code current_step_id}, {@code history} ({@link #writeHistory}), {@code variables} ({@link #writeVariables}),
   * {@code pending} ({@link #writePending}, JSON null for none), {@code settled_plans}, {@code pinned},
   * {@code pin_generation} (left out at 0), {@code revision}, {@code owed} ({@link #writeOwed}, left out for none),
   * and {@code end_reason} and {@code ended_at} (left out while the session runs). The state's variables must be
   * normalised, as every {@link SessionState} a store holds is ({@link VariableValues#normalize(SessionState)}).
   */
  public static String write(SessionState state) {
    return StoredJson.write(g -> writeSession(g, state, null));
  }

  /** A session state read from the text {@link #write(SessionState)} wrote. */
  public static SessionState read(String json) {
    return readSession(StoredJson.tree(SESSION, json), SESSION, "$");
  }

  /** Writes a state; the texts {@code texts} (when not {@code null}) remembers are copied in as they are. */
  static void writeSession(JsonGenerator g, SessionState s, SessionTexts texts) throws IOException {
    g.writeStartObject();
    g.writeStringField("tenant_id", s.tenantId());
    g.writeStringField("session_id", s.sessionId());
    g.writeStringField("customer_id", s.customerId());
    g.writeStringField("channel", s.channel());
    g.writeStringField("created_at", StoredJson.instantText(s.createdAt()));
    g.writeStringField("scenario_id", s.scenarioId());
    g.writeNumberField("version", s.version());
    g.writeStringField("scenario_checksum", s.scenarioChecksum());
    g.writeStringField("current_step_id", s.currentStepId());
    g.writeFieldName("history");
    String known = texts == null ? null : texts.known(s.history());
    if (known != null) {
      g.writeRawValue(known);
    } else {
      HistoryJson.write(g, s.history());
    }
    g.writeFieldName("variables");
    known = texts == null ? null : texts.known(s.variables());
    if (known != null) {
      g.writeRawValue(known);
    } else if (s.variables().isEmpty()) {
      g.writeStartObject();
      g.writeEndObject();
    } else {
      ValueJson.writeMap(g, s.variables(), 0);
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
      g.writeNumberField("pin_generation", s.pinGeneration()); // left out at 0, as in every text before schema 8
    }
    g.writeNumberField("revision", s.revision());
    if (s.owed() != null) {
      g.writeFieldName("owed");
      writeOwed(g, s.owed());
    }
    if (s.end() != null) {
      g.writeStringField("end_reason", s.end().reason().name());
      g.writeStringField("ended_at", StoredJson.instantText(s.end().at()));
    }
    g.writeEndObject();
  }

  /** A state from a node of a tree; missing optional fields read as their defaults. */
  static SessionState readSession(JsonNode o, String document, String path) {
    object(o, document, path);
    JsonNode history = o.get("history");
    try {
      return SessionState.builder().tenantId(StoredJson.required(o, "tenant_id", document, path))
          .sessionId(StoredJson.required(o, "session_id", document, path)).customerId(StoredJson.text(o, "customer_id"))
          .channel(StoredJson.text(o, "channel"))
          .createdAt(StoredJson.instant(document, path + ".created_at", StoredJson.text(o, "created_at")))
          .scenarioId(StoredJson.required(o, "scenario_id", document, path)).version(o.path("version").intValue())
          .scenarioChecksum(StoredJson.text(o, "scenario_checksum"))
          .currentStepId(StoredJson.required(o, "current_step_id", document, path))
          .history(history == null ? List.of()
              : HistoryJson.read(document, path + ".history", history.toString()).history())
          .variables(readVariables(o.get("variables"), document, path + ".variables"))
          .pending(readPending(o.get("pending"), document, path + ".pending"))
          .settledPlans(new LinkedHashSet<>(StoredJson.strings(o.get("settled_plans"), document,
              path + ".settled_plans")))
          .pinned(o.path("pinned").booleanValue()).revision(o.path("revision").longValue())
          .owed(readOwed(o.get("owed"), document, path + ".owed")).end(end(o, document, path))
          .pinGeneration(o.path("pin_generation").longValue()) // 0 when left out (at 0, or written before schema 8)
          .build();
    } catch (IllegalArgumentException e) {
      throw new MalformedJsonException(document, path, e.getMessage(), e);
    }
  }

  /** The end a state's {@code end_reason} and {@code ended_at} name, or {@code null}. */
  static SessionEnd end(JsonNode o, String document, String path) {
    if (!o.hasNonNull("end_reason")) {
      return null;
    }
    return new SessionEnd(StoredJson.enumValue(o, "end_reason", document, path, EndReason::of),
        StoredJson.instant(document, path + ".ended_at", StoredJson.text(o, "ended_at")));
  }

  /** Fails unless {@code o} is an object. */
  static void object(JsonNode o, String document, String path) {
    if (o == null || !o.isObject()) {
      throw new MalformedJsonException(document, path, "expected an object but found " + Json.describe(o), null);
    }
  }

}
