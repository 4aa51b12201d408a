package org.scenariomigration.examples;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Who may use the {@link OperatorApi} and the limits it applies to every client (issue 23, section 3).
 *
 * <p>Each {@link Operator} has a name, a secret and the tenants granted to it. A client authenticates with
 * {@code Authorization: Bearer <secret>}, with {@code Authorization: Basic base64(<name>:<secret>)}, or with the
 * session cookie of {@code POST /api/v1/login}. The configuration value {@link #parseOperators} reads is
 * {@code name:secret:tenant-a,tenant-b;name2:secret2:tenant-c}.
 *
 * <p>{@link #demo} is the explicit demo mode: one operator, {@code operator@example.com}, with a random secret, which
 * the API accepts only on a loopback address. Without operators and outside demo mode the API does not start.
 *
 * @param operators the operators; empty only in demo mode before its operator is made
 * @param demo whether this is the demo mode (loopback only)
 * @param limits the request limits
 */
public record OperatorSecurity(List<Operator> operators, boolean demo, Limits limits) {
  /** The name of the operator demo mode makes: the approver of the seed's requests. */
  public static final String DEMO_OPERATOR = "operator@example.com";
  /** The environment variable (and, lower-cased with dots, the system property) that {@link #fromEnvironment} reads. */
  public static final String OPERATORS_VARIABLE = "SCENARIO_MIGRATION_OPERATORS";
  static final String OPERATORS_PROPERTY = "scenario-migration.operators";

  /** Checks the arguments and copies the list. */
  public OperatorSecurity {
    operators = List.copyOf(requireNonNull(operators, "operators"));
    requireNonNull(limits, "limits");
    Set<String> names = new LinkedHashSet<>();
    Set<String> secrets = new LinkedHashSet<>();
    for (Operator o : operators) {
      if (!names.add(o.name())) {
        throw new IllegalArgumentException("operator '" + o.name() + "' is configured twice");
      }
      if (!secrets.add(o.secret())) {
        throw new IllegalArgumentException("operator '" + o.name() + "' has the secret of another operator: each"
            + " bearer token must name one operator");
      }
    }
  }

  /**
   * One operator: who it is, how it proves it, and the tenants it sees.
   *
   * @param name the operator's name, recorded as the approver of the plans it approves
   * @param secret its bearer token and basic-auth password, 16 characters at least
   * @param tenants the tenants granted; any other tenant is answered as if it did not exist
   */
  public record Operator(String name, String secret, Set<String> tenants) {
    /** Checks the arguments and copies the set. */
    public Operator {
      if (name == null || name.isBlank() || name.contains(":")) {
        throw new IllegalArgumentException("an operator name must be non-blank without ':' but was '" + name + "'");
      }
      if (secret == null || secret.length() < 16 || secret.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("the secret of operator '" + name + "' must have 16 characters at least"
            + " and no whitespace");
      }
      tenants = Set.copyOf(requireNonNull(tenants, "tenants"));
      if (tenants.isEmpty()) {
        throw new IllegalArgumentException("operator '" + name + "' is granted no tenant");
      }
    }

    @Override
    public String toString() {
      return "Operator[name=" + name + ", tenants=" + tenants + "]"; // never the secret
    }
  }

  /**
   * The limits on every request.
   *
   * @param maxBodyBytes the largest request body; a larger one is a 413
   * @param maxJsonDepth the deepest nesting of a JSON body; a deeper one is a 400
   * @param burst the requests a client may send at once (the token bucket's size)
   * @param perSecond the requests a client may send per second over time (the bucket's refill)
   * @param ticker nanoseconds, monotonic: {@link System#nanoTime} or a test's clock
   */
  public record Limits(int maxBodyBytes, int maxJsonDepth, int burst, double perSecond, LongSupplier ticker) {
    /** Checks the arguments. */
    public Limits {
      if (maxBodyBytes < 1 || maxJsonDepth < 1 || burst < 1 || !(perSecond > 0)) {
        throw new IllegalArgumentException("limits must be positive but were maxBodyBytes=" + maxBodyBytes
            + ", maxJsonDepth=" + maxJsonDepth + ", burst=" + burst + ", perSecond=" + perSecond);
      }
      requireNonNull(ticker, "ticker");
    }

    /** 1 MiB bodies, JSON 32 levels deep, bursts of 1,000 requests and 500 a second per client. */
    public static Limits defaults() {
      return new Limits(OperatorApi.MAX_BODY_BYTES, 32, 1_000, 500, System::nanoTime);
    }
  }

  /** The given operators, with the default limits. */
  public static OperatorSecurity of(List<Operator> operators) {
    return new OperatorSecurity(operators, false, Limits.defaults());
  }

  /** Demo mode: one operator {@link #DEMO_OPERATOR} with a random secret, granted {@code tenants}. */
  public static OperatorSecurity demo(Set<String> tenants) {
    return new OperatorSecurity(List.of(new Operator(DEMO_OPERATOR, randomSecret(), tenants)), true,
        Limits.defaults());
  }

  /** This configuration with other limits. */
  public OperatorSecurity withLimits(Limits other) {
    return new OperatorSecurity(operators, demo, other);
  }

  /** The operator whose secret this is, if any (compared in constant time). */
  Optional<Operator> bySecret(String secret) {
    Operator found = null;
    for (Operator o : operators) {
      if (ConstantTime.equal(o.secret(), secret)) {
        found = o;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The operator of this name and secret, if both are right. */
  Optional<Operator> byNameAndSecret(String name, String secret) {
    return bySecret(secret).filter(o -> o.name().equals(name));
  }

  /**
   * The operators of {@link #OPERATORS_VARIABLE} (or the system property {@code scenario-migration.operators}, which
   * wins); empty when neither is set.
   */
  public static List<Operator> fromEnvironment() {
    String value = System.getProperty(OPERATORS_PROPERTY, System.getenv(OPERATORS_VARIABLE));
    return value == null || value.isBlank() ? List.of() : parseOperators(value);
  }

  /** Reads {@code name:secret:tenant-a,tenant-b;name2:secret2:tenant-c}. */
  public static List<Operator> parseOperators(String value) {
    List<Operator> out = new ArrayList<>();
    for (String entry : value.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.strip().split(":", 3);
      if (parts.length != 3) {
        throw new IllegalArgumentException("an operator entry must be name:secret:tenant[,tenant...] but one has "
            + parts.length + " part(s) (entry starting '" + parts[0] + "')");
      }
      Set<String> tenants = new LinkedHashSet<>();
      for (String t : parts[2].split(",")) {
        if (!t.isBlank()) {
          tenants.add(t.strip());
        }
      }
      out.add(new Operator(parts[0].strip(), parts[1].strip(), tenants));
    }
    return out;
  }

  /** 32 random bytes, URL-safe base64. */
  static String randomSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Comparison of secrets whose time does not depend on where they differ. */
  static final class ConstantTime {
    private ConstantTime() {}

    static boolean equal(String a, String b) {
      if (a == null || b == null) {
        return false;
      }
      return java.security.MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
