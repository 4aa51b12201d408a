package org.scenariomigration.examples;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.plan.InvalidPlanException;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.RolloutJson;
import org.scenariomigration.plan.RolloutSchedule;
import org.scenariomigration.report.PlanReport;
import org.scenariomigration.policy.PolicyJson;
import org.scenariomigration.scenario.ScenarioJson;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.runtime.MigrationOperations;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.ScenarioStore;

/**
 * The seed's operator API on Javalin (issue 23), with the operator console's static files under {@code /console/}.
 * Every API request is authenticated ({@link OperatorSecurity}: bearer token, basic credentials or a login session;
 * see {@link OperatorGuard}) and names its tenant in the {@code X-Tenant-ID} header, which must be one the operator
 * is granted.
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
 * POST /api/v1/sessions/{session_id}/move              {"version": 2, "step_id": "...", ...}        the move report
 * POST /api/v1/login  {"operator": "...", "secret": "..."}, GET /api/v1/session, POST /api/v1/logout  the session
 * GET  /api/v1/scenarios/{scenario_id}/versions/{version}                                         the version
 * GET  /console/                                            the operator console ({@link ConsoleAssets})
 * </pre>
 *
 * <p>The plan is {@code PlanJson} (the seed's migration-plan response); the deployment is {@code plan_id},
 * {@code sessions_marked}, {@code sessions_by_anchor}, {@code deployed_at}; the deployment status has the seed's
 * fields. A {@code new_scenario} without {@code scenario_id} takes the one of the path, and without {@code version}
 * the current version plus one. A policy key may be the 12-character short hash the review shows, when exactly one
 * anchor's hash starts with it. The approver of a plan and the mover of a session are the authenticated operator:
 * {@code approved_by} and {@code moved_by} are still required in the seed's shape, but their value is not used.
 *
 * <p>Errors are JSON, {@code {"error": "<code>", "message": "<what was wrong>"}}: 400 for malformed JSON, JSON nested
 * too deep, a missing {@code X-Tenant-ID} or a request of the wrong shape, 401 without valid credentials, 403 for a
 * cross-origin request or a cookie session's missing CSRF token, 404 for an unknown (or not granted) tenant, an
 * unknown scenario, plan or path, 405 for a wrong method, 409 for a plan in the wrong status (or a version that exists
 * with other content), 413 for a body over the limit (1 MiB), 422 for a scenario or policy the library rejects, 429
 * for a client over its rate. An unexpected failure is a 500 with a generic message; its stack trace goes to the
 * log, never to the client.
 */
