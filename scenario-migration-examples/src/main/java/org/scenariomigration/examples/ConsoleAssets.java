package org.scenariomigration.examples;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves the operator console's static files (issue 23) from the classpath folder {@code console/} under the URL path
 * {@code /console/}: {@code /console} redirects to {@code /console/}, which is {@code console/index.html}.
 *
 * <p>Only GET and HEAD, only names of letters, digits, {@code .}, {@code _} and {@code -} in folders of the same
 * (no {@code ..}, no encoded characters), and only the extensions of {@link #CONTENT_TYPES}; anything else under
 * {@code /console/} is a JSON error in the API's format (404 {@code not_found}, 405 {@code method_not_allowed}). Every
 * answer carries {@link #CONTENT_SECURITY_POLICY}: the page runs no inline script or style and fetches nothing from
 * another origin.
 */
public final class ConsoleAssets {
  /** The URL path the console lives under. */
  public static final String PREFIX = "/console/";
  /** The classpath folder of the console's files. */
  public static final String FOLDER = "console/";
  /** The policy every console answer carries: the console's own origin only, no inline code, no framing. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";
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

  private ConsoleAssets() {}

  /**
   * Answers {@code ex} when its path is {@code /console} or under {@code /console/}.
   *
   * @return whether it answered; {@code false} leaves the exchange to the API's routes
   */
  public static boolean serve(HttpExchange ex) throws IOException {
    String raw = ex.getRequestURI().getRawPath();
    if (!raw.equals("/console") && !raw.startsWith(PREFIX)) {
      return false;
    }
    String method = ex.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      send(ex, 405, "application/json; charset=utf-8", error("method_not_allowed", "the console's files take GET or"
          + " HEAD, not " + method));
      return true;
    }
    if (raw.equals("/console")) {
      ex.getResponseHeaders().set("Location", PREFIX);
      send(ex, 302, null, new byte[0]);
      return true;
    }
    String name = raw.substring(PREFIX.length());
    if (name.isEmpty()) {
      name = "index.html";
    }
    byte[] body = read(name);
    if (body == null) {
      send(ex, 404, "application/json; charset=utf-8", error("not_found", "the console has no file '" + name + "'"));
      return true;
    }
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    send(ex, 200, CONTENT_TYPES.get(extension(name)), method.equals("HEAD") ? null : body);
    return true;
  }

  /** The bytes of the console file {@code name} (relative to {@link #FOLDER}); {@code null} when it is not served. */
  static byte[] read(String name) throws IOException {
    if (!SAFE.matcher(name).matches() || name.contains("..") || !CONTENT_TYPES.containsKey(extension(name))) {
      return null;
    }
    try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  private static String extension(String name) {
    return name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
  }

  private static byte[] error(String code, String message) {
    return SeedJson.write(SeedJson.error(code, message)).getBytes(StandardCharsets.UTF_8);
  }

  /** Sends the answer; a {@code null} body with a 200 is a HEAD answer: the headers only. */
  private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    if (contentType != null) {
      ex.getResponseHeaders().set("Content-Type", contentType);
    }
    ex.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    if (body == null) {
      ex.sendResponseHeaders(status, -1);
      ex.close();
      return;
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }
}
