package org.scenariomigration.spi;

import org.scenariomigration.session.VariableValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.sessions.JqwikSession;

/**
 * jqwik generators of the values {@link VariableValues} supports, for round-trip properties of every store (the store
 * contract suites run them; so should a host's own store).
 *
 * <p>{@link #values()} gives values as a host might pass them: integers as {@link Integer}, {@link Short},
 * {@link Byte}, {@link Long} or {@link BigInteger} (in and beyond the {@code long} range, up to
 * {@link VariableValues#MAX_NUMBER_DIGITS} digits), {@link BigDecimal}s of every scale from
 * {@code -MAX_NUMBER_DIGITS} to {@code MAX_NUMBER_DIGITS}, doubles with {@code -0.0}, {@link Double#MIN_VALUE},
 * {@link Double#MAX_VALUE}, subnormals and arbitrary bit patterns, {@link Float}s, strings with quotes, backslashes,
 * control characters, astral characters and emoji, text that looks like JSON or like the JDBC codec's tags, lists and
 * maps (mutable or immutable, in any key order, with {@code null} elements and values, keys starting with {@code $})
 * nested a few levels, and now and then a chain nested exactly {@link VariableValues#MAX_DEPTH} levels deep with a
 * decimal or {@code -0.0} at the bottom. What a store must give back is {@link VariableValues#normalize} of it;
 * {@link #describe} renders a value with its Java types and iteration order, so that comparing two descriptions
 * checks what {@link Object#equals} does not (a map's order, a double's sign bit through lists and maps).
 */
public final class ValueGenerators {
  /** Strings that have tripped JSON writers, SQL and databases. */
  public static final List<String> AWKWARD_STRINGS = List.of("", " ", "o'brien\"; DROP TABLE x; --", "\\", "\"",
      "\\u0000", "back\\slash \"quoted\"", "\u0001\u001f\t\n\r\b\f", "\u007f\u0080\u00ff", "Zürich", "\u2603",
      "\uD83D\uDE00", "a\uD83D\uDE00b\uD801\uDC37", "\uDBFF\uDFFF", "\uFEFF", "\u202Egnp.exe", "\u2028\u2029",
      "e\u0301", "\uFFFF\uFFFE", "{\"a\": 1}", "[1, 2]", "null", "true", "-0.0", "1e400", "NaN", "$decimal",
      "{\"$decimal\": \"1.5\"}", "</script>", "%s%n", "x".repeat(300));
  /** Map keys that have tripped the same, and the JDBC codec's tags. */
  public static final List<String> AWKWARD_KEYS = List.of("", "$", "$$", "$decimal", "$double", "$$decimal", "$ref",
      "$$$x", "a.b", "a[0]", "\"", "o'brien", "\uD83D\uDE00", "Zürich", "\u0001", " key ", "aa", "b", "A", "_");

  private ValueGenerators() {}

  /** Any value of the model, as a host might pass it (see the class comment). */
  public static Arbitrary<Object> values() {
    return Arbitraries.frequencyOf(Tuple.of(12, nested(4)), Tuple.of(1, deepest()));
  }

  /**
   * Scalars, or lists and maps of values nested up to {@code levels} more levels: built once per level (jqwik's
   * {@code recursive} builds the arbitraries again for every sample, twenty times slower).
   */
  private static Arbitrary<Object> nested(int levels) {
    if (levels == 0) {
      return scalars();
    }
    return Arbitraries.frequencyOf(Tuple.of(3, scalars()), Tuple.of(2, containers(nested(levels - 1))));
  }

  /** Session variables: a map of 0 to 8 variables named by ordinary and awkward keys, with {@link #values()}. */
  public static Arbitrary<Map<String, Object>> variables() {
    return Combinators.combine(keys().list().ofMaxSize(8), values().list().ofSize(8), Arbitraries.of(true, false))
        .as((keys, vals, hashed) -> {
          Map<String, Object> m = hashed ? new HashMap<>() : new LinkedHashMap<>();
          for (int i = 0; i < keys.size(); i++) {
            m.put(keys.get(i), vals.get(i));
          }
          return m;
        })
        .filter(ValueGenerators::withinLimits);
  }

