package org.scenariomigration.examples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.scenariomigration.examples.OperatorApi.ApiError;
import org.scenariomigration.examples.OperatorSecurity.Operator;

/**
 * The operator API's door: security headers on every response, the per-client rate limit, the body size and JSON
 * depth limits, authentication (bearer, basic or a login session), and CSRF protection of every state-changing
 * request. It also serves {@code POST /api/v1/login}, {@code GET /api/v1/session} and {@code POST /api/v1/logout}.
 *
 * <p>A cookie session must send its CSRF token in {@code X-CSRF-Token} on every POST, PUT and DELETE, and a request
 * whose {@code Origin} is not this server's own is refused whatever its credentials. A bearer or basic client is not
 * asked for the token: a browser never attaches those headers to a cross-site request on its own (the API never sends
 * a {@code WWW-Authenticate: Basic} challenge, so no browser caches basic credentials for it).
 */
final class OperatorGuard {
  /** The session cookie's name. */
  static final String SESSION_COOKIE = "sm_session";
  static final String CSRF_HEADER = "X-CSRF-Token";
  /** The Content-Security-Policy of every response: same-origin resources only, no inline script, no framing. */
  static final String CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
      + "form-action 'self'; frame-ancestors 'none'";
  private static final String OPERATOR_ATTRIBUTE = "operator";
  private static final long SESSION_NANOS = 8L * 3600 * 1_000_000_000L;

  private final OperatorSecurity security;
  private final TokenBuckets buckets;
  private final JsonFactory depthChecker;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  private record Session(Operator operator, String csrfToken, long expiresAtNanos) {}

