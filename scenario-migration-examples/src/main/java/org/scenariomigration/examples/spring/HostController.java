package org.scenariomigration.examples.spring;

import java.util.List;
import java.util.Map;
import org.scenariomigration.jdbc.JdbcStores;
import org.scenariomigration.plan.PlanJson;
import org.scenariomigration.scenario.ScenarioJson;
import org.scenariomigration.runtime.MigrationOperations;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.ProfileField;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The host's HTTP API, just enough to play the README's quickstart: publish a version, start and advance sessions,
 * a customer's profile, the operator's plan (generate, scope a policy, approve, deploy), and the messages.
 */
@RestController
@RequestMapping(path = "/tenants/{tenant}", produces = MediaType.APPLICATION_JSON_VALUE)
public class HostController {
  private final ScenarioMigration migration;
  private final MigrationOperations operations;
  private final JdbcStores stores;
  private final MessageService messages;

  HostController(ScenarioMigration migration, JdbcStores stores, MessageService messages) {
    this.migration = migration;
    this.operations = migration.operations();
    this.stores = stores;
    this.messages = messages;
  }

  /** Publishes a scenario version (the scenario JSON format). */
  @PostMapping(path = "/scenarios", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> publish(@PathVariable String tenant, @RequestBody String scenario) {
    var version = ScenarioJson.read(scenario);
    migration.publish(tenant, version);
    return Map.of("scenario_id", version.scenarioId(), "version", version.version());
  }

  /** Starts a session: {@code {"customer_id", "channel", "scenario_id"}}. */
  @PostMapping("/sessions/{session}")
  public Map<String, Object> start(@PathVariable String tenant, @PathVariable String session,
      @RequestBody Map<String, String> body) {
    var s = migration.startSession(tenant, session, body.get("customer_id"), body.get("channel"),
        body.get("scenario_id"));
    return Map.of("session_id", s.sessionId(), "step_id", s.currentStepId(), "version", s.version());
  }

  /** The session moved to a step. */
  @PostMapping("/sessions/{session}/steps/{step}")
  public Map<String, Object> advance(@PathVariable String tenant, @PathVariable String session,
      @PathVariable String step) {
    var s = migration.advance(tenant, session, step);
    return Map.of("session_id", s.sessionId(), "step_id", s.currentStepId(), "version", s.version());
  }

  /** A field of a customer's profile, from the CRM: {@code {"value": ...}}. */
  @PutMapping("/customers/{customer}/profile/{field}")
  public Map<String, Object> profile(@PathVariable String tenant, @PathVariable String customer,
      @PathVariable String field, @RequestBody Map<String, Object> body) {
    stores.profileStore().put(tenant, customer, new ProfileField(field, body.get("value"), "crm", 1.0, null));
    return Map.of("customer_id", customer, "field", field);
  }

  /** Generates the plan to a new version (the scenario JSON format); answers the plan's JSON. */
  @PostMapping(path = "/plans", consumes = MediaType.APPLICATION_JSON_VALUE)
  public String plan(@PathVariable String tenant, @RequestBody String scenario) {
    return PlanJson.write(operations.generatePlan(tenant, ScenarioJson.read(scenario), "operator@example.com"));
  }

  /** Scopes the policy of the anchor at a step: {@code {"include_channels": [...], "max_session_age_days": n}}. */
  @PutMapping("/plans/{plan}/anchors/{step}/scope")
  @SuppressWarnings("unchecked")
  public String scope(@PathVariable String tenant, @PathVariable String plan, @PathVariable String step,
      @RequestBody Map<String, Object> body) {
    String[] channels = ((List<String>) body.get("include_channels")).toArray(String[]::new);
    int maxAge = ((Number) body.get("max_session_age_days")).intValue();
    return PlanJson.write(operations.updatePolicy(tenant, plan, step,
        p -> p.includeChannels(channels).maxSessionAgeDays(maxAge)));
  }

  /** Approves the plan. */
  @PostMapping("/plans/{plan}/approve")
  public Map<String, Object> approve(@PathVariable String tenant, @PathVariable String plan) {
    return Map.of("status", operations.approve(tenant, plan, "lead@example.com").status().jsonName());
  }

  /** Deploys the plan: covers the sessions in scope, writes none (each migrates at its next message). */
  @PostMapping("/plans/{plan}/deploy")
  public Map<String, Object> deploy(@PathVariable String tenant, @PathVariable String plan) {
    return Map.of("sessions_marked", operations.deploy(tenant, plan).sessionsMarked());
  }

  /** An incoming message of a session: {@code {"text": ...}}; see {@link MessageService#handle}. */
  @PostMapping("/sessions/{session}/messages")
  public Map<String, Object> message(@PathVariable String tenant, @PathVariable String session,
      @RequestBody Map<String, String> body) {
    return messages.handle(tenant, session, body.getOrDefault("text", ""));
  }
}
