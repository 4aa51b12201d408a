package org.scenariomigration.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scenariomigration.runtime.MigrationOperations;
import org.scenariomigration.runtime.MoveReport;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.UnknownSessionException;
import org.scenariomigration.runtime.UnknownStepException;
import org.scenariomigration.spi.FilledField;

/**
 * The operator move of the HTTP API: {@code POST /api/v1/sessions/{session_id}/move} with
 * {@code {"version": 2, "step_id": "checkout", "moved_by": "operator@example.com", "dry_run": true}} moves the
 * session ({@link MigrationOperations#moveSession}) and answers its {@link MoveReport} as JSON.
 */
final class MoveRoute {
  static final Pattern PATH = Pattern.compile("/api/v1/sessions/([^/]+)/move");

  private MoveRoute() {}

  /**
   * The report of the move {@code body} asks for, as JSON; 404 for an unknown session or step. The mover is
   * {@code operator}, the authenticated one: {@code moved_by} is required in the seed's shape but not used.
   */
  static JsonNode move(MigrationOperations operations, String tenant, Matcher path, ObjectNode body,
      String operator) {
    String sessionId = path.group(1);
    JsonNode version = body.get("version");
    if (version == null || !version.isIntegralNumber() || !version.canConvertToInt()) {
      throw new OperatorApi.ApiError(400, "invalid_request", "version must be an integer but was " + version);
    }
    String stepId = OperatorApi.text(body, "step_id", true);
    OperatorApi.text(body, "moved_by", true);
    JsonNode dry = body.get("dry_run");
    if (dry != null && !dry.isNull() && !dry.isBoolean()) {
      throw new OperatorApi.ApiError(400, "invalid_request", "dry_run must be true or false but was " + dry);
    }
    MoveReport r;
    try {
      r = operations.moveSession(tenant, sessionId, version.intValue(), stepId, operator,
          dry != null && dry.booleanValue());
    } catch (UnknownSessionException e) {
      throw new OperatorApi.ApiError(404, "unknown_session", e.getMessage());
    } catch (UnknownStepException e) {
      throw new OperatorApi.ApiError(404, "unknown_step", e.getMessage());
    }
    return json(r);
  }

  /** A move report in the seed's style: snake_case, counts first, one item per session. */
  static ObjectNode json(MoveReport r) {
    ObjectNode o = SeedJson.MAPPER.createObjectNode();
    o.put("dry_run", r.dryRun());
    o.put("scenario_id", r.scenarioId());
    o.put("to_version", r.toVersion());
    o.put("to_step_id", r.toStepId());
    o.put("moved_by", r.movedBy());
    for (MoveReport.Status s : MoveReport.Status.values()) {
      o.put(s.jsonName(), r.count(s));
    }
    ArrayNode items = o.putArray("items");
    for (MoveReport.Item i : r.items()) {
      ObjectNode n = items.addObject();
      n.put("session_id", i.sessionId());
      n.put("status", i.status().jsonName());
      n.put("reason", i.reason());
      Outcome out = i.outcome();
      n.put("outcome", out == null ? null : out.kind().name().toLowerCase(java.util.Locale.ROOT));
      n.put("effect_id", out == null ? null : out.effectId());
      ArrayNode filled = n.putArray("filled_fields");
      for (FilledField f : i.filled()) {
        filled.addObject().put("field", f.field()).put("source", f.source().jsonName());
      }
    }
    return o;
  }
}
