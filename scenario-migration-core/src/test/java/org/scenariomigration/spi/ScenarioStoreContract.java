package org.scenariomigration.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.spi.StoreFixtures.NASTY;
import static org.scenariomigration.spi.StoreFixtures.assertInvalidId;
import static org.scenariomigration.spi.StoreFixtures.v1;
import static org.scenariomigration.spi.StoreFixtures.v2;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scenariomigration.IdKind;
import org.scenariomigration.MovableClock;
import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;

/** The contract every {@link ScenarioStore} must pass. Extend it and implement {@link #newStore()}. */
public abstract class ScenarioStoreContract {

  /** A fresh, empty store. */
  protected abstract ScenarioStore newStore();

  protected ScenarioStore store;

  @BeforeEach
  public void setUpStore() {
    store = newStore();
  }

  /**
   * Two stores on the data of {@link #store} (another node each), whose caches of the current version, when they have
   * one, keep an entry for {@code ttl} on {@code clock}. The default answers {@link #store} twice, for a store whose
   * nodes share one memory.
   */
  protected List<ScenarioStore> twoNodes(Clock clock, Duration ttl) {
    return List.of(store, store);
  }

  // ------------------------------------------------------------------------------------------- deployment generation

  @Test
  public void the_deployment_generation_starts_at_1_and_moves_on_by_one_per_change_also_to_the_same_version() {
    store.save("t1", v1("order-flow", 1));
    store.save("t1", v2("order-flow", 2));
    store.save("t2", v1("order-flow", 1));
    assertThat(store.readCurrent("t1", "order-flow")).isEqualTo(CurrentVersion.NONE);
    assertThat(store.current("t1", "order-flow")).isEqualTo(CurrentVersion.NONE);

    store.setCurrentVersion("t1", "order-flow", 1);
    assertThat(store.readCurrent("t1", "order-flow")).isEqualTo(new CurrentVersion(1, 1));
    assertThat(store.current("t1", "order-flow")).isEqualTo(new CurrentVersion(1, 1));
    store.setCurrentVersion("t1", "order-flow", 1);
    assertThat(store.current("t1", "order-flow")).isEqualTo(new CurrentVersion(1, 2));
    store.setCurrentVersion("t1", "order-flow", 2);
    assertThat(store.current("t1", "order-flow")).isEqualTo(new CurrentVersion(2, 3));
    store.setCurrentVersion("t1", "order-flow", 1);
    assertThat(store.readCurrent("t1", "order-flow")).isEqualTo(new CurrentVersion(1, 4));
    assertThat(store.currentVersion("t1", "order-flow")).isEqualTo(1);
    assertThat(store.readCurrentVersion("t1", "order-flow")).isEqualTo(1);

    assertThatThrownBy(() -> store.setCurrentVersion("t1", "order-flow", 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.readCurrent("t1", "order-flow")).isEqualTo(new CurrentVersion(1, 4));
    assertThat(store.current("t2", "order-flow")).isEqualTo(CurrentVersion.NONE);
    store.setCurrentVersion("t2", "order-flow", 1);
    assertThat(store.current("t2", "order-flow")).isEqualTo(new CurrentVersion(1, 1));
    assertThat(store.current("t1", "order-flow")).isEqualTo(new CurrentVersion(1, 4));
    assertThat(store.current("t1", "other")).isEqualTo(CurrentVersion.NONE);
  }

  @Test
  public void current_answers_the_same_instance_while_nothing_changed() {
    store.save("t1", v1("order-flow", 1));
    store.setCurrentVersion("t1", "order-flow", 1);

    CurrentVersion first = store.current("t1", "order-flow");
    assertThat(store.current("t1", "order-flow")).isSameAs(first);
  }

  @Test
  public void a_change_reaches_another_nodes_current_once_its_cache_entry_lives_out_and_read_current_at_once() {
    MovableClock clock = new MovableClock(StoreFixtures.T0);
    List<ScenarioStore> nodes = twoNodes(clock, Duration.ofSeconds(1));
    ScenarioStore a = nodes.get(0);
    ScenarioStore b = nodes.get(1);
    a.save("t1", v1("order-flow", 1));
    a.save("t1", v2("order-flow", 2));
    a.setCurrentVersion("t1", "order-flow", 1);
    assertThat(b.current("t1", "order-flow")).isEqualTo(new CurrentVersion(1, 1));

    a.setCurrentVersion("t1", "order-flow", 1);
    assertThat(a.current("t1", "order-flow")).isEqualTo(new CurrentVersion(1, 2));
    assertThat(b.readCurrent("t1", "order-flow")).isEqualTo(new CurrentVersion(1, 2));
    clock.advance(Duration.ofMillis(900));
    assertThat(b.current("t1", "order-flow")).isIn(new CurrentVersion(1, 1), new CurrentVersion(1, 2));
    clock.advance(Duration.ofMillis(101));
    assertThat(b.current("t1", "order-flow")).isEqualTo(new CurrentVersion(1, 2));

    a.setCurrentVersion("t1", "order-flow", 2);
    assertThat(b.readCurrentVersion("t1", "order-flow")).isEqualTo(2);
    clock.advance(Duration.ofMillis(1001));
    assertThat(b.current("t1", "order-flow")).isEqualTo(new CurrentVersion(2, 3));
    assertThat(b.currentVersion("t1", "order-flow")).isEqualTo(2);
  }

  @Test
  public void a_saved_version_round_trips() {
    ScenarioVersion v = v2("order-flow", 2);
    store.save("t1", v);

    ScenarioVersion found = store.find("t1", "order-flow", 2).orElseThrow();

    assertThat(found).isEqualTo(v);
    assertThat(found.checksum()).isEqualTo(v.checksum());
    assertThat(found.steps()).isEqualTo(v.steps());
    assertThat(found.startStepId()).isEqualTo("welcome");
  }

  @Test
  public void find_of_an_unknown_version_scenario_or_tenant_is_empty() {
    store.save("t1", v1("order-flow", 1));

    assertThat(store.find("t1", "order-flow", 2)).isEmpty();
    assertThat(store.find("t1", "other", 1)).isEmpty();
    assertThat(store.find("t2", "order-flow", 1)).isEmpty();
  }

  @Test
  public void versions_are_listed_ascending() {
    store.save("t1", v1("order-flow", 3));
    store.save("t1", v1("order-flow", 1));
    store.save("t1", v2("order-flow", 2));
    store.save("t1", v1("other", 7));

    assertThat(store.versions("t1", "order-flow")).containsExactly(1, 2, 3);
    assertThat(store.versions("t1", "other")).containsExactly(7);
    assertThat(store.versions("t1", "none")).isEmpty();
    assertThat(store.versions("t2", "order-flow")).isEmpty();
  }

  @Test
  public void saving_the_same_content_again_is_a_no_op() {
    store.save("t1", v1("order-flow", 1));
    store.save("t1", v1("order-flow", 1));

    assertThat(store.versions("t1", "order-flow")).containsExactly(1);
  }

  @Test
  public void saving_different_content_under_a_stored_version_throws_and_keeps_the_original() {
    store.save("t1", v1("order-flow", 1));

    assertThatThrownBy(() -> store.save("t1", v2("order-flow", 1))).isInstanceOf(DuplicateRecordException.class)
        .hasMessageContaining("order-flow").hasMessageContaining("1").hasMessageContaining("t1")
        .isInstanceOfSatisfying(DuplicateRecordException.class, e -> {
          assertThat(e.tenantId()).isEqualTo("t1");
          assertThat(e.recordKind()).isEqualTo("scenario version");
          assertThat(e.recordId()).isEqualTo("order-flow");
        });
    assertThat(store.find("t1", "order-flow", 1)).contains(v1("order-flow", 1));
  }

  @Test
  public void the_same_scenario_version_in_two_tenants_may_differ() {
    store.save("t1", v1("order-flow", 1));
    store.save("t2", v2("order-flow", 1));

    assertThat(store.find("t1", "order-flow", 1)).contains(v1("order-flow", 1));
    assertThat(store.find("t2", "order-flow", 1)).contains(v2("order-flow", 1));
  }

  @Test
  public void the_current_version_is_0_until_set_and_scoped_by_tenant() {
    store.save("t1", v1("order-flow", 1));
    store.save("t1", v2("order-flow", 2));
    store.save("t2", v1("order-flow", 1));
    assertThat(store.currentVersion("t1", "order-flow")).isZero();

    store.setCurrentVersion("t1", "order-flow", 1);
    assertThat(store.currentVersion("t1", "order-flow")).isEqualTo(1);
    store.setCurrentVersion("t1", "order-flow", 2);

    assertThat(store.currentVersion("t1", "order-flow")).isEqualTo(2);
    assertThat(store.currentVersion("t2", "order-flow")).isZero();
    assertThat(store.currentVersion("t1", "other")).isZero();
  }

  @Test
  public void an_unstored_version_cannot_be_made_current() {
    store.save("t1", v1("order-flow", 1));
    store.setCurrentVersion("t1", "order-flow", 1);
    store.save("t2", v1("order-flow", 2));

    assertThatThrownBy(() -> store.setCurrentVersion("t1", "order-flow", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t1").hasMessageContaining("2");
    assertThat(store.currentVersion("t1", "order-flow")).isEqualTo(1);
  }

  @Test
  public void delete_removes_a_version_and_says_whether_it_existed() {
    store.save("t1", v1("order-flow", 1));
    store.save("t1", v2("order-flow", 2));
    store.save("t2", v1("order-flow", 1));

    assertThat(store.delete("t1", "order-flow", 1)).isTrue();
    assertThat(store.delete("t1", "order-flow", 1)).isFalse();
    assertThat(store.delete("t3", "order-flow", 1)).isFalse();

    assertThat(store.find("t1", "order-flow", 1)).isEmpty();
    assertThat(store.versions("t1", "order-flow")).containsExactly(2);
    assertThat(store.find("t2", "order-flow", 1)).isPresent();
  }

  @Test
  public void ids_with_quotes_and_sql_metacharacters_round_trip() {
    ScenarioVersion v = v1(NASTY, 1);
    store.save(NASTY, v);
    store.setCurrentVersion(NASTY, NASTY, 1);

    assertThat(store.find(NASTY, NASTY, 1)).contains(v);
    assertThat(store.versions(NASTY, NASTY)).containsExactly(1);
    assertThat(store.currentVersion(NASTY, NASTY)).isEqualTo(1);
    assertThat(store.find("o'brien", NASTY, 1)).isEmpty();
  }
  // ------------------------------------------------------------------------------------------- ids

  /**
   * Keeps the two ids of a look-alike pair apart as tenants (the same scenario and version with different content,
   * the current version, deletion) and as scenario ids of one tenant. Every other id is made unique with {@code k}.
   */
  public void keepsApart(int k, LookAlikeIds.Pair pair) {
    keepsApart(pair.a(), "flow-" + k, pair.b(), "flow-" + k);
    keepsApart("t-" + k, pair.a(), "t-" + k, pair.b());
  }

  /** Versions of scenario {@code sa} of tenant {@code ta} and of {@code sb} of {@code tb} never touch each other. */
  private void keepsApart(String ta, String sa, String tb, String sb) {
    store.save(ta, v1(sa, 1));
    store.save(tb, v2(sb, 1));
    assertThat(store.find(ta, sa, 1)).contains(v1(sa, 1));
    assertThat(store.find(tb, sb, 1)).contains(v2(sb, 1));
    store.setCurrentVersion(ta, sa, 1);
    assertThat(store.currentVersion(tb, sb)).isZero();
    store.save(tb, v1(sb, 2));
    store.setCurrentVersion(tb, sb, 2);
    assertThat(store.currentVersion(ta, sa)).isEqualTo(1);
    assertThat(store.versions(ta, sa)).containsExactly(1);
    assertThat(store.delete(ta, sa, 2)).isFalse();
    assertThat(store.delete(tb, sb, 1)).isTrue();
    assertThat(store.find(ta, sa, 1)).contains(v1(sa, 1));
    assertThat(store.versions(tb, sb)).containsExactly(2);
  }

  @Test
  public void look_alike_ids_never_touch_each_other_in_any_role() {
    LookAlikeIds.forEachPair(this::keepsApart);
  }

  @Test
  public void ids_outside_the_grammar_are_never_written_and_find_nothing_not_even_their_look_alike() {
    LookAlikeIds.forEachRefused((j, bad, like) -> {
      String t = "t-" + j;
      store.save(like, v1("order-flow", 1));
      store.setCurrentVersion(like, "order-flow", 1);
      store.save(t, v1(like, 1));
      store.setCurrentVersion(t, like, 1);

      assertInvalidId(IdKind.TENANT, bad, () -> store.save(bad, v2("order-flow", 1)));
      assertInvalidId(IdKind.TENANT, bad, () -> store.setCurrentVersion(bad, "order-flow", 1));
      assertInvalidId(IdKind.SCENARIO, bad, () -> store.setCurrentVersion(t, bad, 1));
      assertInvalidId(IdKind.SCENARIO, bad, () -> v1(bad, 1));

      assertThat(store.find(bad, "order-flow", 1)).isEmpty();
      assertThat(store.find(t, bad, 1)).isEmpty();
      assertThat(store.versions(bad, "order-flow")).isEmpty();
      assertThat(store.versions(t, bad)).isEmpty();
      assertThat(store.currentVersion(bad, "order-flow")).isZero();
      assertThat(store.currentVersion(t, bad)).isZero();
      assertThat(store.delete(bad, "order-flow", 1)).isFalse();
      assertThat(store.delete(t, bad, 1)).isFalse();

      assertThat(store.find(like, "order-flow", 1)).contains(v1("order-flow", 1));
      assertThat(store.currentVersion(like, "order-flow")).isEqualTo(1);
      assertThat(store.currentVersion(t, like)).isEqualTo(1);
    });
  }

  @Test
  public void ids_of_255_utf8_bytes_are_stored_whole_and_one_byte_more_is_refused() {
    List<String> past = LookAlikeIds.pastTheBound();
    for (String id : LookAlikeIds.atTheBound()) {
      ScenarioVersion v = v2(id, 1).toBuilder().step(Step.builder(id).collects(id).requires(id).build()).build();
      store.save(id, v);
      store.setCurrentVersion(id, id, 1);
      assertThat(store.find(id, id, 1)).contains(v);
      assertThat(store.find(id, id, 1).orElseThrow().step(id).orElseThrow().collectsFields())
          .containsExactly(CollectedField.required(id));
      assertThat(store.versions(id, id)).containsExactly(1);
      assertThat(store.currentVersion(id, id)).isEqualTo(1);
    }
    for (String p : past) {
      assertInvalidId(IdKind.TENANT, p, () -> store.save(p, v1("order-flow", 1)));
      assertInvalidId(IdKind.SCENARIO, p, () -> v1(p, 1));
      assertInvalidId(IdKind.STEP, p, () -> Step.builder(p));
      assertInvalidId(IdKind.FIELD, p, () -> CollectedField.required(p));
      assertThat(store.find(p, "order-flow", 1)).isEmpty();
      assertThat(store.currentVersion("t", p)).isZero();
    }
  }
}
