package org.scenariomigration.scenario;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.scenariomigration.condition.Comparison;

/**
 * The declared type of a collected field: {@code string}, {@code integer}, {@code number}, {@code boolean},
 * {@code date} or an {@code enum} of named values; {@link #ANY} when the scenario declares none. Immutable.
 *
 * <p>Values reach a session from the host ({@code setVariables}), the customer profile and the conversation
 * extractor. A value of a typed field is converted to its type where that is unambiguous and refused otherwise
 * ({@link #convert}):
 * <table>
 *   <caption>Conversions</caption>
 *   <tr><th>type</th><th>held as</th><th>accepts</th></tr>
 *   <tr><td>string</td><td>{@link String}</td><td>a string; a number or boolean as its text</td></tr>
 *   <tr><td>integer</td><td>{@link Long} ({@link BigInteger} beyond it)</td><td>a whole number; a decimal or
 *       double with no fraction; a string of digits with an optional sign ({@code "17"}, {@code " -3 "})</td></tr>
 *   <tr><td>number</td><td>{@link Long}, {@link BigInteger}, {@link BigDecimal} or {@link Double}</td><td>a number
 *       (finite); a numeric string ({@code "3.50"} becomes the exact decimal 3.50)</td></tr>
 *   <tr><td>boolean</td><td>{@link Boolean}</td><td>a boolean; {@code "true"} or {@code "false"} in any case</td></tr>
 *   <tr><td>date</td><td>{@link String}, ISO-8601 ({@code 2024-02-29})</td><td>a {@link LocalDate}; a string that is
 *       an ISO-8601 date</td></tr>
 *   <tr><td>enum</td><td>{@link String}, one of the values</td><td>one of the values; a string equal to exactly one
 *       of them ignoring case and surrounding space</td></tr>
 * </table>
 * {@code null} stays {@code null} (a field present with no value). Dates are held as text so that they round-trip
 * through every store and compare in order in conditions ({@code birth_date < "2008-01-01"}).
 */
public final class FieldType {
  private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?\\d+");
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final double EXACT_DOUBLE_INTEGERS = 9007199254740992.0; // 2^53

  /** The kinds of types. */
  public enum Kind {
    /** No declared type: any value the session can hold. */
    ANY,
    /** Text. */
    STRING,
    /** A whole number. */
    INTEGER,
    /** Any finite number. */
    NUMBER,
    /** True or false. */
    BOOLEAN,
    /** A calendar date, held as ISO-8601 text. */
    DATE,
    /** One of a list of named values. */
    ENUM;

    private final String jsonName = name().toLowerCase(Locale.ROOT);

    /** The name in the scenario format, for example {@code integer}. */
    public String jsonName() {
      return jsonName;
    }
  }

  /** No declared type. */
  public static final FieldType ANY = new FieldType(Kind.ANY, List.of());
  /** Text. */
  public static final FieldType STRING = new FieldType(Kind.STRING, List.of());
  /** A whole number. */
  public static final FieldType INTEGER = new FieldType(Kind.INTEGER, List.of());
  /** Any finite number. */
  public static final FieldType NUMBER = new FieldType(Kind.NUMBER, List.of());
  /** True or false. */
  public static final FieldType BOOLEAN = new FieldType(Kind.BOOLEAN, List.of());
  /** A calendar date. */
  public static final FieldType DATE = new FieldType(Kind.DATE, List.of());

  private final Kind kind;
  private final ImmutableList<String> values;

  private FieldType(Kind kind, List<String> values) {
    this.kind = kind;
    this.values = ImmutableList.copyOf(values);
  }

  /**
   * An enumeration of these values, in this order.
   *
   * @throws IllegalArgumentException naming the problem when there is no value, a blank one or a repeated one
   */
  public static FieldType enumeration(List<String> values) {
    requireNonNull(values, "values");
    if (values.isEmpty()) {
      throw new IllegalArgumentException("an enum field type needs at least one value");
    }
    Set<String> seen = new HashSet<>();
    for (String v : values) {
      requireNonNull(v, "enum value");
      if (v.isBlank()) {
        throw new IllegalArgumentException("enum value must not be blank but was '" + v + "'");
      }
      if (!seen.add(v)) {
        throw new IllegalArgumentException("enum value '" + v + "' is listed twice");
      }
    }
    return new FieldType(Kind.ENUM, values);
  }

  /** An enumeration of these values, in this order. */
  public static FieldType enumeration(String... values) {
    return enumeration(List.of(values));
  }

  /**
   * The type named {@code name} in the scenario format ({@code string}, {@code integer}, {@code number},
   * {@code boolean}, {@code date}, or {@code enum} with {@code values}); {@code null} or {@code any} for none.
   *
   * @throws IllegalArgumentException naming the unknown type, or values given to a type that takes none
   */
  public static FieldType of(String name, List<String> values) {
    if (name == null || name.equals("any")) {
      requireNoValues(name, values);
      return ANY;
    }
    FieldType t = switch (name) {
      case "string" -> STRING;
      case "integer" -> INTEGER;
      case "number" -> NUMBER;
      case "boolean" -> BOOLEAN;
      case "date" -> DATE;
      case "enum" -> null;
      default -> throw new IllegalArgumentException("unknown field type '" + name
          + "', expected string, integer, number, boolean, date or enum");
    };
    if (t == null) {
      return enumeration(values == null ? List.of() : values);
    }
    requireNoValues(name, values);
    return t;
  }

