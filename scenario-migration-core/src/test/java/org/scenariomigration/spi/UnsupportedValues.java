package org.scenariomigration.spi;

import org.scenariomigration.session.VariableValues;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Values {@link VariableValues} refuses, each with what the refusal must name, for the store contract suites and the
 * engine's tests: every store must refuse each of them (as {@link UnsupportedValueException}) and store nothing.
 */
public final class UnsupportedValues {

  /**
   * One refused value.
   *
   * @param name what it is, for test messages
   * @param value the value
   * @param valueType the Java type the exception must name, or {@code null}
   * @param limit the limit the exception must name, or {@code null}
   */
  public record Case(String name, Object value, String valueType, String limit) {
    @Override
    public String toString() {
      return name; // a value nested 10,000 deep must not be printed
    }

    /**
     * Checks that {@code e} refused this value placed at {@code field}: it names the field (or a path inside it, for
     * values refused below their top), the type or the limit.
     */
    public void check(Throwable e, String field) {
      assertThat(e).as(name).isInstanceOf(UnsupportedValueException.class);
      UnsupportedValueException u = (UnsupportedValueException) e;
      assertThat(u.field()).as(name).startsWith(field);
      assertThat(u.getMessage()).as(name).contains("'" + field);
      if (valueType != null) {
        assertThat(u.valueType()).as(name).isEqualTo(valueType);
        assertThat(u.getMessage()).as(name).contains(valueType);
      }
      assertThat(u.limit()).as(name).isEqualTo(limit);
      if (limit != null) {
        assertThat(u.getMessage()).as(name).contains("VariableValues." + limit);
      }
    }
  }

  private UnsupportedValues() {}

  /** Every kind of value the model refuses, and values just beyond each limit. */
  public static List<Case> cases() {
    Map<Object, Object> intKey = new HashMap<>();
    intKey.put(7, "seven");
    Map<String, Object> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    List<Object> tooMany = new ArrayList<>();
    for (int i = 0; i <= VariableValues.MAX_ELEMENTS; i++) {
      tooMany.add(1L);
    }
    List<Object> tooManyChars = new ArrayList<>();
    for (int i = 0; i <= VariableValues.MAX_TOTAL_CHARS / VariableValues.MAX_STRING_LENGTH; i++) {
      tooManyChars.add("x".repeat(VariableValues.MAX_STRING_LENGTH));
    }
    return List.of(
        new Case("NaN", Double.NaN, "java.lang.Double", null),
        new Case("Infinity", Double.POSITIVE_INFINITY, "java.lang.Double", null),
        new Case("-Infinity", Double.NEGATIVE_INFINITY, "java.lang.Double", null),
        new Case("a float NaN", Float.NaN, "java.lang.Float", null),
        new Case("a Character", 'x', "java.lang.Character", null),
        new Case("a LocalDate", LocalDate.of(2026, 11, 29), "java.time.LocalDate", null),
        new Case("a byte[]", new byte[] {1, 2}, "[B", null),
        new Case("an int[]", new int[] {1, 2}, "[I", null),
        new Case("an Object[]", new Object[] {"a"}, "[Ljava.lang.Object;", null),
        new Case("an Object", new Object(), "java.lang.Object", null),
        new Case("a Set", Set.of("a"), Set.of("a").getClass().getName(), null),
        new Case("an AtomicLong", new AtomicLong(3), "java.util.concurrent.atomic.AtomicLong", null),
        new Case("an enum", Thread.State.NEW, "java.lang.Thread$State", null),
        new Case("a string with U+0000", "a\u0000b", "java.lang.String", null),
        new Case("a string with an unpaired high surrogate", "a\uD800", "java.lang.String", null),
        new Case("a string with an unpaired low surrogate", "\uDC00b", "java.lang.String", null),
        new Case("a map with an Integer key", intKey, "java.lang.Integer", null),
        new Case("a map with a null key", nullKey, null, null),
        new Case("a map key with U+0000", Map.of("k\u0000", 1L), "java.lang.String", null),
        new Case("a list nested 10,000 deep", deepList(10_000), null, "MAX_DEPTH"),
        new Case("a map nested 10,000 deep", deepMap(10_000), null, "MAX_DEPTH"),
        new Case("a list nested one level too deep", deepList(VariableValues.MAX_DEPTH + 1), null, "MAX_DEPTH"),
        new Case("a string one character too long", "x".repeat(VariableValues.MAX_STRING_LENGTH + 1),
            "java.lang.String", "MAX_STRING_LENGTH"),
        new Case("strings too long together", tooManyChars, null, "MAX_TOTAL_CHARS"),
        new Case("a list one element too long", tooMany, null, "MAX_ELEMENTS"),
        new Case("a BigInteger of 1,001 digits", BigInteger.TEN.pow(VariableValues.MAX_NUMBER_DIGITS),
            "java.math.BigInteger", "MAX_NUMBER_DIGITS"),
        new Case("a BigDecimal of 1,001 digits", new BigDecimal(BigInteger.TEN.pow(VariableValues.MAX_NUMBER_DIGITS),
            2), "java.math.BigDecimal", "MAX_NUMBER_DIGITS"),
        new Case("a BigDecimal of scale 1,001", BigDecimal.ONE.movePointLeft(VariableValues.MAX_NUMBER_DIGITS + 1),
            "java.math.BigDecimal", "MAX_NUMBER_DIGITS"),
        new Case("a BigDecimal of scale -1,001", new BigDecimal(BigInteger.ONE,
            -VariableValues.MAX_NUMBER_DIGITS - 1), "java.math.BigDecimal", "MAX_NUMBER_DIGITS"));
  }

  /** A list nested {@code depth} levels deep, built without recursion. */
  public static List<Object> deepList(int depth) {
    List<Object> v = new ArrayList<>(List.of(1L));
    for (int i = 1; i < depth; i++) {
      v = new ArrayList<>(Arrays.asList((Object) v));
    }
    return v;
  }

  /** A map nested {@code depth} levels deep, built without recursion. */
  public static Map<String, Object> deepMap(int depth) {
    Map<String, Object> v = new HashMap<>(Map.of("k", 1L));
    for (int i = 1; i < depth; i++) {
      Map<String, Object> outer = new HashMap<>();
      outer.put("k", v);
      v = outer;
    }
    return v;
  }
}