public final class OperatorApi implements AutoCloseable {
  static final String TENANT_HEADER = "X-Tenant-ID";
  static final int MAX_BODY_BYTES = 1 << 20;
  private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
      HandlerType.DELETE, HandlerType.PATCH);

  private final ScenarioMigration migration;
  private final MigrationOperations operations;
  private final ScenarioStore scenarios;
  private final Set<String> tenants;
  private final OperatorGuard guard;
  private final String host;
  private final Javalin app;

  private OperatorApi(ScenarioMigration migration, ScenarioStore scenarios, Set<String> tenants,
      OperatorSecurity security, String host, int port) {
    this.migration = requireNonNull(migration, "migration");
    this.operations = migration.operations();
    this.scenarios = scenarios;
    this.tenants = Set.copyOf(tenants);
    this.guard = new OperatorGuard(security);
    this.host = host;
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jetty.host = host;
      config.jetty.port = port;
      config.http.maxRequestSize = security.limits().maxBodyBytes();
      config.routes.before(guard::check);
      routes(config.routes);
      OperatorErrors.register(config.routes);
    });
    app.start();
  }

  /**
   * Starts the API.
   *
   * @param migration the engine
   * @param scenarios the engine's scenario store, for the Mermaid report (which draws both versions); {@code null}
   *     turns that format off
   * @param tenants the tenants the API serves; any tenant when empty (each operator still sees only its own)
   * @param security the operators and limits
   * @param host the address to bind, {@code 127.0.0.1} for loopback only
   * @param port the port; 0 for an ephemeral one (see {@link #port()})
   * @throws IllegalStateException without operators, or in demo mode on an address other than loopback
   */
  public static OperatorApi start(ScenarioMigration migration, ScenarioStore scenarios, Set<String> tenants,
      OperatorSecurity security, String host, int port) {
    boolean loopback = isLoopback(host);
    if (security.operators().isEmpty()) {
      throw new IllegalStateException("the operator API refuses to start without credentials: configure operators"
          + " (" + OperatorSecurity.OPERATORS_VARIABLE + "=name:secret:tenant,...) or use demo mode on loopback"
          + " (OperatorApiMain --demo)");
    }
    if (security.demo() && !loopback) {
      throw new IllegalStateException("the operator API refuses to start in demo mode on '" + host + "': demo mode"
          + " binds loopback only; configure operators (" + OperatorSecurity.OPERATORS_VARIABLE + ") for " + host);
    }
    return new OperatorApi(migration, scenarios, tenants, security, host, port);
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot bind the operator API to unknown host '" + host + "'", e);
    }
  }

  /** The engine it serves. */
  public ScenarioMigration migration() {
    return migration;
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  /** {@code http://<host>:<port>}. */
  public URI baseUri() {
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  /** Stops the server at once. */
  @Override
  public void close() {
    app.stop();
  }

  // ------------------------------------------------------------------------------------------------ routes

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

  private void routes(RoutesConfig r) {
    Map<String, HandlerType> table = new LinkedHashMap<>();
    BiConsumer<HandlerType, Map.Entry<String, Handler>> on = (m, e) -> {
      table.put(e.getKey(), m);
      r.addHttpHandler(m, e.getKey(), e.getValue());
    };
    String plan = "/api/v1/migration-plans/{plan_id}";
    on.accept(HandlerType.POST, Map.entry("/api/v1/login", guard::login));
    on.accept(HandlerType.GET, Map.entry("/api/v1/session", guard::session));
    on.accept(HandlerType.POST, Map.entry("/api/v1/logout", guard::logout));
    on.accept(HandlerType.POST, Map.entry("/api/v1/scenarios/{scenario_id}/migration-plan",
        ctx -> generatePlan(ctx, tenant(ctx), ctx.pathParam("scenario_id"), ctx.body())));
    Handler drain = ctx -> {
      Matcher m = DrainRoutes.PATH.matcher(ctx.path());
      if (!m.matches()) {
        throw notFound(ctx);
      }
      String tenant = tenant(ctx);
      String raw = ctx.method().equals(HandlerType.POST) ? ctx.body() : "";
      json(ctx, 200, DrainRoutes.handle(operations, m, tenant, raw.isBlank() ? null : object(raw)));
    };
    on.accept(HandlerType.GET, Map.entry("/api/v1/scenarios/{scenario_id}/versions", drain));
    on.accept(HandlerType.GET, Map.entry("/api/v1/scenarios/{scenario_id}/versions/{version}/status", drain));
    on.accept(HandlerType.POST, Map.entry("/api/v1/scenarios/{scenario_id}/versions/{version}/retire", drain));
    on.accept(HandlerType.GET, Map.entry("/api/v1/scenarios/{scenario_id}/versions/{version}", ctx -> {
      Matcher m = ScenarioVersionRoute.PATH.matcher(ctx.path());   // a version's steps, for the console (issue 23)
      if (!m.matches()) {
        throw notFound(ctx);
      }
      json(ctx, 200, ScenarioVersionRoute.version(migration, tenant(ctx), m));
    }));
    on.accept(HandlerType.POST, Map.entry("/api/v1/sessions/{session_id}/move", ctx -> {
      Matcher m = MoveRoute.PATH.matcher(ctx.path());
      if (!m.matches()) {
        throw notFound(ctx);
      }
      json(ctx, 200, MoveRoute.move(operations, tenant(ctx), m, object(ctx.body()), OperatorGuard.operator(ctx)
          .name()));
    }));
    on.accept(HandlerType.GET, Map.entry(plan, ctx -> json(ctx, 200, SeedJson.plan(operations.plan(tenant(ctx),
        ctx.pathParam("plan_id"))))));
    on.accept(HandlerType.GET, Map.entry(plan + "/summary", ctx -> json(ctx, 200, SeedJson.summary(
        operations.plan(tenant(ctx), ctx.pathParam("plan_id"))))));
    on.accept(HandlerType.PUT, Map.entry(plan + "/policies",
        ctx -> updatePolicies(ctx, tenant(ctx), ctx.pathParam("plan_id"), ctx.body())));
    on.accept(HandlerType.POST, Map.entry(plan + "/approve", ctx -> {
      String tenant = tenant(ctx);
      text(object(ctx.body()), "approved_by", true);   // the seed's shape; the approver is the operator
      json(ctx, 200, SeedJson.plan(operations.approve(tenant, ctx.pathParam("plan_id"),
          OperatorGuard.operator(ctx).name())));
    }));
    on.accept(HandlerType.POST, Map.entry(plan + "/deploy", ctx -> deploy(ctx, tenant(ctx), ctx.pathParam("plan_id"),
        ctx.body())));
    on.accept(HandlerType.GET, Map.entry(plan + "/deployment-status", ctx -> json(ctx, 200, SeedJson.status(
        operations.deploymentStatus(tenant(ctx), ctx.pathParam("plan_id"))))));
    on.accept(HandlerType.GET, Map.entry(plan + "/report", ctx -> report(ctx, tenant(ctx), ctx.pathParam("plan_id"),
        Objects.requireNonNullElse(ctx.queryParam("format"), "text"))));
    on.accept(HandlerType.PUT, Map.entry(plan + "/variable-mappings",
        ctx -> updateMappings(ctx, tenant(ctx), ctx.pathParam("plan_id"), ctx.body())));
    ConsoleAssets.register(r);
    table.forEach((path, allowed) -> {
      for (HandlerType other : METHODS) {
        if (!other.equals(allowed)) {
          r.addHttpHandler(other, path, ctx -> {
            ctx.header("Allow", allowed.name());
            throw new ApiError(405, "method_not_allowed", "this endpoint takes " + allowed.name() + ", not "
                + ctx.method().name());
          });
        }
      }
    });
  }

  private static ApiError notFound(Context ctx) {
    return new ApiError(404, "not_found", "no such endpoint: " + ctx.method().name() + " " + ctx.path());
  }

  private static void json(Context ctx, int status, JsonNode node) {
    OperatorErrors.json(ctx, status, node);
  }

  private void generatePlan(Context ctx, String tenant, String scenarioId, String raw) {
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
    json(ctx, 201, SeedJson.plan(plan));
  }

  private void updatePolicies(Context ctx, String tenant, String planId, String raw) {
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
      json(ctx, 200, SeedJson.plan(operations.updatePolicies(tenant, planId, parsed)));
    } catch (InvalidPlanException e) {
      throw new ApiError(422, "invalid_policy", e.getMessage());
    }
  }

  /**
   * Replaces the plan's variable mappings with the body's {@code variable_mappings} ({@code PlanJson.readMappings});
   * a mapping the library refuses is a 422 {@code invalid_mapping} naming the variable and the value.
   */
  private void updateMappings(Context ctx, String tenant, String planId, String raw) {
    object(raw); // a JSON object, or a 400
    java.util.List<org.scenariomigration.plan.VariableMapping> mappings =
        org.scenariomigration.plan.PlanJson.readMappings(raw);
    try {
      json(ctx, 200, SeedJson.plan(operations.updateMappings(tenant, planId, mappings)));
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

  private void deploy(Context ctx, String tenant, String planId, String raw) {
    int percent = 100;
    JsonNode rollout = raw.isBlank() ? null : object(raw).get("rollout");
    if (rollout != null && !rollout.isNull()) {
      // a progressive rollout (issue 19): steps, health gates, auto_rollback, in the seed's style
      RolloutSchedule schedule = RolloutJson.readSchedule(rollout.toString());
      json(ctx, 200, SeedJson.deployment(operations.deploy(tenant, planId, schedule)));
      return;
    }
    if (!raw.isBlank()) {
      JsonNode p = object(raw).get("rollout_percent");
      if (p != null && !p.isNull()) {
        if (!p.canConvertToInt() || !p.isIntegralNumber()) {
          throw new ApiError(400, "invalid_request", "rollout_percent must be an integer from 1 to 100 but was " + p);
        }
        percent = p.intValue();
      }
    }
    json(ctx, 200, SeedJson.deployment(operations.deploy(tenant, planId, percent)));
  }

  private void report(Context ctx, String tenant, String planId, String format) {
    MigrationPlan plan = operations.plan(tenant, planId);
    String text = switch (format) {
      case "text" -> PlanReport.text(plan);
      case "markdown" -> PlanReport.markdown(plan);
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
        yield PlanReport.mermaid(from, to, plan.transformationMap());
      }
      default -> throw new ApiError(400, "invalid_request", "format must be text, markdown or mermaid but was '"
          + format + "'");
    };
    String type = format.equals("markdown") ? "text/markdown; charset=utf-8" : "text/plain; charset=utf-8";
    ctx.status(200).contentType(type).result(text);
    OperatorErrors.seedContentType(ctx, type);
  }

  // ------------------------------------------------------------------------------------------------ requests

  /**
   * The request's tenant: one the authenticated operator is granted and this server serves. Any other is answered
   * exactly as a tenant that does not exist, so that an operator cannot tell another's tenants from unknown ones.
   */
  private String tenant(Context ctx) {
    String t = ctx.header(TENANT_HEADER);
    if (t == null || t.isBlank()) {
      throw new ApiError(400, "missing_tenant", "the " + TENANT_HEADER + " header is required");
    }
    t = t.strip();
    if ((!tenants.isEmpty() && !tenants.contains(t)) || !OperatorGuard.operator(ctx).tenants().contains(t)) {
      throw new ApiError(404, "unknown_tenant", "this server has no tenant '" + t + "'");
    }
    return t;
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
}
