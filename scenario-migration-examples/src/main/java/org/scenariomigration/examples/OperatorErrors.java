package org.scenariomigration.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.scenariomigration.ScenarioMigrationException;
import org.scenariomigration.examples.OperatorApi.ApiError;
import org.scenariomigration.json.MalformedJsonException;
import org.scenariomigration.plan.InvalidPlanException;
import org.scenariomigration.runtime.IllegalPlanStatusException;
import org.scenariomigration.runtime.InvalidRolloutException;
import org.scenariomigration.runtime.UnknownPlanException;
import org.scenariomigration.runtime.UnknownScenarioException;
import org.scenariomigration.scenario.InvalidScenarioException;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.spi.DuplicateRecordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator API's answers in JSON, {@code {"error": "<code>", "message": "<what was wrong>"}}: its own
 * {@link ApiError}s, Javalin's refusals, and the library's exceptions mapped to 4xx codes; anything else is a 500 whose
 * stack trace goes to the log only.
 */
final class OperatorErrors {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorApi.class);

  private OperatorErrors() {}

  /** Registers the exception handlers. */
  static void register(RoutesConfig routes) {
    routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.code, e.getMessage()));
    routes.exception(HttpResponseException.class, OperatorErrors::frameworkError);
    routes.exception(Exception.class, OperatorErrors::unexpected);
  }

  /** A JSON answer. */
  static void json(Context ctx, int status, JsonNode node) {
    ctx.status(status).contentType("application/json; charset=utf-8").result(SeedJson.write(node));
    seedContentType(ctx, "application/json; charset=utf-8");
  }

  /**
   * The Content-Type header exactly as the seed (and the JDK server before) wrote it, {@code "; charset=utf-8"} with
   * its space: the servlet API would normalise it to {@code ";charset=utf-8"}.
   */
  static void seedContentType(Context ctx, String type) {
    ctx.res().setContentType(null);   // else the servlet response writes its own form when it commits
    ServletContextRequest.getServletContextRequest(ctx.req()).getServletContextResponse().getWrapped().getHeaders()
        .put(HttpHeader.CONTENT_TYPE, type);
  }

  /** An error answer, with the security headers (set again: an exception handler may run on a reset response). */
  static void error(Context ctx, int status, String code, String message) {
    OperatorGuard.secureHeaders(ctx);
    json(ctx, status, SeedJson.error(code, message));
  }

  /** Javalin's own refusals: no route (404), a body over {@code maxRequestSize} (413), and the like. */
  private static void frameworkError(HttpResponseException e, Context ctx) {
    switch (e.getStatus()) {
      case 404 -> error(ctx, 404, "not_found", "no such endpoint: " + ctx.method().name() + " " + ctx.path());
      case 413 -> error(ctx, 413, "payload_too_large", "the request body exceeds the limit of this server");
      default -> error(ctx, e.getStatus(), "http_" + e.getStatus(), e.getMessage());
    }
  }

  private static void unexpected(Exception e, Context ctx) {
    ApiError mapped = e instanceof RuntimeException re ? map(re) : null;
    if (mapped == null) {
      LOG.error("operator API: {} {} failed", ctx.method().name(), ctx.path(), e);
      error(ctx, 500, "internal_error", "the server failed on this request; the stack trace is in its log");
    } else {
      error(ctx, mapped.status, mapped.code, mapped.getMessage());
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

  // ------------------------------------------------------------------------------------------------ endpoints
}