  private static void requireNoValues(String name, List<String> values) {
    if (values != null && !values.isEmpty()) {
      throw new IllegalArgumentException("field type '" + name + "' takes no values but was given " + values);
    }
  }

  /** The kind. */
  public Kind kind() {
    return kind;
  }

  /** The values of an enumeration, in declared order; empty for other kinds. */
  public List<String> values() {
    return values;
  }

  /** Whether a type is declared. */
  public boolean isDeclared() {
    return kind != Kind.ANY;
  }

  /**
   * {@code value} converted to this type for field {@code field}.
   *
   * @throws InvalidFieldValueException naming the field, the value and the type when the value cannot be converted
   *     unambiguously
   */
  public Object convert(String field, Object value) {
    if (value == null || kind == Kind.ANY) {
      return value;
    }
    Object out = switch (kind) {
      case STRING -> toText(value);
      case INTEGER -> toInteger(value);
      case NUMBER -> toNumber(value);
      case BOOLEAN -> toBoolean(value);
      case DATE -> toDate(value);
      case ENUM -> toEnum(value);
      case ANY -> value;
    };
    if (out == null) {
      throw new InvalidFieldValueException(field, value, this);
    }
    return out;
  }

  private static Object toText(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Boolean || v instanceof Long || v instanceof Integer || v instanceof Short
        || v instanceof Byte || v instanceof BigInteger) {
      return v.toString();
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Double d && Double.isFinite(d)) {
      return d.toString();
    }
    return null;
  }

  private static Object toInteger(Object v) {
    if (v instanceof Long) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b) {
      return fit(b);
    }
    if (v instanceof BigDecimal d) {
      try {
        return fit(d.toBigIntegerExact());
      } catch (ArithmeticException e) {
        return null;
      }
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) <= EXACT_DOUBLE_INTEGERS ? (Object) (long) d
          : null;
    }
    if (v instanceof String s && INTEGER_TEXT.matcher(s.strip()).matches()) {
      return fit(new BigInteger(s.strip()));
    }
    return null;
  }

  private static Object fit(BigInteger b) {
    return b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0 ? (Object) b.longValue() : b;
  }

  private static Object toNumber(Object v) {
    Object integer = v instanceof Double || v instanceof Float || v instanceof BigDecimal ? null : toInteger(v);
    if (integer != null) {
      return integer;
    }
    if (v instanceof BigDecimal) {
      return v;
    }
    if (v instanceof Double d) {
      return Double.isFinite(d) ? d : null;
    }
    if (v instanceof Float f) {
      return Float.isFinite(f) ? Double.valueOf(Float.toString(f)) : null;
    }
    if (v instanceof String s) {
      try {
        return new BigDecimal(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Object toBoolean(Object v) {
    if (v instanceof Boolean) {
      return v;
    }
    if (v instanceof String s) {
      String t = s.strip();
      if (t.equalsIgnoreCase("true")) {
        return Boolean.TRUE;
      }
      if (t.equalsIgnoreCase("false")) {
        return Boolean.FALSE;
      }
    }
    return null;
  }

  private static Object toDate(Object v) {
    if (v instanceof LocalDate d) {
      return d.toString();
    }
    if (v instanceof String s) {
      try {
        return LocalDate.parse(s.strip()).toString();
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  private Object toEnum(Object v) {
    if (!(v instanceof String s)) {
      return null;
    }
    if (values.contains(s)) {
      return s;
    }
    String match = null;
    for (String candidate : values) {
      if (candidate.equalsIgnoreCase(s.strip())) {
        if (match != null) {
          return null; // two values differ only in case: ambiguous
        }
        match = candidate;
      }
    }
    return match;
  }

  /**
   * Why a comparison of a field of this type with a literal can never be what it looks like, or {@code null} when it
   * can: a number compared with text, an ordering of booleans, an enum compared with a value it does not have.
   */
  public String mismatch(Comparison c) {
    Object lit = c.literal();
    if (lit == null || kind == Kind.ANY) {
      return null;
    }
    boolean ordering = !c.operator().equals("==") && !c.operator().equals("!=") && !c.operator().equals("in");
    return switch (kind) {
      case INTEGER, NUMBER -> lit instanceof Long || lit instanceof Double ? null
          : describe(lit) + " is not a number";
      case STRING -> lit instanceof String ? null : describe(lit) + " is not text";
      case BOOLEAN -> ordering ? "booleans have no order"
          : lit instanceof Boolean ? null : describe(lit) + " is not a boolean";
      case DATE -> lit instanceof String s && toDate(s) != null ? null : describe(lit) + " is not an ISO-8601 date";
      case ENUM -> lit instanceof String s && (ordering || values.contains(s)) ? null
          : describe(lit) + " is not one of " + values;
      case ANY -> null;
    };
  }

  private static String describe(Object lit) {
    return lit instanceof String s ? "\"" + s + "\"" : String.valueOf(lit);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldType t && kind == t.kind && values.equals(t.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, values);
  }

  /** {@code integer}, {@code enum[gold, silver]}, ... */
  @Override
  public String toString() {
    return kind == Kind.ENUM ? "enum" + values : kind.jsonName();
  }
}
