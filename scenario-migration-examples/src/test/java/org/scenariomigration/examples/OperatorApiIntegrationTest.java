package org.scenariomigration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scenariomigration.scenario.ContentHash;
import org.scenariomigration.scenario.ScenarioJson;
import org.scenariomigration.runtime.Outcome;

/** Starts {@link OperatorApiMain}'s server on an ephemeral port and drives it over HTTP, in the seed's order. */
class OperatorApiIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = OperatorApiMain.TENANT;
  /** The operator every request of this test authenticates as, with a bearer token. */
  static final OperatorSecurity.Operator OPERATOR = new OperatorSecurity.Operator("operator@example.com",
      "integration-test-secret-0123456789", java.util.Set.of(TENANT));
  /** A second operator of the same tenant. */
  static final OperatorSecurity.Operator LEAD = new OperatorSecurity.Operator("lead@example.com",
      "integration-test-lead-secret-0123", java.util.Set.of(TENANT));

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private DemoDatabase db;
  private OperatorApi api;

  @BeforeEach
  void start() throws IOException {
    db = DemoDatabase.open("jdbc:h2:mem:operator-api-test;DB_CLOSE_DELAY=-1", Clock.systemUTC());
    api = OperatorApiMain.start(db, OperatorSecurity.of(List.of(OPERATOR, LEAD)), "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    api.close();
    db.close();
  }

  // ------------------------------------------------------------------------------------------------ http

  record Reply(int status, String contentType, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  private Reply send(String method, String path, String body, String tenant) {
    return send(method, path, body, tenant, OPERATOR);
  }

  private Reply send(String method, String path, String body, String tenant, OperatorSecurity.Operator operator) {
    HttpRequest.Builder b = HttpRequest.newBuilder(api.baseUri().resolve(path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (tenant != null) {
      b.header("X-Tenant-ID", tenant);
    }
    b.header("Authorization", "Bearer " + operator.secret());
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private Reply send(String method, String path, String body) {
    return send(method, path, body, TENANT);
  }

  static String seedPlanRequest() {
    try (InputStream in = OperatorApiIntegrationTest.class.getResourceAsStream(
        "/examples/migration-plan-request.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private String createPlan() {
    Reply r = send("POST", "/api/v1/scenarios/order-flow/migration-plan", seedPlanRequest());
    assertThat(r.status).as(r.body).isEqualTo(201);
    return r.json().get("id").asText();
  }

  private static JsonNode anchor(JsonNode plan, String name) {
    for (JsonNode a : plan.at("/transformation_map/anchors")) {
      if (a.get("anchor_name").asText().equals(name)) {
        return a;
      }
    }
    throw new AssertionError("no anchor " + name + " in " + plan);
  }

  private static void assertError(Reply r, int status, String code, String messagePart) {
    assertThat(r.status).as(r.body).isEqualTo(status);
    assertThat(r.contentType).startsWith("application/json");
    JsonNode body = r.json();
    assertThat(body.get("error").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).contains(messagePart);
    assertThat(r.body).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(".java:");
  }

  // ------------------------------------------------------------------------------------------------ the seed's order

  @Test
  void the_seed_workflow_over_http_generate_review_configure_approve_deploy_monitor() {
    // Step 2: generate the migration plan
    Reply created = send("POST", "/api/v1/scenarios/order-flow/migration-plan", seedPlanRequest());
    assertThat(created.status).as(created.body).isEqualTo(201);
    assertThat(created.contentType).isEqualTo("application/json; charset=utf-8");
    JsonNode plan = created.json();
    String planId = plan.get("id").asText();
    assertThat(plan.get("scenario_id").asText()).isEqualTo("order-flow");
    assertThat(plan.get("from_version").asInt()).isEqualTo(1);
    assertThat(plan.get("to_version").asInt()).isEqualTo(2);
    assertThat(plan.get("status").asText()).isEqualTo("pending");
    assertThat(plan.get("created_by").asText()).isEqualTo("operator@example.com");
    JsonNode checkout = anchor(plan, "Checkout");
    assertThat(checkout.get("migration_scenario").asText()).isEqualTo("re_route");
    assertThat(checkout.at("/upstream_changes/inserted_nodes/0/node_name").asText()).isEqualTo("Age Verification");
    assertThat(checkout.at("/upstream_changes/inserted_nodes/0/collects_fields/0").asText()).isEqualTo("age");
    assertThat(plan.at("/summary/total_anchors").asInt()).isEqualTo(4);
    assertThat(plan.at("/summary/estimated_sessions_affected").asInt()).isEqualTo(6);
    String checkoutHash = checkout.get("anchor_content_hash").asText();

    // Step 3: review the summary
    Reply summary = send("GET", "/api/v1/migration-plans/" + planId + "/summary", null);
    assertThat(summary.status).isEqualTo(200);
    JsonNode s = summary.json();
    assertThat(s.get("plan_id").asText()).isEqualTo(planId);
    assertThat(s.get("anchors_with_clean_graft").asInt()).isEqualTo(1);
    assertThat(s.get("anchors_with_gap_fill").asInt()).isZero();
    assertThat(s.get("anchors_with_re_route").asInt()).isEqualTo(3);
    List<String> messages = new ArrayList<>();
    s.get("warnings").forEach(w -> messages.add(w.get("severity").asText() + ": " + w.get("message").asText()));
    assertThat(messages).contains("info: Customers at 'Checkout' may be asked for 'age' if not in profile");

    // Step 4: the seed's policy body, keyed by the 12-character hash the review shows
    String shortHash = ContentHash.shortForm(checkoutHash);
    Reply policies = send("PUT", "/api/v1/migration-plans/" + planId + "/policies", """
        {
          "policies": {
            "%s": {
              "anchor_content_hash": "%s",
              "anchor_name": "Checkout",
              "scope_filter": {
                "include_channels": ["whatsapp"],
                "max_session_age_days": 30
              },
              "update_downstream": true
            }
          }
        }""".formatted(shortHash, shortHash));
    assertThat(policies.status).as(policies.body).isEqualTo(200);
    JsonNode policy = policies.json().at("/anchor_policies/" + checkoutHash);
    assertThat(policy.at("/scope_filter/include_channels/0").asText()).isEqualTo("whatsapp");
    assertThat(policy.at("/scope_filter/max_session_age_days").asInt()).isEqualTo(30);
    assertThat(policy.get("update_downstream").asBoolean()).isTrue();

    // Step 5: approve
    Reply approved = send("POST", "/api/v1/migration-plans/" + planId + "/approve",
        "{\"approved_by\": \"operator@example.com\"}");
    assertThat(approved.status).as(approved.body).isEqualTo(200);
    assertThat(approved.json().get("status").asText()).isEqualTo("approved");
    assertThat(approved.json().get("approved_by").asText()).isEqualTo("operator@example.com");

    // Step 6: deploy (no body, as in the seed): the web session at Checkout is out of the policy's scope
    Reply deployed = send("POST", "/api/v1/migration-plans/" + planId + "/deploy", null);
    assertThat(deployed.status).as(deployed.body).isEqualTo(200);
    JsonNode d = deployed.json();
    assertThat(d.get("plan_id").asText()).isEqualTo(planId);
    assertThat(d.get("sessions_marked").asInt()).isEqualTo(5);
    assertThat(d.at("/sessions_by_anchor/" + checkoutHash).asInt()).isEqualTo(1);
    assertThat(d.get("sessions_by_anchor").size()).isEqualTo(4);
    assertThat(d.get("deployed_at").asText()).isNotBlank();

    // Step 7: monitor; one customer comes back and is migrated just in time
    assertThat(api.migration().reconcile(TENANT, "s1")).isInstanceOf(Outcome.Teleport.class);
    Reply status = send("GET", "/api/v1/migration-plans/" + planId + "/deployment-status", null);
    assertThat(status.status).isEqualTo(200);
    JsonNode st = status.json();
    assertThat(st.get("plan_id").asText()).isEqualTo(planId);
    assertThat(st.get("status").asText()).isEqualTo("deployed");
    assertThat(st.get("sessions_marked").asInt()).isEqualTo(5);
    assertThat(st.get("migrations_applied").asInt()).isEqualTo(1);
    assertThat(st.get("migrations_pending").asInt()).isEqualTo(4);
    assertThat(st.at("/migrations_by_scenario/clean_graft").asInt()).isEqualTo(1);
    assertThat(st.at("/migrations_by_scenario/gap_fill").asInt()).isZero();
    assertThat(st.at("/migrations_by_scenario/re_route").asInt()).isZero();
    assertThat(st.get("checkpoint_blocks").asInt()).isZero();
    assertThat(st.get("deployed_at").asText()).isEqualTo(d.get("deployed_at").asText());
    assertThat(st.get("last_migration_at").asText()).isNotBlank();
  }

  @Test
  void the_plan_and_its_review_are_readable_as_json_text_markdown_and_mermaid() {
    String planId = createPlan();

    Reply plan = send("GET", "/api/v1/migration-plans/" + planId, null);
    assertThat(plan.status).isEqualTo(200);
    assertThat(plan.json().get("id").asText()).isEqualTo(planId);

    Reply text = send("GET", "/api/v1/migration-plans/" + planId + "/report", null);
    assertThat(text.status).isEqualTo(200);
    assertThat(text.contentType).startsWith("text/plain");
    assertThat(text.body).startsWith("Migration plan " + planId + ": order-flow v1 -> v2 [pending]\n")
        .contains("FIELDS TO COLLECT\n  age         at Checkout, Payment, Confirm\n");

    Reply md = send("GET", "/api/v1/migration-plans/" + planId + "/report?format=markdown", null);
    assertThat(md.status).isEqualTo(200);
    assertThat(md.contentType).startsWith("text/markdown");
    assertThat(md.body).contains("### Fields to collect");

    Reply mermaid = send("GET", "/api/v1/migration-plans/" + planId + "/report?format=mermaid", null);
    assertThat(mermaid.status).isEqualTo(200);
    assertThat(mermaid.body).startsWith("flowchart LR\n  subgraph src[\"Order Flow v1\"]\n")
        .contains("-->|\"age #60; 18\"|");

    assertError(send("GET", "/api/v1/migration-plans/" + planId + "/report?format=pdf", null), 400,
        "invalid_request", "format must be text, markdown or mermaid");
  }

  @Test
  void the_request_resource_is_version_2_of_the_demo_in_the_seed_shape() throws IOException {
    ObjectNode scenario = (ObjectNode) JSON.readTree(seedPlanRequest()).get("new_scenario");
    assertThat(scenario.has("scenario_id")).isFalse();
    scenario.put("scenario_id", DemoScenarios.SCENARIO_ID);

    assertThat(ScenarioJson.read(scenario.toString()).checksum()).isEqualTo(DemoScenarios.v2().checksum());
  }

  @Test
  void a_new_scenario_without_version_becomes_the_next_version() throws IOException {
    ObjectNode body = (ObjectNode) JSON.readTree(seedPlanRequest());
    ((ObjectNode) body.get("new_scenario")).remove("version");
    ((ObjectNode) body.get("new_scenario")).put("scenario_id", "order-flow");

    Reply r = send("POST", "/api/v1/scenarios/order-flow/migration-plan", body.toString());

    assertThat(r.status).as(r.body).isEqualTo(201);
    assertThat(r.json().get("to_version").asInt()).isEqualTo(2);
  }

  // ------------------------------------------------------------------------------------------------ bad requests

  @Test
  void malformed_json_is_a_400_that_says_where() {
    assertError(send("POST", "/api/v1/scenarios/order-flow/migration-plan", "{\"new_scenario\": {\"steps\": [}"), 400,
        "malformed_json", "line 1, column");
    assertError(send("POST", "/api/v1/scenarios/order-flow/migration-plan", ""), 400, "malformed_json",
        "the request body is empty");
    assertError(send("POST", "/api/v1/scenarios/order-flow/migration-plan", "[1, 2]"), 400, "invalid_request",
        "must be a JSON object");
  }

  @Test
  void a_missing_tenant_header_is_a_400_and_an_unknown_tenant_a_404() {
    assertError(send("GET", "/api/v1/migration-plans/whatever/summary", null, null), 400, "missing_tenant",
        "X-Tenant-ID");
    assertError(send("GET", "/api/v1/migration-plans/whatever/summary", null, " "), 400, "missing_tenant",
        "X-Tenant-ID");
    assertError(send("GET", "/api/v1/migration-plans/whatever/summary", null, "tenant-2"), 404, "unknown_tenant",
        "tenant-2");
  }

  @Test
  void an_unknown_plan_scenario_or_path_is_a_404() {
    assertError(send("GET", "/api/v1/migration-plans/no-such-plan/summary", null), 404, "unknown_plan",
        "no-such-plan");
    assertError(send("GET", "/api/v1/migration-plans/no-such-plan/deployment-status", null), 404, "unknown_plan",
        "no-such-plan");
    assertError(send("POST", "/api/v1/migration-plans/no-such-plan/approve", "{\"approved_by\": \"x\"}"), 404,
        "unknown_plan", "no-such-plan");
    assertError(send("POST", "/api/v1/scenarios/no-such-flow/migration-plan",
        seedPlanRequest().replace("\"version\": 2", "\"scenario_id\": \"no-such-flow\", \"version\": 2")), 404,
        "unknown_scenario", "no-such-flow");
    assertError(send("GET", "/api/v1/nothing-here", null), 404, "not_found", "GET /api/v1/nothing-here");
  }

  @Test
  void a_plan_in_the_wrong_status_is_a_409() {
    String planId = createPlan();
    assertError(send("POST", "/api/v1/migration-plans/" + planId + "/deploy", null), 409, "illegal_status",
        "cannot deploy plan '" + planId + "' in status pending");

    send("POST", "/api/v1/migration-plans/" + planId + "/approve", "{\"approved_by\": \"lead@example.com\"}", TENANT,
        LEAD);
    assertError(send("POST", "/api/v1/migration-plans/" + planId + "/approve", "{\"approved_by\": \"x\"}"), 409,
        "illegal_status", "in status approved");
    assertError(send("PUT", "/api/v1/migration-plans/" + planId + "/policies", "{\"policies\": {}}"), 409,
        "illegal_status", "update policies");
  }

  @Test
  void requests_of_the_wrong_shape_are_400s_that_name_the_problem() {
    String planId = createPlan();
    assertError(send("POST", "/api/v1/scenarios/order-flow/migration-plan", "{\"created_by\": \"x\"}"), 400,
        "invalid_request", "new_scenario must be an object");
    assertError(send("POST", "/api/v1/scenarios/order-flow/migration-plan",
        "{\"new_scenario\": {\"version\": 3, \"steps\": {\"id\": \"a\"}}}"), 400, "invalid_request", "$.steps");
    assertError(send("POST", "/api/v1/scenarios/order-flow/migration-plan",
        "{\"new_scenario\": {\"scenario_id\": \"other-flow\", \"steps\": []}}"), 400, "scenario_id_mismatch",
        "other-flow");
    assertError(send("POST", "/api/v1/migration-plans/" + planId + "/approve", "{}"), 400, "invalid_request",
        "approved_by is required");
    assertError(send("POST", "/api/v1/migration-plans/" + planId + "/approve", "{\"approved_by\": 7}"), 400,
        "invalid_request", "approved_by must be a non-blank string");
    assertError(send("PUT", "/api/v1/migration-plans/" + planId + "/policies", "{\"policy\": {}}"), 400,
        "invalid_request", "policies must be an object");
    assertError(send("PUT", "/api/v1/migration-plans/" + planId + "/policies",
        "{\"policies\": {\"abc\": {\"scope_filter\": {\"max_session_age_days\": -1}}}}"), 400, "invalid_request",
        "max_session_age_days must not be negative");
    assertError(send("POST", "/api/v1/migration-plans/" + planId + "/deploy", "{\"rollout_percent\": 0}"), 400,
        "invalid_rollout", "between 1 and 100");
    assertError(send("POST", "/api/v1/migration-plans/" + planId + "/deploy", "{\"rollout_percent\": \"ten\"}"),
        400, "invalid_request", "rollout_percent must be an integer");
  }

  @Test
  void a_scenario_or_policy_the_library_rejects_is_a_422() {
    String planId = createPlan();
    assertError(send("POST", "/api/v1/scenarios/order-flow/migration-plan",
        "{\"new_scenario\": {\"version\": 3, \"steps\": [{\"id\": \"a\", \"transitions\": [{\"to_step_id\": "
            + "\"nowhere\"}]}]}}"), 422, "invalid_scenario", "transition to unknown step 'nowhere'");
    assertError(send("POST", "/api/v1/scenarios/order-flow/migration-plan",
        seedPlanRequest().replace("\"version\": 2", "\"version\": 1")), 422, "invalid_plan", "must be newer");
    assertError(send("PUT", "/api/v1/migration-plans/" + planId + "/policies",
        "{\"policies\": {\"0000000000000000\": {}}}"), 422, "invalid_policy", "has no anchor with content hash");
  }

  @Test
  void a_wrong_method_is_a_405_with_the_allowed_one() {
    String planId = createPlan();

    Reply r = send("GET", "/api/v1/migration-plans/" + planId + "/approve", null);

    assertError(r, 405, "method_not_allowed", "this endpoint takes POST, not GET");
    assertThat(r.raw.headers().firstValue("Allow")).hasValue("POST");
    assertThat(send("DELETE", "/api/v1/migration-plans/" + planId + "/policies", null).raw.headers()
        .firstValue("Allow")).hasValue("PUT");
  }

  @Test
  void a_body_over_one_mebibyte_is_a_413() {
    String huge = "{\"created_by\": \"" + "x".repeat(OperatorApi.MAX_BODY_BYTES) + "\"}";

    assertError(send("POST", "/api/v1/scenarios/order-flow/migration-plan", huge), 413, "payload_too_large",
        "exceeds");
  }

  @Test
  void the_server_listens_on_loopback_only() {
    assertThat(api.baseUri()).isEqualTo(URI.create("http://127.0.0.1:" + api.port()));
    assertThat(api.port()).isPositive();
  }

  @Test
  void the_drain_status_of_versions_is_json_and_a_version_that_is_not_safe_is_not_retired_without_force() {
    String planId = createPlan();
    send("POST", "/api/v1/migration-plans/" + planId + "/approve", "{\"approved_by\": \"operator@example.com\"}");
    assertThat(send("POST", "/api/v1/migration-plans/" + planId + "/deploy", null).status).isEqualTo(200);
    assertThat(api.migration().reconcile(TENANT, "s1")).isInstanceOf(Outcome.Teleport.class);

    Reply one = send("GET", "/api/v1/scenarios/order-flow/versions/1/status", null);

    assertThat(one.status).as(one.body).isEqualTo(200);
    JsonNode s = one.json();
    assertThat(s.get("scenario_id").asText()).isEqualTo("order-flow");
    assertThat(s.get("version").asInt()).isEqualTo(1);
    assertThat(s.get("current").asBoolean()).isFalse();
    assertThat(s.at("/sessions/total").asInt()).isEqualTo(5);
    assertThat(s.at("/sessions/pending").asInt()).isEqualTo(5);
    assertThat(s.at("/sessions/pinned").asInt()).isZero();
    assertThat(s.at("/plans/0/plan_id").asText()).isEqualTo(planId);
    assertThat(s.at("/plans/0/status").asText()).isEqualTo("deployed");
    assertThat(s.at("/plans/0/sessions_to_settle").asInt()).isEqualTo(5);
    assertThat(s.at("/plans/0/holds_version").asBoolean()).isTrue();
    assertThat(s.get("safe_to_retire").asBoolean()).isFalse();
    assertThat(s.at("/reasons/1").asText()).isEqualTo("5 sessions still on it (0 pinned, 5 pending a migration)");

    Reply all = send("GET", "/api/v1/scenarios/order-flow/versions", null);
    assertThat(all.status).isEqualTo(200);
    assertThat(all.json().at("/versions/0")).isEqualTo(s);
    assertThat(all.json().at("/versions/1/current").asBoolean()).isTrue();
    assertThat(all.json().at("/versions/1/reasons/0").asText()).isEqualTo("it is the current version");

    assertError(send("POST", "/api/v1/scenarios/order-flow/versions/1/retire", null), 409, "not_retirable",
        "5 sessions still on it");
    assertError(send("POST", "/api/v1/scenarios/order-flow/versions/2/retire", "{\"force\": true}"), 409,
        "not_retirable", "it is the current version");
    assertError(send("GET", "/api/v1/scenarios/order-flow/versions/7/status", null), 404, "unknown_scenario",
        "version 7");
    assertError(send("POST", "/api/v1/scenarios/order-flow/versions/1/status", null), 405, "method_not_allowed",
        "GET");
    Reply forced = send("POST", "/api/v1/scenarios/order-flow/versions/1/retire", "{\"force\": true}");
    assertThat(forced.status).as(forced.body).isEqualTo(200);
    assertThat(forced.json().at("/retired_versions/0").asText()).isEqualTo("order-flow@1");
  }

  @Test
  void a_deploy_request_with_a_rollout_block_deploys_its_first_step_and_the_status_shows_the_rollout() {
    String planId = createPlan();
    assertThat(send("POST", "/api/v1/migration-plans/" + planId + "/approve", "{\"approved_by\": \"lead\"}").status)
        .isEqualTo(200);
    assertError(send("POST", "/api/v1/migration-plans/" + planId + "/deploy",
        "{\"rollout\": {\"steps\": [{\"percent\": 50}, {\"percent\": 10}]}}"), 422, "invalid_plan",
        "10 follows 50");
    assertError(send("POST", "/api/v1/migration-plans/" + planId + "/deploy",
        "{\"rollout\": {\"steps\": [{\"percent\": 5}], \"gates\": {\"failure_rate\": \"high\"}}}"), 400,
        "invalid_request", "$.gates.failure_rate");

    Reply deployed = send("POST", "/api/v1/migration-plans/" + planId + "/deploy", """
        {"rollout": {
          "steps": [{"percent": 10, "min_duration_seconds": 3600, "min_migrated_sessions": 5}, {"percent": 100}],
          "gates": {"failure_rate": 0.05, "disruption_rate": 0.3},
          "auto_rollback": true}}""");
    assertThat(deployed.status).as(deployed.body).isEqualTo(200);

    JsonNode st = send("GET", "/api/v1/migration-plans/" + planId + "/deployment-status", null).json();
    assertThat(st.get("rollout_percent").asInt()).isEqualTo(10);
    JsonNode r = st.get("rollout");
    assertThat(r.get("phase").asText()).isEqualTo("running");
    assertThat(r.get("current_step").asInt()).isZero();
    assertThat(r.get("current_percent").asInt()).isEqualTo(10);
    assertThat(r.get("auto_rollback").asBoolean()).isTrue();
    assertThat(r.get("gates")).hasSize(2);
    assertThat(r.at("/gates/0/gate").asText()).isEqualTo("disruption_rate");
    assertThat(r.at("/gates/0/threshold").asDouble()).isEqualTo(0.3);
    assertThat(r.at("/gates/0/passing").asBoolean()).isTrue();
    assertThat(r.at("/history/0/percent").asInt()).isEqualTo(10);
    assertThat(r.at("/history/0/entered_at").asText()).isNotBlank();
    assertThat(r.get("halted_reason").isNull()).isTrue();
  }

  @Test
  void an_operator_moves_a_session_over_http_after_a_dry_run_and_a_checkpoint_refuses_a_move() {
    String body = "{\"version\": 1, \"step_id\": \"checkout\", \"moved_by\": \"operator@example.com\", "
        + "\"dry_run\": true}";
    Reply dry = send("POST", "/api/v1/sessions/s1/move", body);
    assertThat(dry.status).as(dry.body).isEqualTo(200);
    assertThat(dry.json().get("dry_run").asBoolean()).isTrue();
    assertThat(dry.json().get("would_move").asInt()).isEqualTo(1);
    assertThat(dry.json().at("/items/0/status").asText()).isEqualTo("would_move");
    assertThat(api.migration().session(TENANT, "s1").currentStepId()).isEqualTo("welcome");

    Reply moved = send("POST", "/api/v1/sessions/s1/move", body.replace("true", "false"));
    assertThat(moved.status).as(moved.body).isEqualTo(200);
    assertThat(moved.json().at("/items/0/status").asText()).isEqualTo("moved");
    assertThat(moved.json().at("/items/0/outcome").asText()).isEqualTo("teleport");
    assertThat(moved.json().at("/items/0/effect_id").asText()).isNotBlank();
    assertThat(api.migration().session(TENANT, "s1").currentStepId()).isEqualTo("checkout");

    // s5 paid: a move back before the payment would take it again
    Reply refused = send("POST", "/api/v1/sessions/s5/move", body.replace("true", "false"));
    assertThat(refused.status).as(refused.body).isEqualTo(200);
    assertThat(refused.json().at("/items/0/status").asText()).isEqualTo("refused");
    assertThat(refused.json().at("/items/0/reason").asText()).contains("Payment").contains("would run again");

    assertError(send("POST", "/api/v1/sessions/nobody/move", body), 404, "unknown_session", "nobody");
    assertError(send("POST", "/api/v1/sessions/s1/move", body.replace("checkout", "nowhere")), 404, "unknown_step",
        "nowhere");
    assertError(send("POST", "/api/v1/sessions/s1/move", "{\"version\": \"one\"}"), 400, "invalid_request",
        "version");
    assertError(send("GET", "/api/v1/sessions/s1/move", null), 405, "method_not_allowed", "POST");
  }

  @Test
  void variable_mappings_are_set_with_a_put_shown_in_the_plan_and_refused_with_a_422_naming_the_field() {
    String plan = createPlan();

    Reply set = send("PUT", "/api/v1/migration-plans/" + plan + "/variable-mappings",
        "{\"variable_mappings\": [{\"type\": \"default\", \"field\": \"tier\", \"value\": \"standard\"},"
        + " {\"type\": \"default\", \"field\": \"price\", \"value\": {\"$decimal\": \"9.90\"}}]}");

    assertThat(set.status).as(set.body).isEqualTo(200);
    JsonNode mappings = send("GET", "/api/v1/migration-plans/" + plan, null).json().get("variable_mappings");
    assertThat(mappings).hasSize(2);
    assertThat(mappings.get(0).get("type").asText()).isEqualTo("default");
    assertThat(mappings.get(0).get("value").asText()).isEqualTo("standard");
    assertThat(mappings.get(1).at("/value/$decimal").asText()).isEqualTo("9.90");
    assertError(send("PUT", "/api/v1/migration-plans/" + plan + "/variable-mappings",
        "{\"variable_mappings\": [{\"type\": \"rename\", \"from\": \"shoe_size\", \"to\": \"size\"}]}"),
        422, "invalid_mapping", "'shoe_size'");
    assertError(send("PUT", "/api/v1/migration-plans/" + plan + "/variable-mappings",
        "{\"variable_mappings\": [{\"type\": \"swap\", \"field\": \"x\"}]}"), 400, "invalid_request", "swap");
    assertThat(send("GET", "/api/v1/migration-plans/" + plan, null).json().get("variable_mappings")).hasSize(2);
    assertThat(send("POST", "/api/v1/migration-plans/" + plan + "/variable-mappings", "{}").status).isEqualTo(405);
  }
}
