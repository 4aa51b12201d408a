package org.scenariomigration.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.scenariomigration.session.VariableValues;

/**
 * What {@link SessionJson} and {@link JournalJson} share: {@link Json}'s mapper with the limits of stored documents,
 * writing straight to a generator, the errors of a stored text, and instants as text.
 */
final class StoredJson {
  /**
   * {@link Json#MAPPER}'s features and settings with the limits of {@link SessionJson}: a stored value may hold a
   * number of {@value SessionJson#MAX_NUMBER_LENGTH} characters, which a scenario may not.
   */
  static final ObjectMapper MAPPER = Json.MAPPER.copyWith(Json.MAPPER.getFactory().rebuild()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(SessionJson.MAX_NESTING_DEPTH)
          .maxStringLength(VariableValues.MAX_STRING_LENGTH)
          .maxNameLength(VariableValues.MAX_STRING_LENGTH)
          .maxNumberLength(SessionJson.MAX_NUMBER_LENGTH)
          .maxDocumentLength(SessionJson.MAX_DOCUMENT_CHARS)
          .build())
      .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(SessionJson.MAX_NESTING_DEPTH).build())
      .build());

  private StoredJson() {}

  /** Writes a document's body into a generator. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** The JSON text {@code body} writes, written straight to a generator (no tree of nodes is built first). */
  static String write(Body body) {
    StringWriter w = new StringWriter(256);
    try (JsonGenerator g = MAPPER.createGenerator(w)) {
      body.write(g);
    } catch (StreamConstraintsException e) {
      JsonLimitException limit = JsonLimitException.fromConstraint("written JSON", "$", e);
      throw limit != null ? limit : new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
    return w.toString();
  }

  /** A streaming parser over a stored text. */
  static JsonParser parser(String document, String json) {
    try {
      return MAPPER.createParser(json);
    } catch (IOException e) {
      throw new MalformedJsonException(document, "$", String.valueOf(e.getMessage()), e);
    }
  }

  /** A stored document as a tree of nodes. */
  static JsonNode tree(String document, String json) {
    if (json == null) {
      throw new MalformedJsonException(document, "$", "the document is null", null);
    }
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new MalformedJsonException(document, "$", "the document is empty", null);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw Json.malformed(document, e);
    }
  }

  /** A parser over a node of a tree, for the streaming readers. */
  static JsonParser tokens(JsonNode node) {
    JsonParser p = MAPPER.treeAsTokens(node);
    try {
      p.nextToken();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read a JSON tree: " + e.getMessage(), e);
    }
    return p;
  }

  /** At most the first 200 characters of a stored text, for error messages. */
  static String abbreviate(String json) {
    return json.length() <= 200 ? json : json.substring(0, 200) + "... (" + json.length() + " characters)";
  }

  // ------------------------------------------------------------------------------------------- instants

  /**
   * {@link Instant#toString()}: written here, without a {@link java.time.format.DateTimeFormatter}, for the years 0
   * to 9999; other instants go to {@code toString}.
   */
  static String instantText(Instant t) {
    long epochSecond = t.getEpochSecond();
    if (epochSecond < MIN_FAST_SECOND || epochSecond >= MAX_FAST_SECOND) {
      return t.toString();
    }
    long days = Math.floorDiv(epochSecond, 86_400);
    int secondOfDay = Math.floorMod(epochSecond, 86_400);
    LocalDate d = LocalDate.ofEpochDay(days);
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

  private static final long MIN_FAST_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
  private static final long MAX_FAST_SECOND = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400;
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
   * An instant as {@link Instant#toString()} writes it ({@code 2025-03-04T10:00:05.123Z}: a four-digit year, UTC, no
   * fraction or one of 3, 6 or 9 digits), read here without a {@link java.time.format.DateTimeFormatter}; anything
   * else goes to {@link Instant#parse}, which throws {@link java.time.format.DateTimeParseException} for a text that
   * is no instant.
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
          return LocalDateTime.of(year, month, day, hour, minute, second, nano).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
          // (a day the month does not have) the formatter names the problem
        }
      }
    }
    return Instant.parse(t);
  }

  /** The instant {@code text} at {@code path}, or a {@link MalformedJsonException} naming the path and the text. */
  static Instant instant(String document, String path, String text) {
    if (text == null) {
      throw new MalformedJsonException(document, path, "required instant is missing", null);
    }
    try {
      return instant(text);
    } catch (DateTimeParseException e) {
      throw new MalformedJsonException(document, path, "'" + text + "' is not an instant (ISO-8601, as "
          + "2026-11-29T10:00:00Z)", e);
    }
  }

  /** The text of a string field, or {@code null} when it is missing, null or not a string. */
  static String text(JsonNode o, String field) {
    JsonNode n = o.get(field);
    return n == null || n.isNull() ? null : n.textValue();
  }

  /** The text of a string field the reader needs, or a {@link MalformedJsonException} naming its path. */
  static String required(JsonNode o, String field, String document, String path) {
    String s = text(o, field);
    if (s == null) {
      throw new MalformedJsonException(document, path + "." + field, "required string is missing (found "
          + Json.describe(o.get(field)) + ")", null);
    }
    return s;
  }

  /** The value {@code parse} makes of a required string field; an unknown value fails naming it. */
  static <E> E enumValue(JsonNode o, String field, String document, String path, Function<String, E> parse) {
    String text = required(o, field, document, path);
    try {
      return parse.apply(text);
    } catch (RuntimeException e) {
      throw new MalformedJsonException(document, path + "." + field, "unknown value '" + text + "'", e);
    }
  }

  /** The strings of an array at {@code path} (none when it is missing); an element of another type fails naming it. */
  static List<String> strings(JsonNode a, String document, String path) {
    if (a == null || a.isNull() || a.isMissingNode()) {
      return List.of();
    }
    if (!a.isArray()) {
      throw new MalformedJsonException(document, path, "expected an array of strings but found " + Json.describe(a),
          null);
    }
    List<String> out = new ArrayList<>(a.size());
    for (JsonNode x : a) {
      if (!x.isTextual()) {
        throw new MalformedJsonException(document, path + "[" + out.size() + "]", "expected a string but found "
            + Json.describe(x), null);
      }
      out.add(x.textValue());
    }
    return out;
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
}
