package org.scenariomigration.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;

/** A session's history as JSON (the format is in {@link SessionJson#writeHistory}). */
final class HistoryJson {
  private HistoryJson() {}

  /** A history read from its text, and whether the text held visits not numbered (the form of an older version). */
  record Read(List<StepVisit> history, boolean legacy) {}

  /** Writes a history in its bounded form. */
  static void write(JsonGenerator g, List<StepVisit> history) throws IOException {
    writeEntries(g, SessionState.boundedHistory(history));
  }

  /** Entries of a bounded history (or a run of them), one object each. */
  static void writeEntries(JsonGenerator g, List<StepVisit> entries) throws IOException {
    g.writeStartArray();
    for (StepVisit v : entries) {
      g.writeStartObject();
      g.writeStringField("step_id", v.stepId());
      g.writeStringField("step_name", v.stepName());
      g.writeStringField("content_hash", v.contentHash());
      g.writeStringField("visited_at", StoredJson.instantText(v.visitedAt()));
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
        g.writeStringField("first_at", StoredJson.instantText(v.firstVisitedAt()));
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
   * {@link SessionState} keeps as it is; a text of an older version (one object per visit) is folded into it. JSON
   * null or an empty text is an empty history. Unknown fields are skipped; a field of another type reads as missing.
   *
   * @param document the document in errors
   * @param path the history's path in the document, {@code $} for a document of its own
   */
  static Read read(String document, String path, String json) {
    try (JsonParser p = StoredJson.parser(document, json)) {
      JsonToken first = p.nextToken();
      if (first == null || first == JsonToken.VALUE_NULL) {
        return new Read(SessionState.boundedHistory(List.of()), false);
      }
      if (first != JsonToken.START_ARRAY) {
        throw new MalformedJsonException(document, path, "a history must be an array but was "
            + StoredJson.abbreviate(json), null);
      }
      List<StepVisit> out = new ArrayList<>();
      boolean legacy = false;
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        String at = path + "[" + out.size() + "]";
        if (t != JsonToken.START_OBJECT) {
          throw new MalformedJsonException(document, at, "a history entry must be an object but was " + t + " in "
              + StoredJson.abbreviate(json), null);
        }
        StepVisit e = readEntry(p, document, at, json);
        legacy |= !e.numbered();
        out.add(e);
      }
      if (p.nextToken() != null) {
        // the text is copied into journal bodies as it is, so it must be one JSON value and nothing after it
        throw new MalformedJsonException(document, path, "text after the history array in "
            + StoredJson.abbreviate(json), null);
      }
      try {
        return new Read(SessionState.boundedHistory(out), legacy);
      } catch (IllegalArgumentException e) {
        throw new MalformedJsonException(document, path, e.getMessage() + " in " + StoredJson.abbreviate(json), e);
      }
    } catch (JsonProcessingException e) {
      throw Json.malformed(document, e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + document + ": " + e.getMessage(), e);
    }
  }

  private static StepVisit readEntry(JsonParser p, String document, String path, String json) throws IOException {
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
                throw new MalformedJsonException(document, path + ".from[" + from.size() + "]", "a history entry's "
                    + "from must hold visit numbers but held " + e + " in " + StoredJson.abbreviate(json), null);
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
      throw new MalformedJsonException(document, path, "a history entry needs step_id, content_hash and visited_at "
          + "as strings in " + StoredJson.abbreviate(json), null);
    }
    Instant at = StoredJson.instant(document, path + ".visited_at", visitedAt);
    try {
      if (last < 0) {
        return new StepVisit(stepId, stepName, hash, at, checkpoint, description); // a visit of an older version
      }
      return new StepVisit(stepId, stepName, hash, at, checkpoint, description,
          firstAt == null ? at : StoredJson.instant(document, path + ".first_at", firstAt), visits,
          firstVisit < 0 ? last : firstVisit, last, new LinkedHashSet<>(from));
    } catch (IllegalArgumentException e) {
      throw new MalformedJsonException(document, path, e.getMessage() + " in " + StoredJson.abbreviate(json), e);
    }
  }
}
