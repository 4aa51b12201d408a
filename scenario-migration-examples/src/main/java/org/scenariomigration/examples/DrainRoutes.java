package org.scenariomigration.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scenariomigration.runtime.MigrationOperations;
import org.scenariomigration.runtime.RetentionReport;
import org.scenariomigration.runtime.VersionStatus;

/**
 * The operator API's drain status and retirement of versions (issue 19):
 *
 * <pre>
 * GET  /api/v1/scenarios/{scenario_id}/versions                              every version's drain status
 * GET  /api/v1/scenarios/{scenario_id}/versions/{version}/status             one version's drain status
 * POST /api/v1/scenarios/{scenario_id}/versions/{version}/retire  optional {"force": true}   the retirement
 * </pre>
 *
 * <p>A version's status is {@code scenario_id}, {@code version}, {@code current}, {@code sessions} ({@code total},
 * {@code pinned}, {@code pending}), {@code plans} (each {@code plan_id}, {@code from_version}, {@code to_version},
 * {@code status}, {@code sessions_to_settle}, {@code holds_version}), {@code safe_to_retire} and {@code reasons}. A
 * retirement refused is a 409 {@code not_retirable} whose message gives the reasons.
 */
final class DrainRoutes {
  /** The paths it serves: group 1 the scenario, group 2 the version (or none), group 3 the action. */
  static final Pattern PATH = Pattern.compile("/api/v1/scenarios/([^/]+)/versions(?:/([0-9]{1,9})(/status|/retire))?");

  private DrainRoutes() {}

  /** The method a path takes. */
  static String allowed(Matcher m) {
    return "/retire".equals(m.group(3)) ? "POST" : "GET";
  }

  /** The answer to a request on a matched path (the method checked by the caller), as JSON. */
  static JsonNode handle(MigrationOperations ops, Matcher m, String tenant, JsonNode body) {
    String scenario = m.group(1);
    if (m.group(2) == null) {
      ObjectNode o = SeedJson.MAPPER.createObjectNode();
      o.put("scenario_id", scenario);
      ArrayNode versions = o.putArray("versions");
      ops.versionStatuses(tenant, scenario).forEach(s -> versions.add(status(s)));
      return o;
    }
    int version = Integer.parseInt(m.group(2));
    if (m.group(3).equals("/status")) {
      return status(ops.versionStatus(tenant, scenario, version));
    }
    boolean force = body != null && body.path("force").asBoolean(false);
    return retired(ops.retireVersion(tenant, scenario, version, force));
  }

  /** A version's drain status in snake_case. */
  static ObjectNode status(VersionStatus s) {
    ObjectNode o = SeedJson.MAPPER.createObjectNode();
    o.put("scenario_id", s.scenarioId());
    o.put("version", s.version());
    o.put("current", s.current());
    ObjectNode sessions = o.putObject("sessions");
    sessions.put("total", s.sessions());
    sessions.put("pinned", s.pinned());
    sessions.put("pending", s.pending());
    ArrayNode plans = o.putArray("plans");
    for (VersionStatus.PlanReference p : s.plans()) {
      ObjectNode n = plans.addObject();
      n.put("plan_id", p.planId());
      n.put("from_version", p.fromVersion());
      n.put("to_version", p.toVersion());
      n.put("status", p.status().jsonName());
      n.put("sessions_to_settle", p.sessionsToSettle());
      n.put("holds_version", p.holds());
    }
    o.put("safe_to_retire", s.safeToRetire());
    ArrayNode reasons = o.putArray("reasons");
    s.reasons().forEach(reasons::add);
    return o;
  }

  private static ObjectNode retired(RetentionReport r) {
    ObjectNode o = SeedJson.MAPPER.createObjectNode();
    ArrayNode purged = o.putArray("retired_versions");
    r.purgedVersions().forEach(purged::add);
    o.put("sessions_unmarked", r.sessionsUnmarked());
    return o;
  }
}
