package org.scenariomigration.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.session.SessionEnd;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;
import org.scenariomigration.session.VariableValues;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.JournalRecord;

/**
 * The JSON of a {@link JournalRecord}, as the library's stores keep it: one object with {@code format_version},
 * {@code id}, {@code tenant_id}, {@code session_id}, {@code plan_id}, {@code kind}, {@code migration_scenario}, the
 * state {@code before} the change ({@link SessionJson#write(SessionState)}), the state after it (whole, or as its
 * change against {@code before}: see {@link Form}), {@code filled_fields}, {@code asked_fields},
 * {@code checkpoint_warning} and {@code at}. Values and limits are those of {@link SessionJson}; a text that is not
 * such a record throws {@link MalformedJsonException} naming the document ({@code stored journal record}), the path
 * and the value. Both forms read back equal to the record written, and so does a record without
 * {@code format_version}, as the earliest were written. A host's own store calls these to keep the journal in the
 * library's format. Thread-safe.
 */
public final class JournalJson {
  private static final String DOC = "stored journal record";

  /** How a record holds the state after the change. */
  public enum Form {
    /**
     * {@code format_version} 1: {@code after} holds the state whole. Readable by every release; larger. For a rolling
     * upgrade or a downgrade to a release that cannot read {@link #AFTER_CHANGE}.
     */
    FULL_AFTER(1),
    /**
     * {@code format_version} 2: {@code after_change} holds only the components of the after state that differ from
     * {@code before}, under the names the state has, except for the history and the variables:
     *
     * <ul>
     *   <li>a history the same as before is left out. Otherwise, when the after history starts with entries of the
     *       before history (in their order, some left out), as a visit or a migration leaves it,
     *       {@code history_dropped} holds the positions in the before history of the entries not kept and
     *       {@code history_added} the entries that follow them; otherwise {@code history} holds it whole;
     *   <li>variables the same as before are left out. Otherwise {@code variables} holds those added or changed (a
     *       {@code null} value being a variable present without a value) and {@code variables_removed} the names of
     *       those removed; when no variable is kept unchanged, {@code variables_all} holds them whole;
     *   <li>{@code pending}, {@code owed} and {@code end_reason} are JSON {@code null} when the after state has none
     *       but the before state had one.
     * </ul>
     */
    AFTER_CHANGE(2);

    private final int formatVersion;

    Form(int formatVersion) {
      this.formatVersion = formatVersion;
    }

    /** The {@code format_version} a record of this form carries. */
    public int formatVersion() {
      return formatVersion;
    }
  }

  private JournalJson() {}

  /** A record's JSON in the current form, {@link Form#AFTER_CHANGE}. */
  public static String write(JournalRecord record) {
    return write(record, Form.AFTER_CHANGE, null);
  }

  /** A record's JSON in {@code form}. */
  public static String write(JournalRecord record, Form form) {
    return write(record, form, null);
  }

  /**
   * A record's JSON in {@code form}; the texts of the before state's history, variables and marker that {@code texts}
   * remembers (when not {@code null}) are copied in as they are, the rest is written. The result is the same text as
   * without them.
   */
  public static String write(JournalRecord r, Form form, SessionTexts texts) {
    Objects.requireNonNull(form, "form");
    return StoredJson.write(g -> {
      g.writeStartObject();
      g.writeNumberField("format_version", form.formatVersion());
      g.writeStringField("id", r.id());
      g.writeStringField("tenant_id", r.tenantId());
      g.writeStringField("session_id", r.sessionId());
      g.writeStringField("plan_id", r.planId());
      g.writeStringField("kind", r.kind().jsonName());
      g.writeStringField("migration_scenario", r.migrationScenario() == null ? null
          : r.migrationScenario().jsonName());
      g.writeFieldName("before");
      SessionJson.writeSession(g, r.before(), texts);
      if (form == Form.FULL_AFTER) {
        g.writeFieldName("after");
        SessionJson.writeSession(g, r.after(), texts);
      } else {
        g.writeFieldName("after_change");
        writeChange(g, r.before(), r.after());
      }
      g.writeArrayFieldStart("filled_fields");
      for (FilledField f : r.filledFields()) {
        g.writeStartObject();
        g.writeStringField("field", f.field());
        g.writeFieldName("value");
        ValueJson.writeValue(g, f.value(), 0);
        g.writeStringField("source", f.source().jsonName());
        g.writeFieldName("confidence");
        ValueJson.writeDouble(g, f.confidence());
        g.writeEndObject();
      }
      g.writeEndArray();
      SessionJson.writeStrings(g, "asked_fields", r.askedFields());
      g.writeStringField("checkpoint_warning", r.checkpointWarning());
      g.writeStringField("at", StoredJson.instantText(r.at()));
      g.writeEndObject();
    });
  }

