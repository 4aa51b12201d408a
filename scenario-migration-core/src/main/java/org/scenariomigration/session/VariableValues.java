package org.scenariomigration.session;

import org.scenariomigration.spi.Extractor;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.spi.SessionCommit;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.spi.UnsupportedValueException;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values a session variable, a profile field or an extracted value can hold, checked and normalised. Every store
 * keeps exactly these values and gives back exactly what it was given (in memory, H2, PostgreSQL, MariaDB), so that
 * nothing a host stores comes back changed and nothing works in memory that a database would refuse.
 *
 * <table>
 *   <caption>The value model</caption>
 *   <tr><th>kind</th><th>Java types accepted</th><th>kept as</th></tr>
 *   <tr><td>null</td><td>{@code null}</td><td>{@code null}</td></tr>
 *   <tr><td>boolean</td><td>{@link Boolean}</td><td>{@link Boolean}</td></tr>
 *   <tr><td>string</td><td>{@link String} without U+0000 and without unpaired surrogates</td>
 *       <td>{@link String}</td></tr>
 *   <tr><td>integer</td><td>{@link Long}, {@link Integer}, {@link Short}, {@link Byte}, {@link BigInteger}</td>
 *       <td>{@link Long}; a {@link BigInteger} outside the {@code long} range stays a {@link BigInteger}</td></tr>
 *   <tr><td>decimal</td><td>{@link BigDecimal}</td><td>{@link BigDecimal}, exact: value and scale
 *       ({@code 1.50} stays {@code 1.50}, {@code 1E+3} stays {@code 1E+3})</td></tr>
 *   <tr><td>double</td><td>finite {@link Double}, finite {@link Float}</td><td>{@link Double}, bit for bit
 *       ({@code -0.0}, subnormals, {@link Double#MIN_VALUE} and {@link Double#MAX_VALUE} included); a {@link Float} is
 *       widened exactly to the {@link Double} of the same value</td></tr>
 *   <tr><td>list</td><td>any {@link List} of model values</td><td>an immutable {@link List}, in order</td></tr>
 *   <tr><td>map</td><td>any {@link Map} with {@link String} keys and model values</td><td>an immutable {@link Map}
 *       whose keys iterate in ascending {@link String#compareTo} order, whatever order it was given in</td></tr>
 * </table>
 *
 * <p>Everything else is refused with {@link UnsupportedValueException} naming the field (and the path inside a nested
 * value, for example {@code address.lines[2]}) and the value's Java type: {@link Character}, {@link Enum}s, dates and
 * times, arrays ({@code byte[]}, {@code int[]}, {@code Object[]}), {@link java.util.Set}s and other collections that
 * are not lists, {@code AtomicLong} and other mutable numbers, {@code NaN} and infinities, strings holding U+0000
 * (PostgreSQL's {@code jsonb} cannot store it) or an unpaired surrogate (no database can store it as UTF-8), map keys
 * that are not strings or are {@code null}, and any other object. Maps may hold {@code null} values: a key that is
 * present with no value.
 *
 * <p>Maps are kept in key order because that is the one order every store can give back: PostgreSQL's {@code jsonb}
 * reorders object keys, and an order that only some stores kept would be a difference between them. Two maps with
 * the same entries are equal in any order, as {@link Map#equals} says; only the iteration order is normalised.
 *
 * <p>Limits, each named in the exception when exceeded: lists and maps nest at most {@value #MAX_DEPTH} levels
 * ({@link #MAX_DEPTH}); one value holds at most {@value #MAX_ELEMENTS} list elements and map entries at all levels
 * ({@link #MAX_ELEMENTS}); a string or map key holds at most {@value #MAX_STRING_LENGTH} characters
 * ({@link #MAX_STRING_LENGTH}); all strings and keys of one value together at most {@value #MAX_TOTAL_CHARS}
 * characters ({@link #MAX_TOTAL_CHARS}); a {@link BigInteger} at most {@value #MAX_NUMBER_DIGITS} digits, a
 * {@link BigDecimal} at most as many digits and a scale within plus or minus as many ({@link #MAX_NUMBER_DIGITS}).
 * For a session's variables the whole map counts as one value: the limits on elements and characters apply to all
 * its variables together, the depth to each variable's value. Checking is depth-bounded: a value nested 10,000 levels
 * deep is refused at level {@value #MAX_DEPTH} + 1, never by a {@link StackOverflowError}.
 *
 * <p>Where values are checked: {@code ScenarioMigration.setVariables}, {@link ProfileField}, {@link FilledField} and
 * {@link Extractor.Extraction} (their constructors), and every write of the in-memory and JDBC session stores
 * ({@link #normalize(SessionState)}, {@link #normalize(JournalRecord)}). A host's own {@link SessionStore} should call
 * the same two methods before it writes; the contract suites in the core test-jar check that it round-trips every
 * value of the model and refuses the rest.
 */
public final class VariableValues {
  /**
   * How many levels lists and maps may nest inside one value: {@code [[1]]} is 2 levels deep. MariaDB's
   * {@code JSON_VALID}, which checks its JSON columns, refuses documents nested 32 levels or more, and a journal record
   * holds a variable's value 3 levels down (record, session state, variables) with a tag one level below its deepest
   * list or map: 24 leaves room to spare.
   */
  public static final int MAX_DEPTH = 24;
  /** How many list elements and map entries one value may hold, counted at every level. */
  public static final int MAX_ELEMENTS = 10_000;
  /** How many characters (UTF-16 code units) one string or map key may hold. */
  public static final int MAX_STRING_LENGTH = 1 << 20;
  /** How many characters all strings and map keys of one value may hold together. */
  public static final int MAX_TOTAL_CHARS = 4 << 20;
  /**
   * How many decimal digits a {@link BigInteger} or the unscaled value of a {@link BigDecimal} may have; the scale of a
   * {@link BigDecimal} must also lie between {@code -MAX_NUMBER_DIGITS} and {@code MAX_NUMBER_DIGITS}.
   */
  public static final int MAX_NUMBER_DIGITS = 1_000;

  private static final BigInteger TOO_MANY_DIGITS = BigInteger.TEN.pow(MAX_NUMBER_DIGITS);

  private VariableValues() {}

  /**
   * Checks one value and returns it normalised: integers as {@link Long} (or {@link BigInteger} beyond its range),
   * a {@link Float} as {@link Double}, lists and maps as immutable copies with maps in key order. A value that is
   * already normal and held in Guava immutable collections is returned as it is (the same instance).
   *
   * @param field the field's name, used in the message of the exception
   * @param value the value
   * @return the normalised value
   * @throws UnsupportedValueException when the value is outside the model or beyond a limit; the message names
   *     {@code field} (with the path inside the value) and the offending type or limit
   */
  public static Object normalize(String field, Object value) {
    try {
      return normalize(value, 0, new Budget());
    } catch (Failure f) {
      throw f.toException(String.valueOf(field));
    }
  }

  /**
   * Checks a session's variables and returns them normalised: an immutable map in key order holding normalised
   * values ({@code null} values kept), counted as one value against {@link #MAX_ELEMENTS} and
   * {@link #MAX_TOTAL_CHARS}. A map that is already normal (a Guava {@link ImmutableMap} in key order holding normal
   * values) is returned as it is.
   *
   * @throws UnsupportedValueException when a variable is outside the model or a limit is exceeded, naming the
   *     variable (with the path inside its value)
   * @throws NullPointerException when {@code variables} is {@code null}
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> normalizeVariables(Map<String, ?> variables) {
    if (java.util.Objects.requireNonNull(variables, "variables must not be null").isEmpty()) {
      return Map.of();
    }
    try {
      // the variables map itself is not a nesting level: each variable's value may be MAX_DEPTH deep
      return (Map<String, Object>) normalizeMap(variables, 0, new Budget());
    } catch (Failure f) {
      throw f.toException(null);
    }
  }

  /**
   * The session with its variables {@linkplain #normalizeVariables normalised}; the same instance when they already
   * are. Stores call this before they write.
   *
   * @throws UnsupportedValueException naming the variable, when one is outside the model
   */
  public static SessionState normalize(SessionState session) {
    java.util.Objects.requireNonNull(session, "session must not be null");
    Map<String, Object> vars = normalizeVariables(session.variables());
    return vars == session.variables() ? session : withVariables(session, vars);
  }

  /**
   * The record with the variables of its {@code before} and {@code after} states normalised; the same instance when
   * they already are. (The values of its filled fields are normalised by {@link FilledField} itself.)
   *
   * @throws UnsupportedValueException naming the variable, when one is outside the model
   */
  public static JournalRecord normalize(JournalRecord record) {
    java.util.Objects.requireNonNull(record, "record must not be null");
    SessionState before = normalize(record.before());
    return normalize(record, before, normalize(record.after(), null, record.before().variables(),
        before.variables()));
  }

  /**
   * The commit with its session and journal record normalised ({@link #normalize(SessionState)},
   * {@link #normalize(JournalRecord)}), variables the session and its record share normalised once; the same instance
   * when everything already is. Stores call this before {@link SessionStore#commit} and
   * {@link SessionStore#commitAll} write.
   *
   * @throws UnsupportedValueException naming the variable, when one is outside the model
   */
  public static SessionCommit normalize(SessionCommit commit) {
    return normalize(java.util.Objects.requireNonNull(commit, "commit must not be null"), null);
  }

  /** {@link #normalize(SessionCommit)} for a store that knows {@code trusted} to be normal already. */
  public static SessionCommit normalize(SessionCommit commit, Map<String, Object> trusted) {
    SessionState given = commit.session();
    SessionState session = normalize(given, trusted, null, null);
    JournalRecord r = commit.record();
    JournalRecord record = normalize(r, normalize(r.before(), trusted, given.variables(), session.variables()),
        normalize(r.after(), trusted, given.variables(), session.variables()));
    return session == given && record == r ? commit
        : new SessionCommit(session, commit.expectedRevision(), record, commit.expectedGeneration());
  }

  /** {@code record} with {@code before} and {@code after}, or itself when they are its own. */
  private static JournalRecord normalize(JournalRecord record, SessionState before, SessionState after) {
    if (before == record.before() && after == record.after()) {
      return record;
    }
    return new JournalRecord(record.id(), record.tenantId(), record.sessionId(), record.planId(), record.kind(),
        record.migrationScenario(), before, after, record.filledFields(), record.askedFields(),
        record.checkpointWarning(), record.at());
  }

  /**
   * {@code s} normalised, for a store that knows {@code trusted} to be normal already (the variables it holds for the
   * session): variables identical to {@code trusted} or {@code replacement} are kept, variables identical to
   * {@code original} become {@code replacement} (normalised once for a session and reused for its journal record),
   * anything else is normalised.
   */
  public static SessionState normalize(SessionState s, Map<String, Object> trusted, Map<String, Object> original,
      Map<String, Object> replacement) {
    Map<String, Object> vars = s.variables();
    if (vars == trusted || vars == replacement) {
      return s;
    }
    if (vars == original) {
      return withVariables(s, replacement);
    }
    return normalize(s);
  }

  /** {@code s} with other variables (everything else, the revision included, unchanged). */
  private static SessionState withVariables(SessionState s, Map<String, Object> vars) {
    return s.withVariablesReplaced(vars); // (the end and the pin generation kept too)
  }

  // ------------------------------------------------------------------------------------------- checking

  /** What one value has used of the limits that count over all its levels. */
  private static final class Budget {
    int elements;
    long chars;
  }

  /**
   * A refusal on its way up: each level it passes adds its map key or list index to the path, so the success path
   * builds no path at all. No stack trace: it is always turned into an {@link UnsupportedValueException}.
   */
  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> path = new ArrayList<>(); // innermost first
    private final String valueType;
    private final String limit;
    private final String problem;

    Failure(String valueType, String limit, String problem) {
      super(null, null, false, false);
      this.valueType = valueType;
      this.limit = limit;
      this.problem = problem;
    }

    Failure at(String segment) {
      path.add(segment);
      return this;
    }

    UnsupportedValueException toException(String root) {
      StringBuilder p = new StringBuilder(root == null ? "" : root);
      for (int i = path.size() - 1; i >= 0; i--) {
        String s = path.get(i);
        if (p.length() > 0 && !s.startsWith("[")) {
          p.append('.');
        }
        p.append(s);
      }
      String field = p.length() == 0 ? "variables" : p.toString();
      String message = "unsupported value for '" + field + "': " + problem
          + (limit == null ? ". " + MODEL : " (limit VariableValues." + limit + ")");
      return new UnsupportedValueException(field, valueType, limit, message);
    }
  }

  private static final String MODEL = "Supported values are null, Boolean, String (without U+0000 and unpaired "
      + "surrogates), Long/Integer/Short/Byte/BigInteger, BigDecimal, finite Double/Float, List and Map with String "
      + "keys";

  private static Object normalize(Object v, int depth, Budget budget) throws Failure {
    if (v == null || v instanceof Boolean || v instanceof Long) {
      return v;
    }
    if (v instanceof String s) {
      checkString(s, budget, "java.lang.String");
      return s;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double d) {
      return checkFinite(d, d);
    }
    if (v instanceof Float f) {
      return checkFinite(f.doubleValue(), f);
    }
    if (v instanceof BigInteger b) {
      return integer(b);
    }
    if (v instanceof BigDecimal b) {
      return decimal(b);
    }
    if (v instanceof List<?> l) {
      return normalizeList(l, depth + 1, budget);
    }
    if (v instanceof Map<?, ?> m) {
      return normalizeMap(m, depth + 1, budget);
    }
    throw unsupported(v);
  }

  private static Failure unsupported(Object v) {
    String type = v.getClass().getName();
    String shown;
    if (v instanceof Character c) {
      shown = "a " + type + " ('" + c + "')";
    } else if (v.getClass().isArray()) {
      shown = "an array " + v.getClass().getSimpleName() + " (" + type + ")";
    } else {
      shown = "a " + type;
    }
    return new Failure(type, null, shown + " is not a supported value");
  }

  private static Object checkFinite(double d, Object original) throws Failure {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new Failure(original.getClass().getName(), null, "a " + original.getClass().getName() + " " + d
          + " is not a supported value (only finite numbers are)");
    }
    return original instanceof Double ? original : Double.valueOf(d);
  }

  private static Object integer(BigInteger b) throws Failure {
    if (b.bitLength() < 64) {
      return b.longValue();
    }
    if (b.bitLength() > 3322 || b.abs().compareTo(TOO_MANY_DIGITS) >= 0) {
      throw new Failure(b.getClass().getName(), "MAX_NUMBER_DIGITS", "a " + b.getClass().getName() + " of "
          + b.bitLength() + " bits has more than " + MAX_NUMBER_DIGITS + " digits");
    }
    // a subclass could be mutable: keep a plain BigInteger
    return b.getClass() == BigInteger.class ? b : new BigInteger(b.toByteArray());
  }

  private static Object decimal(BigDecimal b) throws Failure {
    BigInteger unscaled = b.unscaledValue();
    if (unscaled.bitLength() > 3322 || unscaled.abs().compareTo(TOO_MANY_DIGITS) >= 0) {
      throw new Failure(b.getClass().getName(), "MAX_NUMBER_DIGITS", "a " + b.getClass().getName() + " with an "
          + "unscaled value of " + unscaled.bitLength() + " bits has more than " + MAX_NUMBER_DIGITS + " digits");
    }
    if (b.scale() > MAX_NUMBER_DIGITS || b.scale() < -MAX_NUMBER_DIGITS) {
      throw new Failure(b.getClass().getName(), "MAX_NUMBER_DIGITS", "a " + b.getClass().getName() + " of scale "
          + b.scale() + " is outside -" + MAX_NUMBER_DIGITS + " to " + MAX_NUMBER_DIGITS);
    }
    return b.getClass() == BigDecimal.class ? b : new BigDecimal(unscaled, b.scale());
  }

  private static void checkString(String s, Budget budget, String what) throws Failure {
    int n = s.length();
    if (n > MAX_STRING_LENGTH) {
      throw new Failure(String.class.getName(), "MAX_STRING_LENGTH", "a " + what + " of " + n
          + " characters is longer than " + MAX_STRING_LENGTH);
    }
    budget.chars += n;
    if (budget.chars > MAX_TOTAL_CHARS) {
      throw new Failure(String.class.getName(), "MAX_TOTAL_CHARS", "the strings and keys hold more than "
          + MAX_TOTAL_CHARS + " characters together");
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == 0) {
        throw new Failure(String.class.getName(), null, "a " + what + " holding U+0000 (at index " + i
            + ") is not a supported value");
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          throw new Failure(String.class.getName(), null, "a " + what + " holding an unpaired surrogate U+"
              + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " (at index " + i
              + ") is not a supported value");
        }
      }
    }
  }

  private static void count(Budget budget, int n) throws Failure {
    budget.elements += n;
    if (budget.elements > MAX_ELEMENTS) {
      throw new Failure(null, "MAX_ELEMENTS", "the lists and maps hold more than " + MAX_ELEMENTS
          + " elements and entries together");
    }
  }

  private static Failure tooDeep(Object container) {
    return new Failure(container.getClass().getName(), "MAX_DEPTH", "a " + container.getClass().getName()
        + " nested more than " + MAX_DEPTH + " levels deep");
  }

  private static Object normalizeList(List<?> l, int depth, Budget budget) throws Failure {
    if (depth > MAX_DEPTH) {
      throw tooDeep(l);
    }
    int n = l.size();
    count(budget, n);
    Object[] out = null; // allocated at the first element that changes
    boolean nulls = false;
    int i = 0;
    for (Object x : l) {
      Object y;
      try {
        y = normalize(x, depth, budget);
      } catch (Failure f) {
        throw f.at("[" + i + "]");
      }
      nulls |= y == null;
      if (out == null && y != x) {
        out = l.toArray();
      }
      if (out != null) {
        out[i] = y;
      }
      i++;
    }
    if (out == null && l instanceof ImmutableList) {
      return l;
    }
    if (out == null) {
      out = l.toArray();
    }
    return nulls ? Collections.unmodifiableList(Arrays.asList(out)) : ImmutableList.copyOf(out);
  }

  private static Object normalizeMap(Map<?, ?> m, int depth, Budget budget) throws Failure {
    if (depth > MAX_DEPTH) {
      throw tooDeep(m);
    }
    count(budget, m.size());
    boolean same = m instanceof ImmutableMap;
    boolean nulls = false;
    String previous = null;
    String[] keys = new String[m.size()];
    Object[] values = new Object[keys.length];
    int i = 0;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      Object k = e.getKey();
      if (!(k instanceof String key)) {
        Failure f = k == null ? new Failure(null, null, "a null map key is not supported")
            : new Failure(k.getClass().getName(), null, "a map key of type " + k.getClass().getName()
                + " is not supported (keys are strings)");
        throw f.at(k == null ? "<null key>" : segment(String.valueOf(k)));
      }
      try {
        checkString(key, budget, "map key (java.lang.String)");
      } catch (Failure f) {
        throw f.at(segment(key));
      }
      Object x = e.getValue();
      Object y;
      try {
        y = normalize(x, depth, budget);
      } catch (Failure f) {
        throw f.at(segment(key));
      }
      nulls |= y == null;
      same &= y == x && (previous == null || previous.compareTo(key) < 0);
      previous = key;
      keys[i] = key;
      values[i] = y;
      i++;
    }
    if (same) {
      return m;
    }
    Integer[] order = new Integer[keys.length];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> keys[a].compareTo(keys[b]));
    if (nulls) {
      Map<String, Object> out = new LinkedHashMap<>(Math.max(4, keys.length * 4 / 3 + 1));
      for (Integer k : order) {
        out.put(keys[k], values[k]);
      }
      return Collections.unmodifiableMap(out);
    }
    ImmutableMap.Builder<String, Object> b = ImmutableMap.builderWithExpectedSize(keys.length);
    for (Integer k : order) {
      b.put(keys[k], values[k]);
    }
    return b.buildOrThrow();
  }

  /** A map key as a path segment: as it is, or quoted when it is empty or holds a dot, a bracket or a quote. */
  private static String segment(String key) {
    String shown = key.length() > 60 ? key.substring(0, 57) + "..." : key;
    if (!key.isEmpty() && shown.indexOf('.') < 0 && shown.indexOf('[') < 0 && shown.indexOf(']') < 0
        && shown.indexOf('"') < 0) {
      return shown;
    }
    return "[\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }
}