  /** Whether the variables are within the limits {@link VariableValues} counts over a whole map. */
  private static boolean withinLimits(Map<String, Object> vars) {
    try {
      VariableValues.normalizeVariables(vars);
      return true;
    } catch (UnsupportedValueException e) {
      return false;
    }
  }

  /** Scalars: null, booleans, strings, every integer and decimal type, doubles and floats. */
  public static Arbitrary<Object> scalars() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(null)),
        Tuple.of(1, Arbitraries.of(Boolean.TRUE, Boolean.FALSE)),
        Tuple.of(4, strings()),
        Tuple.of(3, integers()),
        Tuple.of(3, decimals()),
        Tuple.of(4, doubles()));
  }

  /** Strings without U+0000 and unpaired surrogates: awkward ones, random code points (astral ones too), long ones. */
  public static Arbitrary<String> strings() {
    Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.integers().between(0x20, 0x7e)),
        Tuple.of(2, Arbitraries.integers().between(1, 0x1f)),
        Tuple.of(2, Arbitraries.integers().between(0x80, 0xd7ff)),
        Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
        Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10ffff)));
    Arbitrary<String> random = codePoint.list().ofMaxSize(24).map(cps -> {
      StringBuilder b = new StringBuilder();
      cps.forEach(b::appendCodePoint);
      return b.toString();
    });
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of(AWKWARD_STRINGS)),
        Tuple.of(5, random),
        Tuple.of(1, Arbitraries.integers().between(1_000, 5_000).map(n -> "\u00e9\"".repeat(n / 2))));
  }

  /** Integers of every Java type, with the edges of each range and numbers of up to 1,000 digits. */
  public static Arbitrary<Object> integers() {
    BigInteger longMax = BigInteger.valueOf(Long.MAX_VALUE);
    // 64 to 3,321 bits: 20 to 1,000 digits (2^3321 < 10^1000)
    Arbitrary<BigInteger> beyondLong = Combinators.combine(Arbitraries.integers().between(64, 3321),
        Arbitraries.longs()).as((bits, seed) -> new BigInteger(bits, new java.util.Random(seed)).setBit(bits - 1));
    return Arbitraries.oneOf(List.of(
        Arbitraries.of(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, (long) Integer.MAX_VALUE + 1,
            (long) Integer.MIN_VALUE - 1, 9_007_199_254_740_993L),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.shorts().map(s -> (Object) s),
        Arbitraries.bytes().map(b -> (Object) b),
        Arbitraries.longs().map(l -> (Object) BigInteger.valueOf(l)),
        Arbitraries.of(longMax.add(BigInteger.ONE), BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE),
            BigInteger.TEN.pow(VariableValues.MAX_NUMBER_DIGITS).subtract(BigInteger.ONE),
            BigInteger.TEN.pow(VariableValues.MAX_NUMBER_DIGITS).subtract(BigInteger.ONE).negate()),
        Combinators.combine(beyondLong, Arbitraries.of(1, -1))
            .as((b, sign) -> (Object) (sign < 0 ? b.negate() : b))));
  }

  /** Decimals: value and scale matter ({@code 1.50} is not {@code 1.5}), scales from -1,000 to 1,000. */
  public static Arbitrary<Object> decimals() {
    Arbitrary<BigInteger> unscaled = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.longs().between(-1_000_000, 1_000_000).map(BigInteger::valueOf)),
        Tuple.of(2, Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))),
        Tuple.of(1, Arbitraries.integers().between(1, VariableValues.MAX_NUMBER_DIGITS)
            .map(n -> BigInteger.TEN.pow(n).subtract(BigInteger.ONE))));
    Arbitrary<Integer> scale = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.integers().between(-5, 20)),
        Tuple.of(1, Arbitraries.integers().between(-VariableValues.MAX_NUMBER_DIGITS,
            VariableValues.MAX_NUMBER_DIGITS)),
        Tuple.of(1, Arbitraries.of(-VariableValues.MAX_NUMBER_DIGITS, VariableValues.MAX_NUMBER_DIGITS)));
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.of(new BigDecimal("1.50"), new BigDecimal("1.5"), new BigDecimal("0.00"),
            new BigDecimal("1E+3"), new BigDecimal("-0.000"), new BigDecimal("123456789012345678901234567890.123"),
            BigDecimal.ZERO, BigDecimal.ONE.negate())),
        Tuple.of(5, Combinators.combine(unscaled, scale).as(BigDecimal::new)))
        .map(d -> (Object) d);
  }

  /** Doubles: the edges, subnormals, whole numbers, random bit patterns (finite ones), and a few floats. */
  public static Arbitrary<Object> doubles() {
    return Arbitraries.frequencyOf(
        // the edges weigh most: the coverage checks of the value properties need each of them in every run
        Tuple.of(6, Arbitraries.of(-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
            -Double.MAX_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), 1e20, 1e21, 1e-7, 0.1, 100.0,
            -1.5, 9_007_199_254_740_993.0, 4.35, 1.0 / 3)),
        Tuple.of(2, Arbitraries.longs().between(1, (1L << 52) - 1).map(Double::longBitsToDouble)),
        Tuple.of(3, Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite)),
        Tuple.of(2, Arbitraries.doubles()),
        Tuple.of(1, Arbitraries.integers().between(-1_000_000, 1_000_000).map(i -> (double) i)),
        Tuple.of(1, Arbitraries.floats()));
  }

  /** Map keys: ordinary names and awkward ones. */
  public static Arbitrary<String> keys() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)),
        Tuple.of(2, Arbitraries.of(AWKWARD_KEYS)),
        Tuple.of(1, strings()));
  }

  /** Lists and maps of {@code inner}: mutable or immutable, maps in any order, nulls inside now and then. */
  private static Arbitrary<Object> containers(Arbitrary<Object> inner) {
    Arbitrary<List<Object>> elements = inner.injectNull(0.1).list().ofMaxSize(4); // a null inside, now and then
    Arbitrary<Object> list = Combinators.combine(elements, Arbitraries.integers().between(0, 2)).as((l, kind) ->
        kind == 0 ? (Object) new ArrayList<>(l) : kind == 1 ? Arrays.asList(l.toArray())
            : l.contains(null) ? new ArrayList<>(l) : com.google.common.collect.ImmutableList.copyOf(l));
    Arbitrary<Object> map = Combinators.combine(keys().list().ofMaxSize(4), elements.list().ofSize(1),
        Arbitraries.integers().between(0, 2)).as((ks, vs, kind) -> {
          Map<String, Object> m = kind == 0 ? new HashMap<>() : new LinkedHashMap<>();
          List<Object> v = vs.get(0);
          for (int i = 0; i < ks.size(); i++) {
            m.put(ks.get(i), i < v.size() ? v.get(i) : null);
          }
          return kind == 2 && !m.containsValue(null) ? com.google.common.collect.ImmutableMap.copyOf(m) : m;
        });
    return Arbitraries.oneOf(List.of(list, map));
  }

  /**
   * A chain of lists and maps nested exactly {@link VariableValues#MAX_DEPTH} levels deep (the most the model holds)
   * with a decimal, {@code -0.0}, {@link Double#MIN_VALUE} or a string at the bottom: the deepest JSON a store
   * writes, tags included.
   */
  public static Arbitrary<Object> deepest() {
    Arbitrary<Object> bottom = Arbitraries.of(new BigDecimal("-1.50E-7"), -0.0, Double.MIN_VALUE, "bottom");
    return Combinators.combine(bottom, Arbitraries.longs()).as((leaf, shape) -> {
      Object v = leaf;
      for (int level = 0; level < VariableValues.MAX_DEPTH; level++) {
        v = (shape >>> (level % 64) & 1) == 0 ? List.of(v) : Map.of(level % 3 == 0 ? "$decimal" : "k", v);
      }
      return v;
    });
  }

  /**
   * {@code count} samples of {@code arbitrary}, the same ones for the same {@code seed}: for the store contract
   * suites, whose JUnit {@code @Nested} classes jqwik cannot run as properties.
   */
  public static <T> List<T> samples(Arbitrary<T> arbitrary, long seed, int count) {
    JqwikSession.start(Long.toString(seed));
    try {
      return arbitrary.sampleStream().limit(count).collect(Collectors.toList());
    } finally {
      JqwikSession.finish();
    }
  }

  /**
   * A rendering of {@code v} with the Java type of every part and every map in its iteration order:
   * {@code {b=L:1, a=[D:8000000000000000]}} for a map iterating {@code b} first, holding the long 1 and a list of
   * {@code -0.0}. Two values that {@link VariableValues} kept exactly have the same description.
   */
  public static String describe(Object v) {
    StringBuilder b = new StringBuilder();
    describe(v, b);
    return b.toString();
  }

  private static void describe(Object v, StringBuilder b) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        b.append(i == 0 ? "" : ", ");
        describe(l.get(i), b);
      }
      b.append(']');
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.append(first ? "" : ", ").append('"').append(e.getKey()).append("\"=");
        describe(e.getValue(), b);
        first = false;
      }
      b.append('}');
    } else if (v instanceof Double d) {
      b.append("D:").append(Long.toHexString(Double.doubleToRawLongBits(d))).append('(').append(d).append(')');
    } else if (v instanceof BigDecimal d) {
      b.append("M:").append(d.unscaledValue()).append("E").append(-d.scale());
    } else if (v instanceof String s) {
      b.append("S:\"").append(s).append('"');
    } else {
      b.append(v.getClass().getSimpleName()).append(':').append(v);
    }
  }

  /**
   * The features of a value that the round-trip suites must have seen at least once, for a coverage check of the
   * samples they draw: {@code -0.0}, {@code min-double}, {@code max-double}, {@code subnormal}, {@code big-integer},
   * {@code decimal-negative-scale}, {@code decimal-trailing-zero}, {@code astral}, {@code control-char},
   * {@code dollar-key}, {@code tag-key}, {@code null-in-list}, {@code null-in-map}, {@code max-depth},
   * {@code unsorted-map}, {@code int}, {@code float}.
   */
  public static Set<String> features(Object value) {
    Set<String> out = new LinkedHashSet<>();
    walk(value, 0, out::add);
    return out;
  }

  private static void walk(Object v, int depth, Consumer<String> seen) {
    if (depth == VariableValues.MAX_DEPTH) {
      seen.accept("max-depth");
    }
    if (v instanceof Double d) {
      if (Double.doubleToRawLongBits(d) == Long.MIN_VALUE) {
        seen.accept("-0.0");
      }
      if (Math.abs(d) == Double.MIN_VALUE) {
        seen.accept("min-double");
      }
      if (Math.abs(d) == Double.MAX_VALUE) {
        seen.accept("max-double");
      }
      if (d != 0 && Math.abs(d) < Double.MIN_NORMAL) {
        seen.accept("subnormal");
      }
    } else if (v instanceof Float) {
      seen.accept("float");
    } else if (v instanceof Integer) {
      seen.accept("int");
    } else if (v instanceof BigInteger b && b.bitLength() >= 64) {
      seen.accept("big-integer");
    } else if (v instanceof BigDecimal d) {
      if (d.scale() < 0) {
        seen.accept("decimal-negative-scale");
      }
      if (d.scale() > 0 && d.unscaledValue().mod(BigInteger.TEN).signum() == 0) {
        seen.accept("decimal-trailing-zero");
      }
    } else if (v instanceof String s) {
      string(s, seen);
    } else if (v instanceof List<?> l) {
      for (Object x : l) {
        if (x == null) {
          seen.accept("null-in-list");
        }
        walk(x, depth + 1, seen);
      }
    } else if (v instanceof Map<?, ?> m) {
      String previous = null;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = (String) e.getKey();
        if (k.startsWith("$")) {
          seen.accept("dollar-key");
        }
        if (k.equals("$decimal") || k.equals("$double")) {
          seen.accept("tag-key");
        }
        if (previous != null && previous.compareTo(k) > 0) {
          seen.accept("unsorted-map");
        }
        previous = k;
        string(k, seen);
        if (e.getValue() == null) {
          seen.accept("null-in-map");
        }
        walk(e.getValue(), depth + 1, seen);
      }
    }
  }

  private static void string(String s, Consumer<String> seen) {
    if (s.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
      seen.accept("astral");
    }
    if (s.chars().anyMatch(c -> c < 0x20)) {
      seen.accept("control-char");
    }
  }

  /** Every feature {@link #features} names. */
  public static final Set<String> ALL_FEATURES = Set.of("-0.0", "min-double", "max-double", "subnormal",
      "big-integer", "decimal-negative-scale", "decimal-trailing-zero", "astral", "control-char", "dollar-key",
      "tag-key", "null-in-list", "null-in-map", "max-depth", "unsorted-map", "int", "float");
}