  /** A record read from its JSON, of either form. */
  public static JournalRecord read(String json) {
    JsonNode o = StoredJson.tree(DOC, json);
    SessionJson.object(o, DOC, "$");
    JsonNode version = o.get("format_version");
    Form form = version == null || version.isNull() ? Form.FULL_AFTER
        : version.isInt() && version.intValue() == 1 ? Form.FULL_AFTER
        : version.isInt() && version.intValue() == 2 ? Form.AFTER_CHANGE : null;
    if (form == null) {
      throw new MalformedJsonException(DOC, "$.format_version", "a journal record's format_version must be 1 or 2 "
          + "but was " + version, null);
    }
    SessionState before = SessionJson.readSession(o.get("before"), DOC, "$.before");
    SessionState after = form == Form.FULL_AFTER ? SessionJson.readSession(o.get("after"), DOC, "$.after")
        : readChange(before, o.get("after_change"));
    List<FilledField> filled = new ArrayList<>();
    JsonNode fields = o.path("filled_fields");
    for (int i = 0; i < fields.size(); i++) {
      String at = "$.filled_fields[" + i + "]";
      JsonNode x = fields.get(i);
      SessionJson.object(x, DOC, at);
      String field = StoredJson.required(x, "field", DOC, at);
      FilledField.Source source = StoredJson.enumValue(x, "source", DOC, at,
          s -> FilledField.Source.valueOf(s.toUpperCase(Locale.ROOT)));
      try {
        filled.add(new FilledField(field, SessionJson.readValue(x.get("value"), DOC, at + ".value", field), source,
            confidence(x.path("confidence"))));
      } catch (IllegalArgumentException e) {
        throw new MalformedJsonException(DOC, at, e.getMessage(), e);
      }
    }
    try {
      return new JournalRecord(StoredJson.required(o, "id", DOC, "$"), StoredJson.required(o, "tenant_id", DOC, "$"),
          StoredJson.required(o, "session_id", DOC, "$"), StoredJson.text(o, "plan_id"),
          StoredJson.enumValue(o, "kind", DOC, "$", s -> JournalRecord.Kind.valueOf(s.toUpperCase(Locale.ROOT))),
          o.hasNonNull("migration_scenario")
              ? StoredJson.enumValue(o, "migration_scenario", DOC, "$", MigrationScenario::fromJson) : null,
          before, after, filled, StoredJson.strings(o.get("asked_fields"), DOC, "$.asked_fields"),
          StoredJson.text(o, "checkpoint_warning"), StoredJson.instant(DOC, "$.at", StoredJson.text(o, "at")));
    } catch (IllegalArgumentException e) {
      throw new MalformedJsonException(DOC, "$", e.getMessage(), e);
    }
  }

  /** A confidence: a number, or the tag of {@code -0.0}. */
  private static double confidence(JsonNode n) {
    return n.isObject() ? Double.parseDouble(n.path(ValueJson.DOUBLE_TAG).asText("0")) : n.doubleValue();
  }

  // ------------------------------------------------------------------------------------------- the change form

