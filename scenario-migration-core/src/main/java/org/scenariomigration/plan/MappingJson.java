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
 * {@code default} with {@code field} and {@code value}, a value of the session value model with its tags;
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
        o.put("field", d.field()).set("value", valueNode(d));
      } else if (m instanceof VariableMapping.Computed c) {
        o.put("field", c.field()).put("expression", c.expression());
      } else {
        o.put("field", m.field());
      }
    }
    return a;
  }

  private static JsonNode valueNode(VariableMapping.Default d) {
    try {
      return Json.MAPPER.readTree(SessionJson.writeValue(d.field(), d.value()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the default of '" + d.field() + "': " + e.getMessage(), e);
    }
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
          case DEFAULT -> VariableMapping.defaultValue(m.str("field"), m.has("value")
              ? SessionJson.readValue(m.document, m.str("field"), Json.write(m.raw("value"))) : null);
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
