package org.scenariomigration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scenariomigration.scenario.ScenarioJson;

/**
 * The console's HTTP side (issue 23), without a browser: its static files under {@code /console/} (public, with the
 * guard's strict Content-Security-Policy and nothing from another origin), and the read-only version route its graphs
 * are drawn from (authenticated and tenant-checked like every API route).
 */
class ConsoleRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static DemoDatabase db;
  private static final OperatorSecurity.Operator OPERATOR = OperatorApiIntegrationTest.OPERATOR;
  private static OperatorApi api;

  @BeforeAll
  static void start() throws IOException {
    db = DemoDatabase.open("jdbc:h2:mem:console-routes-test;DB_CLOSE_DELAY=-1", Clock.systemUTC());
    api = OperatorApiMain.start(db, OperatorSecurity.of(List.of(OPERATOR)), "127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    api.close();
    db.close();
  }

  private static HttpResponse<String> get(String rawPath, String tenant) {
    return send("GET", rawPath, tenant);
  }

  /**
   * A request as the operator (bearer token) naming {@code tenant} (none when empty), or without credentials or tenant
   * when {@code tenant} is {@code null}.
   */
  private static HttpResponse<String> send(String method, String rawPath, String tenant) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.baseUri() + rawPath))
        .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
    if (tenant != null) {
      b.header("Authorization", "Bearer " + OPERATOR.secret());
    }
    if (tenant != null && !tenant.isEmpty()) {
      b.header(OperatorApi.TENANT_HEADER, tenant);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(method + " " + rawPath + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    return JSON.readTree(r.body());
  }

  private static String header(HttpResponse<String> r, String name) {
    return r.headers().firstValue(name).orElse("");
  }

  // ------------------------------------------------------------------------------------------------ static files

  @Test
  void the_console_page_is_served_under_console_with_a_strict_content_security_policy() {
    HttpResponse<String> page = get("/console/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(header(page, "Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(header(page, "Content-Security-Policy")).startsWith("default-src 'self';")
        .contains("script-src 'self'").contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(header(page, "X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.body()).contains("id=\"login-form\"").contains("type=\"password\"");
    assertThat(page.body()).contains("<title>scenario-migration operator console</title>");
    assertThat(get("/console/index.html", null).body()).isEqualTo(page.body());
  }

  @Test
  void console_without_its_slash_redirects_to_the_page() {
    HttpResponse<String> r = get("/console", null);
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(header(r, "Location")).isEqualTo("/console/");
  }

  @Test
  void every_script_and_stylesheet_of_the_page_is_its_own_file_served_from_the_console_folder() {
    String page = get("/console/", null).body();
    List<String> refs = new ArrayList<>();
    Matcher m = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(page);
    while (m.find()) {
      refs.add(m.group(1));
    }
    assertThat(refs).contains("console.css", "vendor/cytoscape.min.js", "review.js", "console.js");
    for (String ref : refs) {
      assertThat(ref).as("no CDN, no other origin").doesNotContain(":").doesNotStartWith("/");
      HttpResponse<String> r = get("/console/" + ref, null);
      assertThat(r.statusCode()).as(ref).isEqualTo(200);
      assertThat(header(r, "Content-Type")).as(ref).isEqualTo(ConsoleAssets.CONTENT_TYPES.get(
          ref.substring(ref.lastIndexOf('.') + 1)));
    }
  }

  @Test
  void the_page_has_no_inline_script_style_or_event_handler_and_its_scripts_never_write_markup() {
    String page = get("/console/", null).body();
    assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(page).find()).as("inline script").isFalse();
    assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(page).find())
        .as("inline event handler").isFalse();
    assertThat(page).doesNotContain("<style").doesNotContain(" style=");
    for (String script : List.of("console.js", "review.js")) {
      assertThat(get("/console/" + script, null).body()).as(script).doesNotContain("innerHTML")
          .doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML").doesNotContain("document.write")
          .doesNotContain("eval(");
    }
  }

  @Test
  void the_vendored_diagram_library_is_served_with_its_licence() {
    HttpResponse<String> lib = get("/console/vendor/cytoscape.min.js", null);
    assertThat(lib.statusCode()).isEqualTo(200);
    assertThat(lib.body()).startsWith("/**").contains("The Cytoscape Consortium");
    HttpResponse<String> licence = get("/console/vendor/cytoscape-LICENSE.txt", null);
    assertThat(licence.statusCode()).isEqualTo(200);
    assertThat(licence.body()).contains("Permission is hereby granted, free of charge");
  }

  @Test
  void a_file_outside_the_console_folder_a_folder_or_an_unknown_file_is_a_404_naming_it() throws IOException {
    for (String path : List.of("/console/..%2fOperatorApi.class", "/console/vendor", "/console/nope.js",
        "/console/%2e%2e/application.properties", "/console/.hidden.txt", "/console/vendor/../index.html")) {
      HttpResponse<String> r = get(path, null);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      JsonNode body = json(r);
      assertThat(body.get("error").asText()).isEqualTo("not_found");
      assertThat(body.get("message").asText()).startsWith("the console has no file '");
    }
  }

  @Test
  void a_head_request_answers_the_headers_of_the_file_without_its_body() {
    HttpResponse<String> r = send("HEAD", "/console/console.js", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(header(r, "Content-Security-Policy")).isEqualTo(OperatorGuard.CSP);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void a_post_to_the_console_is_a_405_that_names_the_methods_it_takes() throws IOException {
    HttpResponse<String> r = send("POST", "/console/index.html", null);
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(header(r, "Allow")).isEqualTo("GET, HEAD");
    assertThat(json(r).get("message").asText()).isEqualTo("the console's files take GET or HEAD, not POST");
  }

  // ------------------------------------------------------------------------------------------------ version route

  @Test
  void a_version_is_answered_as_the_librarys_scenario_json_with_its_steps_and_transitions() throws IOException {
    HttpResponse<String> r = get("/api/v1/scenarios/order-flow/versions/1", OperatorApiMain.TENANT);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode v = json(r);
    assertThat(v).isEqualTo(JSON.readTree(ScenarioJson.write(DemoScenarios.v1())));
    assertThat(v.get("start_step_id").asText()).isEqualTo("welcome");
    List<String> ids = new ArrayList<>();
    v.get("steps").forEach(s -> ids.add(s.get("id").asText()));
    assertThat(ids).containsExactly("welcome", "checkout", "payment", "confirm");
    assertThat(v.at("/steps/2/is_checkpoint").asBoolean()).isTrue();
    assertThat(v.at("/steps/0/transitions/0/to_step_id").asText()).isEqualTo("checkout");
  }

  @Test
  void an_unknown_version_or_scenario_is_a_404_naming_it() throws IOException {
    JsonNode version = json(get("/api/v1/scenarios/order-flow/versions/7", OperatorApiMain.TENANT));
    assertThat(version.get("error").asText()).isEqualTo("unknown_scenario");
    assertThat(version.get("message").asText()).contains("order-flow").contains("7");
    HttpResponse<String> scenario = get("/api/v1/scenarios/no-such-flow/versions/1", OperatorApiMain.TENANT);
    assertThat(scenario.statusCode()).isEqualTo(404);
    assertThat(json(scenario).get("message").asText()).contains("no-such-flow");
  }

  @Test
  void the_version_route_needs_credentials_and_a_granted_tenant_and_takes_only_get() throws Exception {
    HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.baseUri()
        + "/api/v1/scenarios/order-flow/versions/1")).header(OperatorApi.TENANT_HEADER, OperatorApiMain.TENANT).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(json(anonymous).get("error").asText()).isEqualTo("unauthorized");
    HttpResponse<String> noTenant = get("/api/v1/scenarios/order-flow/versions/1", "");
    assertThat(noTenant.statusCode()).isEqualTo(400);
    assertThat(json(noTenant).get("error").asText()).isEqualTo("missing_tenant");
    HttpResponse<String> otherTenant = get("/api/v1/scenarios/order-flow/versions/1", "tenant-2");
    assertThat(otherTenant.statusCode()).isEqualTo(404);
    assertThat(json(otherTenant).get("message").asText()).contains("tenant-2");
    HttpResponse<String> post = send("POST", "/api/v1/scenarios/order-flow/versions/1", OperatorApiMain.TENANT);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(header(post, "Allow")).isEqualTo("GET");
  }

  @Test
  void the_drain_status_routes_beside_it_answer_as_before() throws IOException {
    HttpResponse<String> all = get("/api/v1/scenarios/order-flow/versions", OperatorApiMain.TENANT);
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(json(all).at("/versions/0/version").asInt()).isEqualTo(1);
    HttpResponse<String> one = get("/api/v1/scenarios/order-flow/versions/1/status", OperatorApiMain.TENANT);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(json(one).get("current").asBoolean()).isTrue();
  }
}
