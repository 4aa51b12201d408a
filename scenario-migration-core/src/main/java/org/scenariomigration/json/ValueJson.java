package org.scenariomigration.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scenariomigration.session.VariableValues;

/**
 * Values of {@link VariableValues}' model as JSON (the rules are in {@link SessionJson}): written from normalised
 * values, read back into them, tags included.
 */
final class ValueJson {
  /** The tag of a {@link BigDecimal}: <code>{"$decimal":"1.50"}</code>. */
  static final String DECIMAL_TAG = "$decimal";
  /** The tag of the double plain JSON cannot keep on every database ({@code -0.0}). */
  static final String DOUBLE_TAG = "$double";

  private ValueJson() {}

  /**
   * Writes a value of {@link VariableValues}' model, normalised already. The recursion is as deep as the value, which
   * normalisation bounded.
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

  /** A map of normalised values, in its order; a key starting with {@code $} gets one more {@code $} in front. */
  static void writeMap(JsonGenerator g, Map<?, ?> m, int depth) throws IOException {
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
   * read back as the same double and which PostgreSQL's {@code numeric} keeps as they are (it would print
   * {@code 1E+20} as an integer). {@code -0.0} is tagged, as {@code numeric} has no negative zero.
   */
  static void writeDouble(JsonGenerator g, double d) throws IOException {
    if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
      g.writeStartObject();
      g.writeStringField(DOUBLE_TAG, "-0.0");
      g.writeEndObject();
      return;
    }
    BigDecimal plain = new BigDecimal(Double.toString(d));
    g.writeNumber(plain.setScale(Math.max(1, plain.scale())).toPlainString());
  }

  /**
   * The value at the parser's current token, read to its last token. Recursive, as deep as the text, which the
   * parser's nesting limit bounds. Lists and maps are immutable and in document order; normalisation sorts maps.
   */
  static Object readValue(JsonParser p, String document, String path) throws IOException {
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
          Object x = readValue(p, document, path);
          nulls |= x == null;
          l.add(x);
        }
        return nulls ? Collections.unmodifiableList(l) : ImmutableList.copyOf(l);
      }
      case START_OBJECT:
        return readObject(p, true, document, path);
      default:
        throw new MalformedJsonException(document, path, "unexpected " + t, null);
    }
  }

  /**
   * An object: a tagged number (where {@code tags} allows one), or a map whose keys lose the {@code $} their writer
   * added.
   */
  static Object readObject(JsonParser p, boolean tags, String document, String path) throws IOException {
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
        name = p.currentName();
        p.nextToken();
      }
      first = false;
      m.put(name.startsWith("$$") ? name.substring(1) : name, readValue(p, document, path));
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

  /**
   * Variables from a parser before their first token: a JSON object (JSON null, or nothing, for none), normalised.
   * The object itself is never a tag: a variable named {@code $decimal}, in a row from before the tags, is one.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> readVariables(JsonParser p, String document, String path, String json)
      throws IOException {
    JsonToken t = p.nextToken();
    if (t == null || t == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    if (t != JsonToken.START_OBJECT) {
      throw new MalformedJsonException(document, path, "variables must be an object but were "
          + StoredJson.abbreviate(json), null);
    }
    return VariableValues.normalizeVariables((Map<String, Object>) readObject(p, false, document, path));
  }
}
