package org.scenariomigration.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scenariomigration.examples.spring.SpringHostApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Spring Boot host on PostgreSQL plays the README's quickstart over HTTP, with a pool of one connection (every
 * request's {@code @Transactional} work and the library's calls share it), in a schema of its own that is dropped at
 * the end. Skipped when PostgreSQL is unreachable, like the jdbc module's suites (failed with
 * {@code -Dsm.test.require-databases=true}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = SpringHostApplication.class)
class SpringHostPostgresTest {
  static final String SCHEMA = "sm_spring_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  static final String T = "tenant-1";

  static final String V1 = """
      {"format_version": 1, "scenario_id": "order-flow", "version": 1, "name": "Order Flow",
       "steps": [
         {"id": "welcome", "name": "Welcome", "transitions": [{"to_step_id": "checkout"}]},
         {"id": "checkout", "name": "Checkout", "transitions": [{"to_step_id": "confirm"}]},
         {"id": "confirm", "name": "Confirm"}]}
      """;

  /** The quickstart's version 2, and Loyalty Enrollment (a required action) before Confirm. */
  static final String V2 = """
      {"format_version": 1, "scenario_id": "order-flow", "version": 2, "name": "Order Flow",
       "steps": [
         {"id": "welcome", "name": "Welcome", "transitions": [{"to_step_id": "age_check"}]},
         {"id": "age_check", "name": "Age Verification", "collects_fields": ["age"],
          "transitions": [{"to_step_id": "checkout"}]},
         {"id": "checkout", "name": "Checkout", "transitions": [{"to_step_id": "loyalty"}]},
         {"id": "loyalty", "name": "Loyalty Enrollment", "is_required_action": true,
          "transitions": [{"to_step_id": "confirm"}]},
         {"id": "confirm", "name": "Confirm"}]}
      """;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @BeforeAll
  static void postgresql_is_reachable() {
    String url = DemoMainPostgresTest.url();
    assumeTrue(DemoMainPostgresTest.reachable(url), "PostgreSQL is not reachable at " + UrlDataSource.redact(url));
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    String url = DemoMainPostgresTest.url();
    registry.add("spring.datasource.url", () -> url + "&currentSchema=" + SCHEMA);
    registry.add("spring.flyway.schemas", () -> SCHEMA);
    // Flyway takes two connections at once: at start it gets its own, unpooled, so that the pool can be of one
    registry.add("spring.flyway.url", () -> url + "&currentSchema=" + SCHEMA);
    registry.add("spring.datasource.hikari.maximum-pool-size", () -> "1");
    registry.add("spring.datasource.hikari.connection-timeout", () -> "2000");
  }

  @AfterAll
  static void drop_the_schema() throws SQLException {
    String url = DemoMainPostgresTest.url();
    if (DemoMainPostgresTest.reachable(url)) {
      try (Connection c = new UrlDataSource(url).getConnection(); Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
      }
    }
  }

  JsonNode call(String method, String path, String body, int expectedStatus) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expectedStatus);
    return JSON.readTree(r.body());
  }

  JsonNode message(String session, String text, int expectedStatus) throws Exception {
    return call("POST", "/tenants/" + T + "/sessions/" + session + "/messages", "{\"text\": \"" + text + "\"}",
        expectedStatus);
  }

  @Test
  void the_readme_quickstart_over_http_with_a_transactional_host_on_a_pool_of_one() throws Exception {
    String t = "/tenants/" + T;
    call("POST", t + "/scenarios", V1, 200);
    call("POST", t + "/sessions/session-42", "{\"customer_id\": \"customer-7\", \"channel\": \"whatsapp\", "
        + "\"scenario_id\": \"order-flow\"}", 200);
    call("POST", t + "/sessions/session-42/steps/checkout", null, 200);
    call("PUT", t + "/customers/customer-7/profile/age", "{\"value\": 34}", 200);
    // a second session, at Confirm: version 2 owes it Loyalty Enrollment
    call("POST", t + "/sessions/session-43", "{\"customer_id\": \"customer-8\", \"channel\": \"whatsapp\", "
        + "\"scenario_id\": \"order-flow\"}", 200);
    call("POST", t + "/sessions/session-43/steps/checkout", null, 200);
    call("POST", t + "/sessions/session-43/steps/confirm", null, 200);
    call("PUT", t + "/customers/customer-8/profile/age", "{\"value\": 52}", 200);

    JsonNode plan = call("POST", t + "/plans", V2, 200);
    String id = plan.get("id").asText();
    assertThat(plan.get("summary").get("warnings").toString()).contains("age");
    call("PUT", t + "/plans/" + id + "/anchors/checkout/scope",
        "{\"include_channels\": [\"whatsapp\"], \"max_session_age_days\": 30}", 200);
    assertThat(call("POST", t + "/plans/" + id + "/approve", null, 200).get("status").asText()).isEqualTo("approved");
    assertThat(call("POST", t + "/plans/" + id + "/deploy", null, 200).get("sessions_marked").asInt()).isEqualTo(2);

    // the quickstart's answer: the age came from the profile, so a silent teleport to Checkout of version 2
    JsonNode teleport = message("session-42", "hello", 200);
    assertThat(teleport.get("outcome").asText()).isEqualTo("teleport");
    assertThat(teleport.get("target_step_id").asText()).isEqualTo("checkout");
    assertThat(teleport.get("target_version").asInt()).isEqualTo(2);
    // the session's state came with the outcome (reconcileWithState): where it now is
    assertThat(teleport.get("step_id").asText()).isEqualTo("checkout");
    assertThat(teleport.get("version").asInt()).isEqualTo(2);
    JsonNode continued = message("session-42", "hello again", 200);
    assertThat(continued.get("outcome").asText()).isEqualTo("continue");
    assertThat(continued.get("version").asInt()).isEqualTo(2);

    // the host's enrolment fails after execute_actions: its transaction rolls the migration back too
    message("session-43", "please fail", 500);
    JsonNode again = message("session-43", "hello", 200);
    assertThat(again.get("outcome").asText()).isEqualTo("execute_actions");
    assertThat(again.get("step_ids").toString()).isEqualTo("[\"loyalty\"]");
    assertThat(again.get("effect_id").asText()).isNotEmpty(); // owed; the commit of this message retired it
    assertThat(message("session-43", "thanks", 200).get("outcome").asText()).isEqualTo("continue");

    JsonNode health = call("GET", "/actuator/health", null, 200);
    assertThat(health.get("status").asText()).isEqualTo("UP");
    assertThat(health.get("components").get("scenarioMigration").get("details").get("schema_version").asInt())
        .isEqualTo(org.scenariomigration.jdbc.JdbcStores.latestSchemaVersion());
    JsonNode applied = call("GET", "/actuator/metrics/scenario_migration.migrations_applied?tag=engine:orders",
        null, 200);
    // the engine's counters are in memory, not in the host's transaction: the migration the host rolled back is
    // counted too (the journal, and so the deployment status, holds the two that committed)
    assertThat(applied.get("measurements").get(0).get("value").asDouble()).isEqualTo(3.0);
  }
}
