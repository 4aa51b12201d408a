package org.scenariomigration.session;

import org.scenariomigration.spi.Extractor;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.spi.UnsupportedValueException;
import org.scenariomigration.spi.UnsupportedValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@link VariableValues} accepts, how it normalises, what it refuses and how the refusal reads. */
class VariableValuesTest {

  @Test
  void integers_become_longs_and_big_integers_only_beyond_the_long_range() {
    assertThat(VariableValues.normalize("x", 7)).isEqualTo(7L);
    assertThat(VariableValues.normalize("x", (short) -7)).isEqualTo(-7L);
    assertThat(VariableValues.normalize("x", (byte) 7)).isEqualTo(7L);
    assertThat(VariableValues.normalize("x", BigInteger.valueOf(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    BigInteger beyond = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);
    assertThat(VariableValues.normalize("x", beyond)).isSameAs(beyond);
  }

  @Test
  void decimals_keep_their_scale_and_doubles_their_sign_and_floats_widen_exactly() {
    BigDecimal d = new BigDecimal("1.50");
    assertThat(VariableValues.normalize("x", d)).isSameAs(d);
    assertThat(VariableValues.normalize("x", new BigDecimal("1E+3"))).isEqualTo(new BigDecimal("1E+3"));
    assertThat(Double.doubleToRawLongBits((Double) VariableValues.normalize("x", -0.0))).isEqualTo(Long.MIN_VALUE);
    assertThat(VariableValues.normalize("x", 0.1f)).isEqualTo((double) 0.1f);
  }

  @Test
  void maps_come_in_key_order_keeping_null_values_and_lists_keep_nulls() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", 1);
    m.put("a", null);
    m.put("c", Arrays.asList(null, 2));

    @SuppressWarnings("unchecked")
    Map<String, Object> n = (Map<String, Object>) VariableValues.normalize("x", m);

    assertThat(n.keySet()).containsExactly("a", "b", "c");
    assertThat(n).containsEntry("a", null).containsEntry("b", 1L).containsEntry("c", Arrays.asList(null, 2L));
    assertThatThrownBy(() -> n.put("d", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void normal_variables_in_an_immutable_map_are_returned_as_they_are() {
    Map<String, Object> normal = ImmutableMap.of("a", 1L, "b", ImmutableList.of("x"), "c", ImmutableMap.of("k", 2.5));

    assertThat(VariableValues.normalizeVariables(normal)).isSameAs(normal);
    assertThat(VariableValues.normalizeVariables(ImmutableMap.of("b", 1L, "a", 2L))).containsExactly(
        Map.entry("a", 2L), Map.entry("b", 1L));
  }

  @Test
  void the_refusal_names_the_path_inside_the_value_and_the_type() {
    Map<String, Object> vars = Map.of("address", Map.of("lines", List.of("a", "b", 'c')));

    assertThatThrownBy(() -> VariableValues.normalizeVariables(vars))
        .isInstanceOfSatisfying(UnsupportedValueException.class, e -> {
          assertThat(e.field()).isEqualTo("address.lines[2]");
          assertThat(e.valueType()).isEqualTo("java.lang.Character");
          assertThat(e.limit()).isNull();
        })
        .hasMessage("unsupported value for 'address.lines[2]': a java.lang.Character ('c') is not a supported "
            + "value. Supported values are null, Boolean, String (without U+0000 and unpaired surrogates), "
            + "Long/Integer/Short/Byte/BigInteger, BigDecimal, finite Double/Float, List and Map with String keys");
    assertThatThrownBy(() -> VariableValues.normalize("due", LocalDate.of(2026, 1, 1)))
        .hasMessageStartingWith("unsupported value for 'due': a java.time.LocalDate is not a supported value.");
    assertThatThrownBy(() -> VariableValues.normalize("m", Map.of("a.b", List.of(Double.NaN))))
        .hasMessageStartingWith("unsupported value for 'm[\"a.b\"][0]': a java.lang.Double NaN is not a supported");
    assertThatThrownBy(() -> VariableValues.normalize("s", "ab\uD800"))
        .hasMessageStartingWith("unsupported value for 's': a java.lang.String holding an unpaired surrogate U+D800 "
            + "(at index 2)");
  }

  @Test
  void a_value_nested_10000_levels_deep_is_refused_at_the_depth_limit_without_a_stack_overflow() {
    assertThatThrownBy(() -> VariableValues.normalize("deep", UnsupportedValues.deepList(10_000)))
        .isInstanceOfSatisfying(UnsupportedValueException.class, e -> {
          assertThat(e.limit()).isEqualTo("MAX_DEPTH");
          assertThat(e.field()).isEqualTo("deep" + "[0]".repeat(VariableValues.MAX_DEPTH));
        })
        .hasMessageContaining("nested more than " + VariableValues.MAX_DEPTH + " levels deep (limit "
            + "VariableValues.MAX_DEPTH)");
    assertThatThrownBy(() -> VariableValues.normalizeVariables(UnsupportedValues.deepMap(10_000)))
        .isInstanceOfSatisfying(UnsupportedValueException.class, e -> assertThat(e.limit()).isEqualTo("MAX_DEPTH"));
  }

  @Test
  void each_limit_holds_exactly_at_its_maximum() {
    // depth
    assertThat(VariableValues.normalize("x", UnsupportedValues.deepList(VariableValues.MAX_DEPTH))).isNotNull();
    assertThat(VariableValues.normalizeVariables(UnsupportedValues.deepMap(VariableValues.MAX_DEPTH + 1)))
        .as("the variables map itself is not a level").isNotEmpty();
    assertThat(limitOf(() -> VariableValues.normalize("x", UnsupportedValues.deepList(VariableValues.MAX_DEPTH + 1))))
        .contains("MAX_DEPTH");
    // elements, counted over all levels and over all variables of a session
    List<Object> full = new ArrayList<>(java.util.Collections.nCopies(VariableValues.MAX_ELEMENTS, 1L));
    assertThat(VariableValues.normalize("x", full)).isNotNull();
    List<Object> split = List.of(full.subList(0, 5_000), full.subList(0, 4_998));
    assertThat(VariableValues.normalize("x", split)).isNotNull();
    assertThat(limitOf(() -> VariableValues.normalize("x", List.of(full)))).contains("MAX_ELEMENTS");
    assertThat(limitOf(() -> VariableValues.normalizeVariables(Map.of("a", full, "b", 1L)))).contains("MAX_ELEMENTS");
    // one string, all strings and keys together
    String longest = "x".repeat(VariableValues.MAX_STRING_LENGTH);
    assertThat(VariableValues.normalize("x", longest)).isSameAs(longest);
    assertThat(limitOf(() -> VariableValues.normalize("x", longest + "x"))).contains("MAX_STRING_LENGTH");
    assertThat(limitOf(() -> VariableValues.normalizeVariables(Map.of(longest, 1L)))).isEmpty();
    assertThat(limitOf(() -> VariableValues.normalizeVariables(Map.of("x" + longest, 1L))))
        .contains("MAX_STRING_LENGTH");
    String quarter = "y".repeat(VariableValues.MAX_TOTAL_CHARS / 4 - 1);
    assertThat(limitOf(() -> VariableValues.normalizeVariables(Map.of("a", quarter, "b", quarter, "c", quarter,
        "d", quarter)))).isEmpty();
    assertThat(limitOf(() -> VariableValues.normalizeVariables(Map.of("a", quarter, "b", quarter, "c", quarter,
        "d", quarter + "y")))).contains("MAX_TOTAL_CHARS");
    // digits and scale
    BigInteger most = BigInteger.TEN.pow(VariableValues.MAX_NUMBER_DIGITS).subtract(BigInteger.ONE);
    assertThat(VariableValues.normalize("x", most.negate())).isEqualTo(most.negate());
    assertThat(limitOf(() -> VariableValues.normalize("x", most.add(BigInteger.ONE)))).contains("MAX_NUMBER_DIGITS");
    assertThat(VariableValues.normalize("x", new BigDecimal(most, VariableValues.MAX_NUMBER_DIGITS))).isNotNull();
    assertThat(VariableValues.normalize("x", new BigDecimal(most, -VariableValues.MAX_NUMBER_DIGITS))).isNotNull();
    assertThat(limitOf(() -> VariableValues.normalize("x", new BigDecimal(BigInteger.ONE,
        VariableValues.MAX_NUMBER_DIGITS + 1)))).contains("MAX_NUMBER_DIGITS");
  }

  private static Optional<String> limitOf(Runnable r) {
    try {
      r.run();
      return Optional.empty();
    } catch (UnsupportedValueException e) {
      return Optional.ofNullable(e.limit());
    }
  }

  @Test
  void every_listed_unsupported_value_is_refused_naming_it() {
    for (UnsupportedValues.Case c : UnsupportedValues.cases()) {
      Throwable t = null;
      try {
        VariableValues.normalize("v", c.value());
      } catch (Throwable e) {
        t = e;
      }
      c.check(t, "v");
    }
  }

  @Test
  void profile_fields_filled_fields_and_extractions_hold_normal_values_and_refuse_the_rest() {
    assertThat(new ProfileField("age", 34, "crm", 1.0, null).value()).isEqualTo(34L);
    assertThat(new FilledField("age", (short) 34, FilledField.Source.PROFILE, 1.0).value()).isEqualTo(34L);
    assertThat(new Extractor.Extraction(34, 0.9).value()).isEqualTo(34L);

    assertThatThrownBy(() -> new ProfileField("birthday", LocalDate.of(2000, 1, 1), "crm", 1.0, null))
        .isInstanceOf(UnsupportedValueException.class).hasMessageContaining("'birthday'")
        .hasMessageContaining("java.time.LocalDate");
    assertThatThrownBy(() -> new FilledField("tags", new int[] {1}, FilledField.Source.SESSION, 1.0))
        .isInstanceOf(UnsupportedValueException.class).hasMessageContaining("'tags'").hasMessageContaining("[I");
    assertThatThrownBy(() -> new Extractor.Extraction(Double.POSITIVE_INFINITY, 0.9))
        .isInstanceOf(UnsupportedValueException.class).hasMessageContaining("'extracted value'")
        .hasMessageContaining("Infinity");
  }
}
