package org.scenariomigration.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scenariomigration.spi.StoreFixtures.NASTY;
import static org.scenariomigration.spi.StoreFixtures.T0;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract every {@link ProfileStore} must pass. Extend it and implement {@link #newStore()}. */
public abstract class ProfileStoreContract {

  /** A fresh, empty store. */
  protected abstract ProfileStore newStore();

  protected ProfileStore store;

  @BeforeEach
  public void setUpStore() {
    store = newStore();
  }

  @Test
  public void a_field_round_trips() {
    ProfileField age = new ProfileField("age", 42, "crm", 0.9, T0.plusSeconds(3600));
    store.put("t1", "c1", age);

    assertThat(store.find("t1", "c1", "age")).contains(age);
  }

  @Test
  public void an_unknown_field_customer_or_tenant_is_empty() {
    store.put("t1", "c1", new ProfileField("age", 42, "crm", 1.0, null));

    assertThat(store.find("t1", "c1", "name")).isEmpty();
    assertThat(store.find("t1", "c2", "age")).isEmpty();
    assertThat(store.find("t2", "c1", "age")).isEmpty();
  }

  @Test
  public void put_replaces_the_field() {
    store.put("t1", "c1", new ProfileField("age", 42, "crm", 1.0, null));
    ProfileField newer = new ProfileField("age", 43, "extraction", 0.97, null);
    store.put("t1", "c1", newer);

    assertThat(store.find("t1", "c1", "age")).contains(newer);
  }

  @Test
  public void fields_are_scoped_by_tenant_and_customer() {
    store.put("t1", "c1", new ProfileField("age", 1, "crm", 1.0, null));
    store.put("t1", "c2", new ProfileField("age", 2, "crm", 1.0, null));
    store.put("t2", "c1", new ProfileField("age", 3, "crm", 1.0, null));

    assertThat(store.find("t1", "c1", "age").orElseThrow().value()).isEqualTo(1L);
    assertThat(store.find("t1", "c2", "age").orElseThrow().value()).isEqualTo(2L);
    assertThat(store.find("t2", "c1", "age").orElseThrow().value()).isEqualTo(3L);
  }

  @Test
  public void expired_values_are_still_returned_for_the_caller_to_check() {
    ProfileField expired = new ProfileField("age", 42, "crm", 1.0, T0);
    store.put("t1", "c1", expired);

    assertThat(store.find("t1", "c1", "age")).hasValueSatisfying(f -> {
      assertThat(f).isEqualTo(expired);
      assertThat(f.isExpired(T0)).isTrue();
      assertThat(f.isExpired(T0.minusSeconds(1))).isFalse();
    });
  }

  @Test
  public void values_with_quotes_and_sql_metacharacters_round_trip() {
    ProfileField f = new ProfileField(NASTY, NASTY, NASTY, 0.5, null);
    store.put(NASTY, NASTY, f);

    assertThat(store.find(NASTY, NASTY, NASTY)).contains(f);
    assertThat(store.find("o'brien", NASTY, NASTY)).isEmpty();
  }

  /**
   * Every value of {@link VariableValues}' model comes back exactly as {@link ProfileField} normalised it (types,
   * decimal scales, the sign of {@code -0.0}, map order): 100 seeded samples of {@link ValueGenerators#values()},
   * checked to cover the features of the model that a single value can have.
   */
  @Test
  public void every_value_of_the_model_round_trips_exactly() {
    List<Object> samples = ValueGenerators.samples(ValueGenerators.values(), 20261130L, 100);
    Set<String> seen = new HashSet<>();
    samples.forEach(v -> seen.addAll(ValueGenerators.features(v)));
    assertThat(seen).as("what the samples cover").contains("-0.0", "big-integer", "decimal-negative-scale",
        "decimal-trailing-zero", "max-depth", "unsorted-map", "dollar-key", "int");

    for (int i = 0; i < samples.size(); i++) {
      ProfileField f = new ProfileField("f" + i, samples.get(i), "crm", 0.5, null);
      store.put("t1", "c1", f);

      ProfileField back = store.find("t1", "c1", "f" + i).orElseThrow();
      assertThat(ValueGenerators.describe(back.value())).as("sample " + i)
          .isEqualTo(ValueGenerators.describe(VariableValues.normalize("f" + i, samples.get(i))));
      assertThat(back).as("sample " + i).isEqualTo(f);
    }
  }
}