  OperatorGuard(OperatorSecurity security) {
    this.security = security;
    OperatorSecurity.Limits limits = security.limits();
    this.buckets = new TokenBuckets(limits.burst(), limits.perSecond(), limits.ticker());
    this.depthChecker = JsonFactory.builder().streamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(limits.maxJsonDepth()).build()).build();
  }

  /** Sets the security headers; the first thing done for every request, so that error answers carry them too. */
  static void secureHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-store");
  }

  /** The before-handler of every path: headers, rate, then for the API size, depth, credentials and CSRF. */
  void check(Context ctx) {
    secureHeaders(ctx);
    if (!buckets.tryTake(ctx.ip())) {
      ctx.header("Retry-After", "1");
      throw new ApiError(429, "rate_limited", "too many requests from " + ctx.ip() + ": at most "
          + security.limits().burst() + " at once and " + security.limits().perSecond() + " a second");
    }
    if (!ctx.path().startsWith("/api/")) {
      return;   // the console's static files: public, they hold no data
    }
    checkBody(ctx);
    boolean stateChanging = isStateChanging(ctx.method());
    if (stateChanging) {
      checkOrigin(ctx);
    }
    if (ctx.path().equals("/api/v1/login")) {
      return;
    }
    Operator operator = authenticate(ctx, stateChanging);
    ctx.attribute(OPERATOR_ATTRIBUTE, operator);
  }

  /** The operator {@link #check} authenticated for this request. */
  static Operator operator(Context ctx) {
    Operator o = ctx.attribute(OPERATOR_ATTRIBUTE);
    if (o == null) {
      throw new IllegalStateException("no operator on an authenticated route: " + ctx.path());
    }
    return o;
  }

  private static boolean isStateChanging(HandlerType m) {
    return m.equals(HandlerType.POST) || m.equals(HandlerType.PUT) || m.equals(HandlerType.DELETE)
        || m.equals(HandlerType.PATCH);
  }

  private void checkBody(Context ctx) {
    int max = security.limits().maxBodyBytes();
    if (ctx.contentLength() > max) {
      throw new ApiError(413, "payload_too_large", "the request body exceeds " + max + " bytes: it has "
          + ctx.contentLength());
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length > max) {
      throw new ApiError(413, "payload_too_large", "the request body exceeds " + max + " bytes");
    }
    if (body.length == 0) {
      return;
    }
    try (JsonParser p = depthChecker.createParser(body)) {
      while (p.nextToken() != null) {
        p.skipChildren();   // depth is checked as the parser opens arrays and objects, skipped or not
      }
    } catch (StreamConstraintsException e) {
      throw new ApiError(400, "json_too_deep", "the request body nests JSON deeper than "
          + security.limits().maxJsonDepth() + " levels");
    } catch (IOException e) {
      // not JSON: the endpoint says what is wrong with it, with line and column
    }
  }

  private static void checkOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      return;   // not a browser's cross-origin request: curl, or a same-origin GET-less client
    }
    String own = ctx.scheme() + "://" + ctx.host();
    if (!origin.equals(own)) {
      throw new ApiError(403, "cross_origin", "a state-changing request from origin '" + origin
          + "' is refused: this server accepts them only from " + own);
    }
  }

  private Operator authenticate(Context ctx, boolean stateChanging) {
    String auth = ctx.header("Authorization");
    if (auth != null) {
      Optional<Operator> o = fromAuthorization(auth);
      if (o.isEmpty()) {
        throw unauthorized(ctx, "the credentials in the Authorization header are not those of any operator");
      }
      return o.get();
    }
    String sid = ctx.cookie(SESSION_COOKIE);
    Session s = sid == null ? null : sessions.get(sid);
    if (s == null || s.expiresAtNanos - security.limits().ticker().getAsLong() < 0) {
      if (s != null) {
        sessions.remove(sid);
      }
      throw unauthorized(ctx, sid == null ? "credentials are required: Authorization: Bearer <token>, Basic, or the"
          + " session cookie of POST /api/v1/login" : "the session has expired or was logged out: log in again");
    }
    if (stateChanging && !OperatorSecurity.ConstantTime.equal(s.csrfToken, ctx.header(CSRF_HEADER))) {
      throw new ApiError(403, "csrf_token_invalid", "a " + ctx.method().name() + " with a session cookie needs the"
          + " session's token in the " + CSRF_HEADER + " header (from POST /api/v1/login or GET /api/v1/session)"
          + (ctx.header(CSRF_HEADER) == null ? ": it is missing" : ": it does not match"));
    }
    return s.operator;
  }

  private Optional<Operator> fromAuthorization(String auth) {
    if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return security.bySecret(auth.substring(7).strip());
    }
    if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.substring(6).strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      int colon = decoded.indexOf(':');
      return colon < 0 ? Optional.empty()
          : security.byNameAndSecret(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
    return Optional.empty();
  }

  private static ApiError unauthorized(Context ctx, String message) {
    ctx.header("WWW-Authenticate", "Bearer realm=\"scenario-migration\"");
    return new ApiError(401, "unauthorized", message);
  }

  // ------------------------------------------------------------------------------------------------ login

  /** {@code POST /api/v1/login} {@code {"operator": "...", "secret": "..."}}: a session cookie and its CSRF token. */
  void login(Context ctx) {
    ObjectNode body = OperatorApi.object(ctx.body());
    String name = OperatorApi.text(body, "operator", true);
    String secret = OperatorApi.text(body, "secret", true);
    Operator o = security.byNameAndSecret(name, secret).orElseThrow(
        () -> new ApiError(401, "unauthorized", "operator name or secret is wrong"));
    long now = security.limits().ticker().getAsLong();
    sessions.values().removeIf(old -> old.expiresAtNanos - now < 0);
    String sid = OperatorSecurity.randomSecret();
    Session s = new Session(o, OperatorSecurity.randomSecret(), now + SESSION_NANOS);
    sessions.put(sid, s);
    ctx.header("Set-Cookie", SESSION_COOKIE + "=" + sid + "; Path=/; HttpOnly; SameSite=Strict");
    json(ctx, sessionJson(o, s.csrfToken));
  }

  /** {@code GET /api/v1/session}: who is logged in, the tenants granted and (for a cookie session) the CSRF token. */
  void session(Context ctx) {
    String sid = ctx.cookie(SESSION_COOKIE);
    Session s = sid == null || ctx.header("Authorization") != null ? null : sessions.get(sid);
    json(ctx, sessionJson(operator(ctx), s == null ? null : s.csrfToken));
  }

  /** {@code POST /api/v1/logout}: ends the cookie session (CSRF-checked like every POST). */
  void logout(Context ctx) {
    String sid = ctx.cookie(SESSION_COOKIE);
    if (sid != null) {
      sessions.remove(sid);
    }
    ctx.header("Set-Cookie", SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    json(ctx, SeedJson.MAPPER.createObjectNode().put("logged_out", true));
  }

  private static ObjectNode sessionJson(Operator o, String csrf) {
    ObjectNode n = SeedJson.MAPPER.createObjectNode();
    n.put("operator", o.name());
    o.tenants().stream().sorted().forEach(n.putArray("tenants")::add);
    n.put("csrf_token", csrf);
    return n;
  }

  private static void json(Context ctx, JsonNode node) {
    ctx.status(200).contentType("application/json; charset=utf-8").result(SeedJson.write(node));
    OperatorErrors.seedContentType(ctx, "application/json; charset=utf-8");
  }

  /** One token bucket per client key; {@code ticker} in nanoseconds. */
  static final class TokenBuckets {
    private static final int MAX_CLIENTS = 10_000;
    private final int burst;
    private final double perNano;
    private final java.util.function.LongSupplier ticker;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
      double tokens;
      long last;

      Bucket(double tokens, long last) {
        this.tokens = tokens;
        this.last = last;
      }
    }

    TokenBuckets(int burst, double perSecond, java.util.function.LongSupplier ticker) {
      this.burst = burst;
      this.perNano = perSecond / 1e9;
      this.ticker = ticker;
    }

    /** Takes a token from {@code client}'s bucket; false when it is empty. */
    boolean tryTake(String client) {
      long now = ticker.getAsLong();
      if (buckets.size() > MAX_CLIENTS) {
        buckets.values().removeIf(b -> b.tokens + (now - b.last) * perNano >= burst);   // the full ones: idle
      }
      Bucket b = buckets.computeIfAbsent(client, k -> new Bucket(burst, now));
      synchronized (b) {
        b.tokens = Math.min(burst, b.tokens + Math.max(0, now - b.last) * perNano);
        b.last = now;
        if (b.tokens < 1) {
          return false;
        }
        b.tokens -= 1;
        return true;
      }
    }
  }
}
