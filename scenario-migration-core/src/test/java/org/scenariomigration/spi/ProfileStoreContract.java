package org.scenariomigration.spi;

import org.scenariomigration.session.VariableValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.scenariomigration.spi.StoreFixtures.NASTY;
import static org.scenariomigration.spi.StoreFixtures.T0;
import static org.scenariomigration.spi.StoreFixtures.assertInvalidId;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scenariomigration.IdKind;

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
  // ------------------------------------------------------------------------------------------- ids

  /**
   * Keeps the two ids of a look-alike pair apart as tenants, customers and field names. Every other id is made
   * unique with {@code k}.
   */
  public void keepsApart(int k, LookAlikeIds.Pair pair) {
    String a = pair.a();
    String b = pair.b();
    String c = "c-" + k;
    store.put(a, c, new ProfileField("age", 1, "crm", 1.0, null));
    store.put(b, c, new ProfileField("age", 2, "crm", 1.0, null));
    store.put(a, c, new ProfileField("age", 3, "crm", 1.0, null));
    assertThat(store.find(b, c, "age").orElseThrow().value()).isEqualTo(2L);
    assertThat(store.find(a, c, "age").orElseThrow().value()).isEqualTo(3L);

    String t = "t-" + k;
    store.put(t, a, new ProfileField("age", 4, "crm", 1.0, null));
    store.put(t, b, new ProfileField("age", 5, "crm", 1.0, null));
    assertThat(store.find(t, a, "age").orElseThrow().value()).isEqualTo(4L);
    assertThat(store.find(t, b, "age").orElseThrow().value()).isEqualTo(5L);

    store.put(t, c, new ProfileField(a, 6, "crm", 1.0, null));
    store.put(t, c, new ProfileField(b, 7, "crm", 1.0, null));
    store.put(t, c, new ProfileField(a, 8, "extraction", 0.97, null));
    assertThat(store.find(t, c, b)).contains(new ProfileField(b, 7, "crm", 1.0, null));
    assertThat(store.find(t, c, a)).contains(new ProfileField(a, 8, "extraction", 0.97, null));
  }

  @Test
  public void look_alike_ids_never_touch_each_other_in_any_role() {
    LookAlikeIds.forEachPair(this::keepsApart);
  }

  @Test
  public void ids_outside_the_grammar_are_never_written_and_find_nothing_not_even_their_look_alike() {
    for (LookAlikeIds.Refused r : LookAlikeIds.refused()) {
      String bad = r.id();
      String like = r.lookAlike() == null ? "id" : r.lookAlike();
      ProfileField f = new ProfileField(like, 1, "crm", 1.0, null);
      store.put(like, like, f);

      assertInvalidId(IdKind.TENANT, bad, () -> store.put(bad, like, new ProfileField(like, 2, "crm", 1.0, null)));
      assertInvalidId(IdKind.CUSTOMER, bad, () -> store.put(like, bad, new ProfileField(like, 2, "crm", 1.0, null)));
      assertInvalidId(IdKind.FIELD, bad, () -> new ProfileField(bad, 2, "crm", 1.0, null));

      assertThat(store.find(bad, like, like)).isEmpty();
      assertThat(store.find(like, bad, like)).isEmpty();
      assertThat(store.find(like, like, bad)).isEmpty();
      assertThat(store.find(like, like, like)).contains(f);
    }
  }

  @Test
  public void ids_of_255_utf8_bytes_are_stored_whole_and_one_byte_more_is_refused() {
    for (String id : LookAlikeIds.atTheBound()) {
      ProfileField f = new ProfileField(id, id, id, 0.5, null);
      store.put(id, id, f);
      assertThat(store.find(id, id, id)).contains(f);
    }
    for (String p : LookAlikeIds.pastTheBound()) {
      assertInvalidId(IdKind.TENANT, p, () -> store.put(p, "c", new ProfileField("age", 1, "crm", 1.0, null)));
      assertInvalidId(IdKind.CUSTOMER, p, () -> store.put("t", p, new ProfileField("age", 1, "crm", 1.0, null)));
      assertInvalidId(IdKind.FIELD, p, () -> new ProfileField(p, 1, "crm", 1.0, null));
      assertThat(store.find(p, "c", "age")).isEmpty();
    }
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
