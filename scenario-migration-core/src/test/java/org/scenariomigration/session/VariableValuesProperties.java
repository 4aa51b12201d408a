package org.scenariomigration.session;

import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.StoreFixtures;
import org.scenariomigration.spi.ValueGenerators;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Properties of {@link VariableValues}' normalisation over {@link ValueGenerators}' values. */
class VariableValuesProperties {

  @Provide
  Arbitrary<Object> values() {
    return ValueGenerators.values();
  }

  @Provide
  Arbitrary<Map<String, Object>> variables() {
    return ValueGenerators.variables();
  }

  /** The normal form holds only the model's Java types, immutable lists and maps in key order. */
  @Property(tries = 1000)
  void a_normalised_value_holds_only_the_models_types_and_key_ordered_immutable_maps(@ForAll("values") Object v) {
    for (String f : ValueGenerators.features(v)) {
      Statistics.label("feature").collect(f);
    }
    Statistics.label("feature").coverage(c -> {
      for (String f : List.of("-0.0", "min-double", "max-double", "subnormal", "big-integer",
          "decimal-negative-scale", "decimal-trailing-zero", "astral", "control-char", "dollar-key", "tag-key",
          "null-in-list", "null-in-map", "max-depth", "unsorted-map", "int", "float")) {
        c.check(f).count(n -> n > 0);
      }
    });

    assertNormal(VariableValues.normalize("x", v));
  }

  @SuppressWarnings("unchecked")
  private static void assertNormal(Object v) {
    if (v instanceof List<?> l) {
      assertThatThrownBy(() -> ((List<Object>) l).add(null)).isInstanceOf(UnsupportedOperationException.class);
      l.forEach(VariableValuesProperties::assertNormal);
    } else if (v instanceof Map<?, ?> m) {
      assertThatThrownBy(() -> ((Map<Object, Object>) m).put("k", null))
          .isInstanceOf(UnsupportedOperationException.class);
      String previous = null;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = (String) e.getKey();
        assertThat(previous == null || previous.compareTo(k) < 0).as("key order at %s", k).isTrue();
        previous = k;
        assertNormal(e.getValue());
      }
    } else if (v != null) {
      assertThat(v.getClass()).isIn(String.class, Boolean.class, Long.class, Double.class, BigDecimal.class,
          BigInteger.class);
      if (v instanceof BigInteger b) {
        assertThat(b.bitLength()).as("a BigInteger only beyond the long range").isGreaterThanOrEqualTo(64);
      }
    }
  }

  /**
   * Normalising keeps the value: the same number (a widened float is the same double), the same decimal scale, the
   * same map entries; and it is idempotent, returning what it was given when that is normal already and held in
   * immutable collections.
   */
  @Property(tries = 1000)
  void normalising_keeps_the_value_and_is_idempotent(@ForAll("values") Object v) {
    Object n = VariableValues.normalize("x", v);

    assertSameValue(v, n);
    Object again = VariableValues.normalize("x", n);
    assertThat(ValueGenerators.describe(again)).isEqualTo(ValueGenerators.describe(n));
    if (!ValueGenerators.describe(n).contains("null")) {
      assertThat(again).isSameAs(n);
    }
  }

  private static void assertSameValue(Object given, Object normal) {
    if (given instanceof Integer || given instanceof Short || given instanceof Byte) {
      assertThat(normal).isEqualTo(((Number) given).longValue());
    } else if (given instanceof Float f) {
      assertThat(normal).isEqualTo((double) f);
    } else if (given instanceof BigInteger b) {
      assertThat(new BigInteger(normal.toString())).isEqualTo(b);
    } else if (given instanceof List<?> l) {
      List<?> nl = (List<?>) normal;
      assertThat(nl).hasSameSizeAs(l);
      for (int i = 0; i < l.size(); i++) {
        assertSameValue(l.get(i), nl.get(i));
      }
    } else if (given instanceof Map<?, ?> m) {
      Map<?, ?> nm = (Map<?, ?>) normal;
      assertThat(nm.keySet()).isEqualTo(m.keySet());
      m.forEach((k, x) -> assertSameValue(x, nm.get(k)));
    } else {
      assertThat(ValueGenerators.describe(normal)).isEqualTo(ValueGenerators.describe(given));
    }
  }

  /** The in-memory store gives back exactly the normal form, from a write and from the journal. */
  @Property(tries = 300)
  void the_in_memory_store_gives_back_exactly_the_normal_form(@ForAll("variables") Map<String, Object> vars) {
    InMemorySessionStore store = new InMemorySessionStore();
    SessionState s = store.insert(StoreFixtures.session("t", "s", "checkout"));
    SessionState after = s.withVariables(vars);
    JournalRecord r = new JournalRecord("r", "t", "s", "p", JournalRecord.Kind.MIGRATED, null, s, after, null, null,
        null, StoreFixtures.T0);

    store.commit(after, s.revision(), r);

    String expected = ValueGenerators.describe(VariableValues.normalizeVariables(vars));
    assertThat(ValueGenerators.describe(store.find("t", "s").orElseThrow().variables())).isEqualTo(expected);
    assertThat(ValueGenerators.describe(store.forSession("t", "s").get(0).after().variables())).isEqualTo(expected);
  }
}
