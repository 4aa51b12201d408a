package org.scenariomigration.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scenariomigration.examples.OperatorSecurity.Limits;
import org.scenariomigration.examples.OperatorSecurity.Operator;
import org.scenariomigration.runtime.ScenarioMigration;

/**
 * The operator API's door (issue 23, section 3): credentials, tenant grants, CSRF, security headers, limits and the
 * approver's identity, over HTTP against two tenants with the demo's order flow each.
 */
class OperatorApiSecurityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Operator ALICE = new Operator("alice@example.com", "alice-secret-0123456789",
      Set.of("tenant-1"));
  private static final Operator BOB = new Operator("bob@example.com", "bob-secret-0123456789ab", Set.of("tenant-2"));
  private static final int BURST = 40;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicLong ticker = new AtomicLong();
  private DemoDatabase db;
  private ScenarioMigration migration;
  private OperatorApi api;

  @BeforeEach
  void start() {
    db = DemoDatabase.open("jdbc:h2:mem:operator-api-security;DB_CLOSE_DELAY=-1", Clock.systemUTC());
    migration = db.wire(ScenarioMigration.builder()).build();
    migration.publish("tenant-1", DemoScenarios.v1());
    migration.publish("tenant-2", DemoScenarios.v1());
    OperatorSecurity security = OperatorSecurity.of(List.of(ALICE, BOB))
        .withLimits(new Limits(4096, 8, BURST, 1.0, ticker::get));
    api = OperatorApi.start(migration, db.stores().scenarioStore(), Set.of(), security, "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    api.close();
    db.close();
  }

  // ------------------------------------------------------------------------------------------------ http

  record Reply(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  private Reply send(String method, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(api.baseUri().resolve(path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Map<String, String> as(Operator o, String tenant) {
    return Map.of("Authorization", "Bearer " + o.secret(), "X-Tenant-ID", tenant);
  }

  private String createPlan(Operator o, String tenant) {
    Reply r = send("POST", "/api/v1/scenarios/order-flow/migration-plan",
        OperatorApiIntegrationTest.seedPlanRequest(), as(o, tenant));
    assertThat(r.status).as(r.body).isEqualTo(201);
    return r.json().get("id").asText();
  }

  private static void assertError(Reply r, int status, String code, String messagePart) {
    assertThat(r.status).as(r.body).isEqualTo(status);
    assertThat(r.json().get("error").asText()).as(r.body).isEqualTo(code);
    assertThat(r.json().get("message").asText()).contains(messagePart);
  }

  /** Logs in; the session cookie ({@code name=value}) and the CSRF token. */
  private String[] login(Operator o) {
    Reply r = send("POST", "/api/v1/login", "{\"operator\": \"" + o.name() + "\", \"secret\": \"" + o.secret()
        + "\"}", Map.of());
    assertThat(r.status).as(r.body).isEqualTo(200);
    String setCookie = r.header("Set-Cookie");
    assertThat(setCookie).startsWith(OperatorGuard.SESSION_COOKIE + "=").contains("HttpOnly")
        .contains("SameSite=Strict");
    return new String[] {setCookie.substring(0, setCookie.indexOf(';')), r.json().get("csrf_token").asText()};
  }

  // ------------------------------------------------------------------------------------------------ credentials

  @Test
  void a_request_without_credentials_is_a_401_that_says_how_to_authenticate() {
    Reply r = send("GET", "/api/v1/scenarios/order-flow/versions", null, Map.of("X-Tenant-ID", "tenant-1"));

    assertError(r, 401, "unauthorized", "credentials are required");
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void a_wrong_bearer_token_or_basic_password_is_a_401_and_the_right_basic_credentials_pass() {
    String path = "/api/v1/scenarios/order-flow/versions";
    assertError(send("GET", path, null, Map.of("Authorization", "Bearer not-a-token-of-anyone",
        "X-Tenant-ID", "tenant-1")), 401, "unauthorized", "not those of any operator");
    String wrong = Base64.getEncoder().encodeToString("alice@example.com:bob-secret-0123456789ab".getBytes(
        StandardCharsets.UTF_8));
    assertError(send("GET", path, null, Map.of("Authorization", "Basic " + wrong, "X-Tenant-ID", "tenant-1")), 401,
        "unauthorized", "not those of any operator");

    String right = Base64.getEncoder().encodeToString(("alice@example.com:" + ALICE.secret()).getBytes(
        StandardCharsets.UTF_8));
    assertThat(send("GET", path, null, Map.of("Authorization", "Basic " + right, "X-Tenant-ID", "tenant-1")).status)
        .isEqualTo(200);
  }

  @Test
  void a_login_with_a_wrong_secret_is_a_401_and_a_logged_out_session_is_refused() {
    assertError(send("POST", "/api/v1/login", "{\"operator\": \"alice@example.com\", \"secret\": \"guess-guess\"}",
        Map.of()), 401, "unauthorized", "operator name or secret is wrong");
    String[] session = login(ALICE);
    Reply who = send("GET", "/api/v1/session", null, Map.of("Cookie", session[0]));
    assertThat(who.json().get("operator").asText()).isEqualTo("alice@example.com");
    assertThat(who.json().get("csrf_token").asText()).isEqualTo(session[1]);

    assertThat(send("POST", "/api/v1/logout", null, Map.of("Cookie", session[0], "X-CSRF-Token", session[1])).status)
        .isEqualTo(200);

    assertError(send("GET", "/api/v1/session", null, Map.of("Cookie", session[0])), 401, "unauthorized",
        "logged out");
  }

  // ------------------------------------------------------------------------------------------------ CSRF

  @Test
  void a_cookie_session_post_without_its_csrf_token_is_a_403_and_with_it_goes_through() {
    String[] session = login(ALICE);
    String body = OperatorApiIntegrationTest.seedPlanRequest();
    String path = "/api/v1/scenarios/order-flow/migration-plan";

    assertError(send("POST", path, body, Map.of("Cookie", session[0], "X-Tenant-ID", "tenant-1")), 403,
        "csrf_token_invalid", "it is missing");
    assertError(send("POST", path, body, Map.of("Cookie", session[0], "X-Tenant-ID", "tenant-1",
        "X-CSRF-Token", "forged")), 403, "csrf_token_invalid", "it does not match");

    assertThat(send("POST", path, body, Map.of("Cookie", session[0], "X-Tenant-ID", "tenant-1",
        "X-CSRF-Token", session[1])).status).isEqualTo(201);
  }

  @Test
  void a_state_changing_request_from_another_origin_is_a_403_whatever_its_credentials() {
    String[] session = login(ALICE);
    String path = "/api/v1/scenarios/order-flow/migration-plan";
    String body = OperatorApiIntegrationTest.seedPlanRequest();

    assertError(send("POST", path, body, Map.of("Cookie", session[0], "X-Tenant-ID", "tenant-1",
        "X-CSRF-Token", session[1], "Origin", "https://evil.example")), 403, "cross_origin", "evil.example");
    assertError(send("POST", path, body, Map.of("Authorization", "Bearer " + ALICE.secret(),
        "X-Tenant-ID", "tenant-1", "Origin", "https://evil.example")), 403, "cross_origin", "evil.example");

    String own = api.baseUri().toString();
    assertThat(send("POST", path, body, Map.of("Cookie", session[0], "X-Tenant-ID", "tenant-1",
        "X-CSRF-Token", session[1], "Origin", own)).status).isEqualTo(201);
  }

  // ------------------------------------------------------------------------------------------------ tenants

  @Test
  void an_operator_gets_the_same_404_for_another_tenants_plan_or_tenant_as_for_unknown_ones() {
    String bobsPlan = createPlan(BOB, "tenant-2");
    String alicesPlan = createPlan(ALICE, "tenant-1");

    Reply otherPlan = send("GET", "/api/v1/migration-plans/" + bobsPlan + "/summary", null, as(ALICE, "tenant-1"));
    Reply unknownPlan = send("GET", "/api/v1/migration-plans/" + alicesPlan.replace('-', '0') + "/summary", null,
        as(ALICE, "tenant-1"));
    assertError(otherPlan, 404, "unknown_plan", bobsPlan);
    assertThat(otherPlan.body.replace(bobsPlan, "ID"))
        .isEqualTo(unknownPlan.body.replace(alicesPlan.replace('-', '0'), "ID"));

    Reply otherTenant = send("GET", "/api/v1/migration-plans/" + bobsPlan + "/summary", null, as(ALICE, "tenant-2"));
    Reply unknownTenant = send("GET", "/api/v1/migration-plans/" + bobsPlan + "/summary", null,
        as(ALICE, "tenant-9"));
    assertError(otherTenant, 404, "unknown_tenant", "tenant-2");
    assertThat(otherTenant.body.replace("tenant-2", "T")).isEqualTo(unknownTenant.body.replace("tenant-9", "T"));

    assertError(send("POST", "/api/v1/migration-plans/" + bobsPlan + "/approve",
        "{\"approved_by\": \"alice@example.com\"}", as(ALICE, "tenant-2")), 404, "unknown_tenant", "tenant-2");
    assertThat(migration.operations().plan("tenant-2", bobsPlan).status().jsonName()).isEqualTo("pending");
  }

  @Test
  void the_approver_is_the_authenticated_operator_whatever_the_body_says() {
    String planId = createPlan(ALICE, "tenant-1");

    Reply approved = send("POST", "/api/v1/migration-plans/" + planId + "/approve",
        "{\"approved_by\": \"mallory@example.com\"}", as(ALICE, "tenant-1"));

    assertThat(approved.status).as(approved.body).isEqualTo(200);
    assertThat(approved.json().get("approved_by").asText()).isEqualTo("alice@example.com");
    assertThat(migration.operations().plan("tenant-1", planId).approvedBy()).isEqualTo("alice@example.com");
  }

  // ------------------------------------------------------------------------------------------------ headers, limits

  @Test
  void every_response_carries_the_content_security_policy_and_the_other_security_headers() {
    String[] session = login(ALICE);
    List<Reply> replies = new ArrayList<>();
    replies.add(send("GET", "/api/v1/scenarios/order-flow/versions", null, as(ALICE, "tenant-1")));   // 200
    replies.add(send("GET", "/api/v1/scenarios/order-flow/versions", null, Map.of()));                // 401
    replies.add(send("GET", "/api/v1/nothing-here", null, as(ALICE, "tenant-1")));                    // 404
    replies.add(send("DELETE", "/api/v1/scenarios/order-flow/versions", null, as(ALICE, "tenant-1"))); // 405
    replies.add(send("POST", "/api/v1/logout", null, Map.of("Cookie", session[0])));                  // 403
    replies.add(send("GET", "/console/", null, Map.of()));                                            // the page
    replies.add(send("GET", "/api/v1/migration-plans/x/report", null, as(ALICE, "tenant-1")));       // text 404

    assertThat(replies).extracting(Reply::status).contains(200, 401, 404, 405, 403);
    for (Reply r : replies) {
      assertThat(r.header("Content-Security-Policy")).as(r.raw.uri() + " " + r.status)
          .isEqualTo(OperatorGuard.CSP).contains("default-src 'self'").contains("frame-ancestors 'none'")
          .doesNotContain("unsafe-inline");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    }
  }

  @Test
  void a_body_over_the_limit_is_a_413_and_json_nested_too_deep_a_400() {
    String path = "/api/v1/scenarios/order-flow/migration-plan";

    assertError(send("POST", path, "{\"created_by\": \"" + "x".repeat(5000) + "\"}", as(ALICE, "tenant-1")), 413,
        "payload_too_large", "exceeds 4096 bytes");
    assertError(send("POST", path, "{\"a\":".repeat(9) + "1" + "}".repeat(9), as(ALICE, "tenant-1")), 400,
        "json_too_deep", "deeper than 8 levels");
    assertError(send("POST", path, "{\"a\":".repeat(8) + "1" + "}".repeat(8), as(ALICE, "tenant-1")), 400,
        "invalid_request", "new_scenario must be an object");
  }

  @Test
  void a_client_over_its_rate_gets_a_429_until_its_bucket_refills() {
    String path = "/api/v1/scenarios/order-flow/versions";
    for (int i = 0; i < BURST; i++) {
      assertThat(send("GET", path, null, as(ALICE, "tenant-1")).status).isEqualTo(200);
    }

    Reply refused = send("GET", path, null, as(ALICE, "tenant-1"));
    assertError(refused, 429, "rate_limited", "too many requests from");
    assertThat(refused.header("Retry-After")).isEqualTo("1");

    ticker.addAndGet(Duration.ofSeconds(1).toNanos());   // one request a second: one token back
    assertThat(send("GET", path, null, as(ALICE, "tenant-1")).status).isEqualTo(200);
    assertThat(send("GET", path, null, as(ALICE, "tenant-1")).status).isEqualTo(429);
  }

  @Test
  void json_answers_keep_the_seeds_content_type_and_utf_8_text_on_javalin() {
    Reply r = send("POST", "/api/v1/scenarios/order-flow/migration-plan", OperatorApiIntegrationTest.seedPlanRequest()
        .replace("\"created_by\": \"operator@example.com\"", "\"created_by\": \"opérateur ✓\""), as(ALICE, "tenant-1"));

    assertThat(r.status).as(r.body).isEqualTo(201);
    assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(r.json().get("created_by").asText()).isEqualTo("opérateur ✓");
  }

  // ------------------------------------------------------------------------------------------------ start-up

  @Test
  void the_server_refuses_to_start_without_credentials_and_demo_mode_refuses_any_address_but_loopback() {
    OperatorSecurity none = OperatorSecurity.of(List.of());
    assertThatThrownBy(() -> OperatorApi.start(migration, null, Set.of(), none, "0.0.0.0", 0))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("refuses to start without credentials");
    assertThatThrownBy(() -> OperatorApi.start(migration, null, Set.of(), none, "127.0.0.1", 0))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("refuses to start without credentials");
    assertThatThrownBy(() -> OperatorApi.start(migration, null, Set.of(), OperatorSecurity.demo(Set.of("tenant-1")),
        "0.0.0.0", 0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("demo mode");

    try (OperatorApi demo = OperatorApi.start(migration, null, Set.of(), OperatorSecurity.demo(Set.of("tenant-1")),
        "127.0.0.1", 0)) {
      assertThat(demo.port()).isPositive();
    }
  }

  @Test
  void operators_are_read_from_the_configuration_value_and_a_bad_entry_is_named() {
    List<Operator> ops = OperatorSecurity.parseOperators(
        "alice@example.com:alice-secret-0123456789:tenant-1,tenant-2; bob:bob-secret-0123456789ab:tenant-3");

    assertThat(ops).extracting(Operator::name).containsExactly("alice@example.com", "bob");
    assertThat(ops.get(0).tenants()).containsExactlyInAnyOrder("tenant-1", "tenant-2");
    assertThat(ops.get(0).toString()).doesNotContain("alice-secret");
    assertThatThrownBy(() -> OperatorSecurity.parseOperators("carol:short:tenant-1"))
        .hasMessageContaining("secret of operator 'carol' must have 16 characters");
    assertThatThrownBy(() -> OperatorSecurity.parseOperators("dave-without-secret"))
        .hasMessageContaining("name:secret:tenant");
  }
}
