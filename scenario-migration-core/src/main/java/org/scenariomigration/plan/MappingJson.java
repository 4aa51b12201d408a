package org.scenariomigration.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.scenariomigration.InvalidIdException;
import org.scenariomigration.json.Json;
import org.scenariomigration.json.SessionJson;
import org.scenariomigration.spi.UnsupportedValueException;

/**
 * Variable mappings as JSON: an array of objects with a {@code type} ({@code rename} with {@code from} and {@code to};
 * {@code default} with {@code field} and {@code value}, a value of the session value model with its tags, or
 * {@code value_text} holding it as text when it is beyond the plan reader's number limit;
 * {@code drop} with {@code field}; {@code computed} with {@code field} and {@code expression}). Package-private;
 * {@link PlanJson} is its public face.
 */
final class MappingJson {
  private MappingJson() {}

  static ArrayNode write(List<VariableMapping> mappings) {
    ArrayNode a = Json.array();
    for (VariableMapping m : mappings) {
      ObjectNode o = a.addObject().put("type", m.kind().jsonName());
      if (m instanceof VariableMapping.Rename r) {
        o.put("from", r.from()).put("to", r.to());
      } else if (m instanceof VariableMapping.Default d) {
        o.put("field", d.field());
        putValue(o, d);
      } else if (m instanceof VariableMapping.Computed c) {
        o.put("field", c.field()).put("expression", c.expression());
      } else {
        o.put("field", m.field());
      }
    }
    return a;
  }

  /**
   * A default's value: as JSON ({@code value}) when the plan reader's limits can read it back (numbers of at most
   * {@link Json#MAX_NUMBER_LENGTH} characters), else as the exact text of {@link SessionJson#writeValue} in
   * {@code value_text} (a double such as {@code 4.9E-324} is written in full, hundreds of digits).
   */
  private static void putValue(ObjectNode o, VariableMapping.Default d) {
    String text = SessionJson.writeValue(d.field(), d.value());
    try {
      JsonNode tree = Json.MAPPER.readTree(text);
      // only a tree that reads back as exactly this value (a double's bits, a decimal's scale) is written as one
      if (java.util.Objects.equals(SessionJson.readValue("default value", d.field(), Json.write(tree)), d.value())) {
        o.set("value", tree);
        return;
      }
    } catch (JsonProcessingException | RuntimeException e) {
      // beyond the plan reader's limits: as text
    }
    o.put("value_text", text);
  }

  private static Object readValue(Json.Obj m) {
    String field = m.str("field");
    if (m.has("value_text")) {
      return SessionJson.readValue(m.document, field, m.str("value_text"));
    }
    return m.has("value") ? SessionJson.readValue(m.document, field, Json.write(m.raw("value"))) : null;
  }

  /** The mappings in array {@code field} of {@code o}; a missing array is none. */
  static List<VariableMapping> read(Json.Obj o, String field) {
    List<JsonNode> items = o.array(field);
    List<VariableMapping> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Json.Obj m = o.item(field, i, items.get(i));
      try {
        out.add(switch (m.enumValue("type", VariableMapping.Kind::fromJson)) {
          case RENAME -> VariableMapping.rename(m.str("from"), m.str("to"));
          case DEFAULT -> VariableMapping.defaultValue(m.str("field"), readValue(m));
          case DROP -> VariableMapping.drop(m.str("field"));
          case COMPUTED -> VariableMapping.computed(m.str("field"), m.str("expression"));
        });
      } catch (InvalidIdException | InvalidVariableMappingException | UnsupportedValueException e) {
        throw m.fail(m.path, e);
      }
    }
    return out;
  }
}
