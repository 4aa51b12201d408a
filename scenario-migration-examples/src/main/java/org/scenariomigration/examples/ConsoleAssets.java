package org.scenariomigration.examples;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.scenariomigration.examples.OperatorApi.ApiError;

/**
 * Serves the operator console's static files (issue 23) from the classpath folder {@code console/} under the URL path
 * {@code /console/}: {@code /console} redirects to {@code /console/}, which is {@code console/index.html}. The files
 * hold no data, so {@link OperatorGuard} lets them through without credentials; the page logs in itself.
 *
 * <p>Only GET and HEAD, only names of letters, digits, {@code .}, {@code _} and {@code -} in folders of the same
 * (no {@code ..}, no encoded characters), and only the extensions of {@link #CONTENT_TYPES}; anything else under
 * {@code /console/} is a JSON error in the API's format (404 {@code not_found}, 405 {@code method_not_allowed}). Every
 * answer carries the guard's Content-Security-Policy ({@link OperatorGuard#CSP}): the page runs no inline script or
 * style and fetches nothing from another origin.
 */
public final class ConsoleAssets {
  /** The URL path the console lives under. */
  public static final String PREFIX = "/console/";
  /** The classpath folder of the console's files. */
  public static final String FOLDER = "console/";
  /** The content type of each extension served. */
  public static final Map<String, String> CONTENT_TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "txt", "text/plain; charset=utf-8",
      "png", "image/png",
      "svg", "image/svg+xml");

  private static final Pattern SAFE = Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*"
      + "\\.[a-z]{2,4}");
  private static final List<HandlerType> REFUSED = List.of(HandlerType.POST, HandlerType.PUT, HandlerType.DELETE,
      HandlerType.PATCH);

  private ConsoleAssets() {}

  /** Adds the console's routes: GET and HEAD of {@code /console} and everything under it, 405 for other methods. */
  static void register(RoutesConfig r) {
    for (String path : List.of("/console", "/console/<name>")) {
      r.addHttpHandler(HandlerType.GET, path, ConsoleAssets::serve);
      r.addHttpHandler(HandlerType.HEAD, path, ConsoleAssets::serve);
      for (HandlerType other : REFUSED) {
        r.addHttpHandler(other, path, ctx -> {
          ctx.header("Allow", "GET, HEAD");
          throw new ApiError(405, "method_not_allowed", "the console's files take GET or HEAD, not "
              + ctx.method().name());
        });
      }
    }
  }

  private static void serve(Context ctx) {
    String raw = ctx.path();
    if (raw.equals("/console")) {
      ctx.header("Location", PREFIX).status(302);
      return;
    }
    String name = raw.startsWith(PREFIX) ? raw.substring(PREFIX.length()) : raw;
    if (name.isEmpty()) {
      name = "index.html";
    }
    byte[] body = read(name);
    if (body == null) {
      throw new ApiError(404, "not_found", "the console has no file '" + name + "'");
    }
    String type = CONTENT_TYPES.get(extension(name));
    ctx.status(200).result(ctx.method().equals(HandlerType.HEAD) ? new byte[0] : body);
    OperatorErrors.seedContentType(ctx, type);
  }

  /** The bytes of the console file {@code name} (relative to {@link #FOLDER}); {@code null} when it is not served. */
  static byte[] read(String name) {
    if (!SAFE.matcher(name).matches() || name.contains("..") || !CONTENT_TYPES.containsKey(extension(name))) {
      return null;
    }
    try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console file '" + name + "'", e);
    }
  }

  private static String extension(String name) {
    return name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
  }
}
