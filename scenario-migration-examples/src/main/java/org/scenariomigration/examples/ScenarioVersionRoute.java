package org.scenariomigration.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.scenario.ScenarioJson;

/**
 * The read-only route the console draws a version's graph from (issue 23):
 * {@code GET /api/v1/scenarios/{scenario_id}/versions/{version}} answers the version as {@link ScenarioJson} writes it
 * ({@code scenario_id}, {@code version}, {@code name}, {@code start_step_id} and {@code steps}, each with its
 * {@code transitions} and their conditions). An unknown scenario or version is a 404 {@code unknown_scenario}.
 */
final class ScenarioVersionRoute {
  /** The path it serves: group 1 the scenario, group 2 the version. */
  static final Pattern PATH = Pattern.compile("/api/v1/scenarios/([^/]+)/versions/([0-9]{1,9})");

  private ScenarioVersionRoute() {}

  /** The version the matched path names, as JSON. */
  static JsonNode version(ScenarioMigration migration, String tenant, Matcher path) {
    String scenarioId = path.group(1);
    int version = Integer.parseInt(path.group(2));
    try {
      return SeedJson.MAPPER.readTree(ScenarioJson.write(migration.version(tenant, scenarioId, version)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the library wrote scenario JSON it cannot read back", e);
    }
  }
}
