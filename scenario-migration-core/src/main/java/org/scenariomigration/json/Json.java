package org.scenariomigration.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The library's one JSON stack, shared by every format it reads and writes (scenario versions, plans, policies,
 * sessions and journal records): strict, bounded reading and bounded writing on one Jackson {@link ObjectMapper}. A
 * limit exceeded throws {@link JsonLimitException} naming it; anything else malformed throws
 * {@link MalformedJsonException} naming the document and the path. A host's own store uses it through the formats
 * ({@code ScenarioJson}, {@code PlanJson}, {@code SessionJson}), not directly.
 */
public final class Json {
  public static final int MAX_NESTING_DEPTH = 64;
  public static final int MAX_STRING_LENGTH = 1 << 20;
  public static final int MAX_NUMBER_LENGTH = 32;
  public static final int MAX_DOCUMENT_CHARS = 64 << 20;

  public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING_DEPTH)
          .maxStringLength(MAX_STRING_LENGTH)
          .maxNumberLength(MAX_NUMBER_LENGTH)
          .maxNameLength(MAX_STRING_LENGTH)
          .maxDocumentLength(MAX_DOCUMENT_CHARS)
          .build())
      .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .configure(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION, false);

  private Json() {}

  public static JsonNode parse(String document, String json) {
    if (json == null) {
      throw new MalformedJsonException(document, "$", "the document is null", null);
    }
    if (json.length() > MAX_DOCUMENT_CHARS) {
      throw new JsonLimitException(document, "$", JsonLimitException.DOCUMENT_LENGTH, MAX_DOCUMENT_CHARS, null);
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw malformed(document, e);
    } catch (RuntimeException e) {
      throw new MalformedJsonException(document, "$", String.valueOf(e.getMessage()), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new MalformedJsonException(document, "$", "the document is empty", null);
    }
    return node;
  }

  /**
   * What a parser or tree reader threw, as the exception the readers throw: the message and where, and a
   * {@link JsonLimitException} for a limit of the stream constraints.
   */
  public static MalformedJsonException malformed(String document, JsonProcessingException e) {
    String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
        + e.getLocation().getColumnNr() + ")";
    JsonLimitException limit = e instanceof StreamConstraintsException
        ? JsonLimitException.fromConstraint(document, "$" + where, e) : null;
    if (limit != null) {
      return limit;
    }
    return new MalformedJsonException(document, "$" + where, e.getOriginalMessage(), e);
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      JsonLimitException limit = e instanceof StreamConstraintsException
          ? JsonLimitException.fromConstraint("output", "$", e) : null;
      if (limit != null) {
        throw limit;
      }
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  public static ArrayNode strings(Iterable<String> values) {
    ArrayNode a = array();
    for (String v : values) {
      a.add(v);
    }
    return a;
  }

  /** A cursor over one JSON object that names its path in every error. */
  public static final class Obj {
    public final String document;
    public final String path;
    public final JsonNode node;

    public Obj(String document, String path, JsonNode node) {
      this.document = document;
      this.path = path;
      this.node = node;
      if (node == null || !node.isObject()) {
        throw fail(path, "expected an object but found " + describe(node));
      }
    }

    public MalformedJsonException fail(String at, String message) {
      return new MalformedJsonException(document, at, message, null);
    }

    public MalformedJsonException fail(String at, RuntimeException cause) {
      return new MalformedJsonException(document, at, cause.getMessage(), cause);
    }

    public boolean has(String field) {
      JsonNode n = node.get(field);
      return n != null && !n.isNull();
    }

    public JsonNode raw(String field) {
      return node.get(field);
    }

    public String str(String field) {
      JsonNode n = node.get(field);
      if (n == null || n.isNull()) {
        throw fail(path + "." + field, "required string is missing");
      }
      if (!n.isTextual()) {
        throw fail(path + "." + field, "expected a string but found " + describe(n));
      }
      return n.textValue();
    }

    public String str(String field, String dflt) {
      return has(field) ? str(field) : dflt;
    }

    public int integer(String field) {
      JsonNode n = node.get(field);
      if (n == null || n.isNull()) {
        throw fail(path + "." + field, "required integer is missing");
      }
      if (!n.isIntegralNumber() || !n.canConvertToInt()) {
        throw fail(path + "." + field, "expected an integer but found " + describe(n));
      }
      return n.intValue();
    }

    public int integer(String field, int dflt) {
      return has(field) ? integer(field) : dflt;
    }

    public Integer optInteger(String field) {
      return has(field) ? integer(field) : null;
    }

    public long longValue(String field, long dflt) {
      if (!has(field)) {
        return dflt;
      }
      JsonNode n = node.get(field);
      if (!n.isIntegralNumber() || !n.canConvertToLong()) {
        throw fail(path + "." + field, "expected an integer but found " + describe(n));
      }
      return n.longValue();
    }

    public double number(String field, double dflt) {
      if (!has(field)) {
        return dflt;
      }
      JsonNode n = node.get(field);
      if (!n.isNumber()) {
        throw fail(path + "." + field, "expected a number but found " + describe(n));
      }
      return n.doubleValue();
    }

    public boolean bool(String field, boolean dflt) {
      JsonNode n = node.get(field);
      if (n == null || n.isNull()) {
        return dflt;
      }
      if (!n.isBoolean()) {
        throw fail(path + "." + field, "expected true or false but found " + describe(n));
      }
      return n.booleanValue();
    }

    public List<JsonNode> array(String field) {
      JsonNode n = node.get(field);
      if (n == null || n.isNull()) {
        return List.of();
      }
      if (!n.isArray()) {
        throw fail(path + "." + field, "expected an array but found " + describe(n));
      }
      List<JsonNode> out = new ArrayList<>(n.size());
      n.forEach(out::add);
      return out;
    }

    public List<String> strings(String field) {
      List<JsonNode> items = array(field);
      List<String> out = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        JsonNode n = items.get(i);
        if (!n.isTextual()) {
          throw fail(path + "." + field + "[" + i + "]", "expected a string but found " + describe(n));
        }
        out.add(n.textValue());
      }
      return out;
    }

    public Obj obj(String field) {
      return new Obj(document, path + "." + field, node.get(field));
    }

    /** The enum value of a required string field, parsed by {@code parse}; an unknown value fails naming it. */
    public <E> E enumValue(String field, java.util.function.Function<String, E> parse) {
      String v = str(field);
      try {
        return parse.apply(v);
      } catch (IllegalArgumentException e) {
        throw fail(path + "." + field, "unknown value '" + v + "'");
      }
    }

    public Obj item(String field, int i, JsonNode n) {
      return new Obj(document, path + "." + field + "[" + i + "]", n);
    }
  }

  public static String describe(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    String text = n.toString();
    if (text.length() > 60) {
      text = text.substring(0, 57) + "...";
    }
    return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + text;
  }
}