  private static void writeChange(JsonGenerator g, SessionState before, SessionState after) throws IOException {
    g.writeStartObject();
    changed(g, "tenant_id", before.tenantId(), after.tenantId());
    changed(g, "session_id", before.sessionId(), after.sessionId());
    changed(g, "customer_id", before.customerId(), after.customerId());
    changed(g, "channel", before.channel(), after.channel());
    if (!before.createdAt().equals(after.createdAt())) {
      g.writeStringField("created_at", StoredJson.instantText(after.createdAt()));
    }
    changed(g, "scenario_id", before.scenarioId(), after.scenarioId());
    if (before.version() != after.version()) {
      g.writeNumberField("version", after.version());
    }
    changed(g, "scenario_checksum", before.scenarioChecksum(), after.scenarioChecksum());
    changed(g, "current_step_id", before.currentStepId(), after.currentStepId());
    writeHistoryChange(g, before.history(), after.history());
    writeVariablesChange(g, before.variables(), after.variables());
    if (!Objects.equals(before.pending(), after.pending())) {
      g.writeFieldName("pending");
      SessionJson.writePending(g, after.pending());
    }
    if (!before.settledPlans().equals(after.settledPlans())) {
      SessionJson.writeStrings(g, "settled_plans", after.settledPlans());
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
    if (!Objects.equals(before.owed(), after.owed())) {
      g.writeFieldName("owed");
      SessionJson.writeOwed(g, after.owed());
    }
    if (!Objects.equals(before.end(), after.end())) {
      if (after.end() == null) {
        g.writeNullField("end_reason");
      } else {
        g.writeStringField("end_reason", after.end().reason().name());
        g.writeStringField("ended_at", StoredJson.instantText(after.end().at()));
      }
    }
    g.writeEndObject();
  }

  private static void changed(JsonGenerator g, String field, String before, String after) throws IOException {
    if (!Objects.equals(before, after)) {
      g.writeStringField(field, after);
    }
  }

  private static void writeHistoryChange(JsonGenerator g, List<StepVisit> before, List<StepVisit> after)
      throws IOException {
    if (before.equals(after)) {
      return;
    }
    // the longest run of after entries that are before entries in their order, and the before entries it skips
    List<Integer> dropped = new ArrayList<>();
    int kept = 0;
    int from = 0;
    for (StepVisit v : after) {
      int at = from;
      while (at < before.size() && !before.get(at).equals(v)) {
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
      HistoryJson.write(g, after);
      return;
    }
    g.writeArrayFieldStart("history_dropped");
    for (int k : dropped) {
      g.writeNumber(k);
    }
    g.writeEndArray();
    g.writeFieldName("history_added");
    HistoryJson.writeEntries(g, after.subList(kept, after.size()));
  }

  private static void writeVariablesChange(JsonGenerator g, Map<String, Object> before, Map<String, Object> after)
      throws IOException {
    if (before.equals(after)) {
      return;
    }
    Map<String, Object> changed = new LinkedHashMap<>();
    boolean anyKept = false;
    for (Map.Entry<String, Object> e : after.entrySet()) {
      Object was = before.get(e.getKey());
      if (was == null && !before.containsKey(e.getKey()) || !Objects.equals(was, e.getValue())) {
        changed.put(e.getKey(), e.getValue());
      } else {
        anyKept = true;
      }
    }
    if (!anyKept) {
      g.writeFieldName("variables_all");
      ValueJson.writeMap(g, after, 0);
      return;
    }
    if (!changed.isEmpty()) {
      g.writeFieldName("variables");
      ValueJson.writeMap(g, changed, 0);
    }
    List<String> removed = new ArrayList<>();
    for (String key : before.keySet()) {
      if (!after.containsKey(key)) {
        removed.add(key);
      }
    }
    if (!removed.isEmpty()) {
      SessionJson.writeStrings(g, "variables_removed", removed);
    }
  }

  /** The after state that {@code change} ({@link #writeChange}) makes of {@code before}. */
  private static SessionState readChange(SessionState before, JsonNode change) {
    String path = "$.after_change";
    if (change == null || !change.isObject()) {
      throw new MalformedJsonException(DOC, path, "a journal record of format_version 2 needs after_change as an "
          + "object but found " + Json.describe(change), null);
    }
    Set<String> settled = change.has("settled_plans")
        ? new LinkedHashSet<>(StoredJson.strings(change.get("settled_plans"), DOC, path + ".settled_plans"))
        : before.settledPlans();
    SessionEnd end = change.has("end_reason") ? SessionJson.end(change, DOC, path) : before.end();
    try {
      return before.toBuilder().tenantId(changedText(change, "tenant_id", before.tenantId()))
          .sessionId(changedText(change, "session_id", before.sessionId()))
          .customerId(changedText(change, "customer_id", before.customerId()))
          .channel(changedText(change, "channel", before.channel()))
          .createdAt(change.has("created_at") ? StoredJson.instant(DOC, path + ".created_at",
              StoredJson.text(change, "created_at")) : before.createdAt())
          .scenarioId(changedText(change, "scenario_id", before.scenarioId()))
          .version(change.has("version") ? change.get("version").intValue() : before.version())
          .scenarioChecksum(changedText(change, "scenario_checksum", before.scenarioChecksum()))
          .currentStepId(changedText(change, "current_step_id", before.currentStepId()))
          .history(readHistoryChange(before.history(), change))
          .variables(readVariablesChange(before.variables(), change))
          .pending(change.has("pending") ? SessionJson.readPending(change.get("pending"), DOC, path + ".pending")
              : before.pending())
          .settledPlans(settled)
          .pinned(change.has("pinned") ? change.get("pinned").booleanValue() : before.pinned())
          .revision(change.has("revision") ? change.get("revision").longValue() : before.revision())
          .owed(change.has("owed") ? SessionJson.readOwed(change.get("owed"), DOC, path + ".owed") : before.owed())
          .end(end)
          .pinGeneration(change.has("pin_generation") ? change.get("pin_generation").longValue()
              : before.pinGeneration())
          .build();
    } catch (IllegalArgumentException e) {
      throw new MalformedJsonException(DOC, path, e.getMessage(), e);
    }
  }

  private static String changedText(JsonNode change, String field, String before) {
    return change.has(field) ? StoredJson.text(change, field) : before;
  }

  private static List<StepVisit> readHistoryChange(List<StepVisit> before, JsonNode change) {
    String path = "$.after_change";
    if (change.has("history")) {
      return HistoryJson.read(DOC, path + ".history", change.get("history").toString()).history();
    }
    if (!change.has("history_added")) {
      return before;
    }
    boolean[] dropped = new boolean[before.size()];
    JsonNode positions = change.path("history_dropped");
    for (int i = 0; i < positions.size(); i++) {
      JsonNode k = positions.get(i);
      if (!k.canConvertToInt() || k.intValue() < 0 || k.intValue() >= before.size()) {
        throw new MalformedJsonException(DOC, path + ".history_dropped[" + i + "]", "a journal record's "
            + "history_dropped must hold positions in the before history (0 to " + (before.size() - 1)
            + ") but held " + k, null);
      }
      dropped[k.intValue()] = true;
    }
    List<StepVisit> after = new ArrayList<>(before.size() + 1);
    for (int k = 0; k < dropped.length; k++) {
      if (!dropped[k]) {
        after.add(before.get(k));
      }
    }
    after.addAll(HistoryJson.read(DOC, path + ".history_added", change.get("history_added").toString()).history());
    try {
      return SessionState.boundedHistory(after);
    } catch (IllegalArgumentException e) {
      throw new MalformedJsonException(DOC, path + ".history_added", e.getMessage(), e);
    }
  }

  private static Map<String, Object> readVariablesChange(Map<String, Object> before, JsonNode change) {
    String path = "$.after_change";
    if (change.has("variables_all")) {
      return SessionJson.readVariables(change.get("variables_all"), DOC, path + ".variables_all");
    }
    if (!change.has("variables") && !change.has("variables_removed")) {
      return before;
    }
    Map<String, Object> after = new LinkedHashMap<>(before);
    for (String key : StoredJson.strings(change.get("variables_removed"), DOC, path + ".variables_removed")) {
      after.remove(key);
    }
    after.putAll(SessionJson.readVariables(change.get("variables"), DOC, path + ".variables"));
    return VariableValues.normalizeVariables(after);
  }
}
