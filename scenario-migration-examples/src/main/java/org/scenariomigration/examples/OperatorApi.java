package org.scenariomigration.examples;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scenariomigration.ScenarioMigrationException;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.plan.InvalidPlanException;
import org.scenariomigration.scenario.InvalidScenarioException;
import org.scenariomigration.json.MalformedJsonException;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.RolloutJson;
import org.scenariomigration.plan.RolloutSchedule;
import org.scenariomigration.report.PlanReport;
import org.scenariomigration.policy.PolicyJson;
import org.scenariomigration.scenario.ScenarioJson;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.runtime.IllegalPlanStatusException;
import org.scenariomigration.runtime.InvalidRolloutException;
import org.scenariomigration.runtime.MigrationOperations;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.runtime.UnknownPlanException;
import org.scenariomigration.runtime.UnknownScenarioException;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.spi.DuplicateRecordException;
import org.scenariomigration.spi.ScenarioStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's operator API on the JDK's built-in {@link HttpServer}, no framework. Every request names its tenant in the
 * {@code X-Tenant-ID} header.
 *
 * <pre>
 * POST /api/v1/scenarios/{scenario_id}/migration-plan  {"new_scenario": {...}, "created_by": "..."}  201, plan
 * GET  /api/v1/migration-plans/{plan_id}                                                            the plan
 * GET  /api/v1/migration-plans/{plan_id}/summary                                                    the summary
 * PUT  /api/v1/migration-plans/{plan_id}/policies      {"policies": {hash: {...}}}                  the plan
 * POST /api/v1/migration-plans/{plan_id}/approve       {"approved_by": "..."}                       the plan
 * POST /api/v1/migration-plans/{plan_id}/deploy        optional {"rollout_percent": 10}             the deployment
 *                                                      or {"rollout": {"steps": [...], "gates": {...}}}
 * GET  /api/v1/migration-plans/{plan_id}/deployment-status                                          the status
 * GET  /api/v1/migration-plans/{plan_id}/report?format=text|markdown|mermaid                        the review
 * GET  /api/v1/scenarios/{scenario_id}/versions[/{version}/status], POST .../{version}/retire   drain status
 * PUT  /api/v1/migration-plans/{plan_id}/variable-mappings  {"variable_mappings": [{...}]}         the plan
 * GET  /api/v1/scenarios/{scenario_id}/versions/{version}                                         the version
 * GET  /console/                                            the operator console ({@link ConsoleAssets})
 * </pre>
 *
 * <p>The plan is {@code PlanJson} (the seed's migration-plan response); the deployment is {@code plan_id},
 * {@code sessions_marked}, {@code sessions_by_anchor}, {@code deployed_at}; the deployment status has the seed's
 * fields. A {@code new_scenario} without {@code scenario_id} takes the one of the path, and without {@code version}
 * the current version plus one. A policy key may be the 12-character short hash the review shows, when exactly one
 * anchor's hash starts with it.
 *
 * <p>Errors are JSON, {@code {"error": "<code>", "message": "<what was wrong>"}}: 400 for malformed JSON, a missing
 * {@code X-Tenant-ID} or a request of the wrong shape, 404 for an unknown tenant, scenario, plan or path, 405 for a
 * wrong method, 409 for a plan in the wrong status (or a version that exists with other content), 413 for a body over
 * 1 MiB, 422 for a scenario or policy the library rejects. An unexpected failure is a 500 with a generic message; its
 * stack trace goes to the log, never to the client.
 */
public final class OperatorApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorApi.class);
  static final String TENANT_HEADER = "X-Tenant-ID";
  static final int MAX_BODY_BYTES = 1 << 20;

  private static final Pattern NEW_PLAN = Pattern.compile("/api/v1/scenarios/([^/]+)/migration-plan");
  private static final Pattern PLAN = Pattern.compile(
      "/api/v1/migration-plans/([^/]+)(/summary|/policies|/approve|/deploy|/deployment-status|/report"
      + "|/variable-mappings)?");

  private final ScenarioMigration migration;
  private final MigrationOperations operations;
  private final ScenarioStore scenarios;
  private final Set<String> tenants;
  private final HttpServer server;
  private final ExecutorService executor;

  private OperatorApi(ScenarioMigration migration, ScenarioStore scenarios, Set<String> tenants, int port)
      throws IOException {
    this.migration = requireNonNull(migration, "migration");
    this.operations = migration.operations();
    this.scenarios = scenarios;
    this.tenants = Set.copyOf(tenants);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "operator-api-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts the API on 127.0.0.1.
   *
   * @param migration the engine
   * @param scenarios the engine's scenario store, for the Mermaid report (which draws both versions); {@code null}
   *     turns that format off
   * @param tenants the tenants the API serves; any tenant when empty
   * @param port the port; 0 for an ephemeral one (see {@link #port()})
   */
  public static OperatorApi start(ScenarioMigration migration, ScenarioStore scenarios, Set<String> tenants, int port)
      throws IOException {
    return new OperatorApi(migration, scenarios, tenants, port);
  }

  /** The engine it serves. */
  public ScenarioMigration migration() {
    return migration;
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Stops the server at once and its worker threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ------------------------------------------------------------------------------------------------ dispatch

  /** A 4xx answer: the status, the error code and the message. */
  static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    ApiError(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }

  private record Response(int status, String contentType, String body) {
    static Response json(int status, JsonNode node) {
      return new Response(status, "application/json; charset=utf-8", SeedJson.write(node));
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    if (ConsoleAssets.serve(ex)) { // the console's static files under /console/ (issue 23)
      return;
    }
    Response r;
    try {
      r = route(ex);
    } catch (ApiError e) {
      r = Response.json(e.status, SeedJson.error(e.code, e.getMessage()));
    } catch (RuntimeException e) {
      ApiError mapped = map(e);
      if (mapped == null) {
        LOG.error("operator API: {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
        r = Response.json(500, SeedJson.error("internal_error", "the server failed on this request; the stack "
            + "trace is in its log"));
      } else {
        r = Response.json(mapped.status, SeedJson.error(mapped.code, mapped.getMessage()));
      }
    }
    if (r.status == 405) {
      ex.getResponseHeaders().set("Allow", allowed(ex.getRequestURI().getPath()));
    }
    byte[] bytes = r.body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", r.contentType);
    ex.sendResponseHeaders(r.status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  /** The library's exceptions as 4xx answers; {@code null} for anything unexpected. */
  private static ApiError map(RuntimeException e) {
    if (e instanceof UnknownPlanException) {
      return new ApiError(404, "unknown_plan", e.getMessage());
    }
    if (e instanceof UnknownScenarioException) {
      return new ApiError(404, "unknown_scenario", e.getMessage());
    }
    if (e instanceof IllegalPlanStatusException) {
      return new ApiError(409, "illegal_status", e.getMessage());
    }
    if (e instanceof DuplicateRecordException || e instanceof ConcurrentUpdateException) {
      return new ApiError(409, "conflict", e.getMessage());
    }
    if (e instanceof org.scenariomigration.runtime.VersionNotRetirableException) {
      return new ApiError(409, "not_retirable", e.getMessage());
    }
    if (e instanceof InvalidRolloutException) {
      return new ApiError(400, "invalid_rollout", e.getMessage());
    }
    if (e instanceof MalformedJsonException) {
      return new ApiError(400, "invalid_request", e.getMessage());
    }
    if (e instanceof InvalidScenarioException) {
      return new ApiError(422, "invalid_scenario", e.getMessage());
    }
    if (e instanceof InvalidPlanException) {
      return new ApiError(422, "invalid_plan", e.getMessage());
    }
    if (e instanceof ScenarioMigrationException || e instanceof IllegalArgumentException) {
      return new ApiError(400, "invalid_request", e.getMessage());
    }
    return null;
  }

  private Response route(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    Matcher m = NEW_PLAN.matcher(path);
    if (m.matches()) {
      require(method, "POST");
      return generatePlan(tenant(ex), m.group(1), body(ex));
    }
    m = DrainRoutes.PATH.matcher(path);
    if (m.matches()) {
      require(method, DrainRoutes.allowed(m));
      String tenant = tenant(ex);
      String raw = method.equals("POST") ? body(ex) : "";
      return Response.json(200, DrainRoutes.handle(operations, m, tenant, raw.isBlank() ? null : object(raw)));
    }
    m = MoveRoute.PATH.matcher(path);
    if (m.matches()) {
      require(method, "POST");
      return Response.json(200, MoveRoute.move(operations, tenant(ex), m, object(body(ex))));
    }
    m = ScenarioVersionRoute.PATH.matcher(path);
    if (m.matches()) { // a version's steps, for the console's graphs (issue 23)
      require(method, "GET");
      return Response.json(200, ScenarioVersionRoute.version(migration, tenant(ex), m));
    }
    m = PLAN.matcher(path);
    if (!m.matches()) {
      throw new ApiError(404, "not_found", "no such endpoint: " + method + " " + path);
    }
    String planId = m.group(1);
    String action = m.group(2) == null ? "" : m.group(2);
    switch (action) {
      case "" -> {
        require(method, "GET");
        return Response.json(200, SeedJson.plan(operations.plan(tenant(ex), planId)));
      }
      case "/summary" -> {
        require(method, "GET");
        return Response.json(200, SeedJson.summary(operations.plan(tenant(ex), planId)));
      }
      case "/policies" -> {
        require(method, "PUT");
        return updatePolicies(tenant(ex), planId, body(ex));
      }
      case "/approve" -> {
        require(method, "POST");
        String tenant = tenant(ex);
        JsonNode body = object(body(ex));
        String by = text(body, "approved_by", true);
        return Response.json(200, SeedJson.plan(operations.approve(tenant, planId, by)));
      }
      case "/deploy" -> {
        require(method, "POST");
        String tenant = tenant(ex);
        String raw = body(ex);
        int percent = 100;
        JsonNode rollout = raw.isBlank() ? null : object(raw).get("rollout");
        if (rollout != null && !rollout.isNull()) {
          // a progressive rollout (issue 19): steps, health gates, auto_rollback, in the seed's style
          RolloutSchedule schedule = RolloutJson.readSchedule(rollout.toString());
          return Response.json(200, SeedJson.deployment(operations.deploy(tenant, planId, schedule)));
        }
        if (!raw.isBlank()) {
          JsonNode p = object(raw).get("rollout_percent");
          if (p != null && !p.isNull()) {
            if (!p.canConvertToInt() || !p.isIntegralNumber()) {
              throw new ApiError(400, "invalid_request", "rollout_percent must be an integer from 1 to 100 but was "
                  + p);
            }
            percent = p.intValue();
          }
        }
        return Response.json(200, SeedJson.deployment(operations.deploy(tenant, planId, percent)));
      }
      case "/deployment-status" -> {
        require(method, "GET");
        return Response.json(200, SeedJson.status(operations.deploymentStatus(tenant(ex), planId)));
      }
      case "/report" -> {
        require(method, "GET");
        return report(tenant(ex), planId, query(ex, "format", "text"));
      }
      case "/variable-mappings" -> {
        require(method, "PUT");
        return updateMappings(tenant(ex), planId, body(ex));
      }
      default -> throw new ApiError(404, "not_found", "no such endpoint: " + method + " " + path);
    }
  }

  private static String allowed(String path) {
    if (NEW_PLAN.matcher(path).matches() || MoveRoute.PATH.matcher(path).matches()) {
      return "POST";
    }
    Matcher drain = DrainRoutes.PATH.matcher(path);
    if (drain.matches()) {
      return DrainRoutes.allowed(drain);
    }
    Matcher m = PLAN.matcher(path);
    if (!m.matches() || m.group(2) == null) {
      return "GET";
    }
    return switch (m.group(2)) {
      case "/policies" -> "PUT";
      case "/approve", "/deploy" -> "POST";
      case "/variable-mappings" -> "PUT";
      default -> "GET";
    };
  }

  private static void require(String method, String expected) {
    if (!method.equals(expected)) {
      throw new ApiError(405, "method_not_allowed", "this endpoint takes " + expected + ", not " + method);
    }
  }

  // ------------------------------------------------------------------------------------------------ endpoints

  private Response generatePlan(String tenant, String scenarioId, String raw) {
    JsonNode body = object(raw);
    JsonNode scenario = body.get("new_scenario");
    if (scenario == null || !scenario.isObject()) {
      throw new ApiError(400, "invalid_request", "new_scenario must be an object with the scenario version's steps"
          + " but was " + (scenario == null ? "missing"
          : scenario.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
    }
    String createdBy = text(body, "created_by", false);
    ObjectNode doc = ((ObjectNode) scenario).deepCopy();
    JsonNode id = doc.get("scenario_id");
    if (id == null || id.isNull()) {
      doc.put("scenario_id", scenarioId);
    } else if (!id.isTextual() || !id.textValue().equals(scenarioId)) {
      throw new ApiError(400, "scenario_id_mismatch", "new_scenario.scenario_id is " + id + " but the path names"
          + " scenario '" + scenarioId + "'");
    }
    int current = migration.currentVersion(tenant, scenarioId).version();   // 404 for an unknown scenario
    if (!doc.hasNonNull("version")) {
      doc.put("version", current + 1);
    }
    ScenarioVersion v = ScenarioJson.read(SeedJson.write(doc));
    MigrationPlan plan = operations.generatePlan(tenant, v, createdBy);
    return Response.json(201, SeedJson.plan(plan));
  }

  private Response updatePolicies(String tenant, String planId, String raw) {
    ObjectNode body = object(raw);
    MigrationPlan plan = operations.plan(tenant, planId);
    JsonNode policies = body.get("policies");
    if (policies == null || !policies.isObject()) {
      throw new ApiError(400, "invalid_request", "policies must be an object of anchor content hash to policy");
    }
    ObjectNode expanded = SeedJson.MAPPER.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> it = policies.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String full = fullHash(plan, e.getKey());
      String givenHash = hashPart(e.getKey());
      JsonNode policy = e.getValue();
      if (policy.isObject() && !full.equals(e.getKey()) && policy.path("anchor_content_hash").asText("")
          .equals(givenHash)) {
        policy = ((ObjectNode) policy).deepCopy().put("anchor_content_hash", hashPart(full));
      }
      expanded.set(full, policy);
    }
    Map<String, AnchorPolicy> parsed = PolicyJson.readRequest(SeedJson.write(
        SeedJson.MAPPER.createObjectNode().set("policies", expanded)));
    try {
      return Response.json(200, SeedJson.plan(operations.updatePolicies(tenant, planId, parsed)));
    } catch (InvalidPlanException e) {
      throw new ApiError(422, "invalid_policy", e.getMessage());
    }
  }

  /**
   * Replaces the plan's variable mappings with the body's {@code variable_mappings} ({@code PlanJson.readMappings});
   * a mapping the library refuses is a 422 {@code invalid_mapping} naming the variable and the value.
   */
  private Response updateMappings(String tenant, String planId, String raw) {
    object(raw); // a JSON object, or a 400
    java.util.List<org.scenariomigration.plan.VariableMapping> mappings =
        org.scenariomigration.plan.PlanJson.readMappings(raw);
    try {
      return Response.json(200, SeedJson.plan(operations.updateMappings(tenant, planId, mappings)));
    } catch (org.scenariomigration.plan.InvalidVariableMappingException e) {
      throw new ApiError(422, "invalid_mapping", e.getMessage());
    }
  }

  /** The hash of a policy key: the key, or the part of a twin key before its {@code @}. */
  private static String hashPart(String key) {
    int at = key.indexOf(AnchorPolicy.TWIN_SEPARATOR);
    return at < 0 ? key : key.substring(0, at);
  }

  /**
   * The policy key a request key names: an anchor hash (itself, or the one anchor hash it is a prefix of, 8
   * characters at least), or a twin key {@code <hash or prefix>@<source step id>} with its hash part expanded so.
   */
  private static String fullHash(MigrationPlan plan, String key) {
    int at = key.indexOf(AnchorPolicy.TWIN_SEPARATOR);
    if (at >= 0) {
      return fullHash(plan, key.substring(0, at)) + key.substring(at);
    }
    List<String> matches = new ArrayList<>();
    for (AnchorTransformation a : plan.transformationMap().anchors()) {
      if (a.anchorContentHash().equals(key)) {
        return key;
      }
      if (key.length() >= 8 && a.anchorContentHash().startsWith(key)
          && !matches.contains(a.anchorContentHash())) {
        matches.add(a.anchorContentHash());
      }
    }
    if (matches.size() > 1) {
      throw new ApiError(422, "invalid_policy", "'" + key + "' is the start of " + matches.size() + " anchor hashes"
          + " of plan '" + plan.id() + "': give more characters");
    }
    return matches.isEmpty() ? key : matches.get(0);
  }

  private Response report(String tenant, String planId, String format) {
    MigrationPlan plan = operations.plan(tenant, planId);
    return switch (format) {
      case "text" -> new Response(200, "text/plain; charset=utf-8", PlanReport.text(plan));
      case "markdown" -> new Response(200, "text/markdown; charset=utf-8", PlanReport.markdown(plan));
      case "mermaid" -> {
        if (scenarios == null) {
          throw new ApiError(404, "not_found", "this server was started without a scenario store: no mermaid report");
        }
        ScenarioVersion from = scenarios.find(tenant, plan.scenarioId(), plan.fromVersion()).orElseThrow(
            () -> new ApiError(404, "unknown_scenario", "version " + plan.fromVersion() + " of '"
                + plan.scenarioId() + "' is gone"));
        ScenarioVersion to = scenarios.find(tenant, plan.scenarioId(), plan.toVersion()).orElseThrow(
            () -> new ApiError(404, "unknown_scenario", "version " + plan.toVersion() + " of '"
                + plan.scenarioId() + "' is gone"));
        yield new Response(200, "text/plain; charset=utf-8", PlanReport.mermaid(from, to,
            plan.transformationMap()));
      }
      default -> throw new ApiError(400, "invalid_request", "format must be text, markdown or mermaid but was '"
          + format + "'");
    };
  }

  // ------------------------------------------------------------------------------------------------ requests

  private String tenant(HttpExchange ex) {
    String t = ex.getRequestHeaders().getFirst(TENANT_HEADER);
    if (t == null || t.isBlank()) {
      throw new ApiError(400, "missing_tenant", "the " + TENANT_HEADER + " header is required");
    }
    t = t.strip();
    if (!tenants.isEmpty() && !tenants.contains(t)) {
      throw new ApiError(404, "unknown_tenant", "this server has no tenant '" + t + "'");
    }
    return t;
  }

  private static String body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new ApiError(413, "payload_too_large", "the request body exceeds " + MAX_BODY_BYTES + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  static ObjectNode object(String raw) {
    if (raw.isBlank()) {
      throw new ApiError(400, "malformed_json", "the request body is empty; a JSON object is expected");
    }
    JsonNode node;
    try {
      node = SeedJson.MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      throw new ApiError(400, "malformed_json", "the request body is not valid JSON" + where + ": "
          + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new ApiError(400, "invalid_request", "the request body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  static String text(JsonNode body, String field, boolean required) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw new ApiError(400, "invalid_request", field + " is required");
      }
      return null;
    }
    if (!n.isTextual() || n.textValue().isBlank()) {
      throw new ApiError(400, "invalid_request", field + " must be a non-blank string but was " + n);
    }
    return n.textValue();
  }

  private static String query(HttpExchange ex, String name, String dflt) {
    String q = ex.getRequestURI().getQuery();
    if (q == null) {
      return dflt;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return pair.substring(eq + 1);
      }
    }
    return dflt;
  }
}
