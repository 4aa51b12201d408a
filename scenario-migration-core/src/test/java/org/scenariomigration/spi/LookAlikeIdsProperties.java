package org.scenariomigration.spi;

import org.scenariomigration.memory.InMemoryPlanStore;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.memory.InMemoryScenarioStore;
import org.scenariomigration.memory.InMemorySessionStore;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.scenariomigration.Ids;

/**
 * The look-alike generator, and the contract suites' look-alike checks at volume on the in-memory stores: the
 * database suites run the fixed pairs and one seeded sample; here every try draws new pairs from a new seed.
 */
class LookAlikeIdsProperties {

  @Property(tries = 300)
  void generated_pairs_are_two_valid_different_ids_that_their_fold_makes_one(@ForAll long seed) {
    List<LookAlikeIds.Pair> pairs = LookAlikeIds.generated(seed, LookAlikeIds.Fold.values().length);

    Set<LookAlikeIds.Fold> folds = EnumSet.noneOf(LookAlikeIds.Fold.class);
    for (LookAlikeIds.Pair p : pairs) {
      Statistics.label("fold").collect(p.fold());
      folds.add(p.fold());
      assertThat(Ids.isValid(p.a()) && Ids.isValid(p.b())).as(p.toString()).isTrue();
      assertThat(p.a()).isNotEqualTo(p.b());
      assertThat(p.a().getBytes(StandardCharsets.UTF_8)).isNotEqualTo(p.b().getBytes(StandardCharsets.UTF_8));
      assertThat(p.fold().folds(p.a(), p.b())).as(p.toString()).isTrue();
    }
    assertThat(folds).containsExactlyInAnyOrder(LookAlikeIds.Fold.values());
    assertThat(LookAlikeIds.generated(seed, 3)).isEqualTo(pairs.subList(0, 3));
    everyFoldIsCovered();
  }

  /** The generator cycles through the folds, so each fold is an equal share of the pairs a run draws. */
  private static void everyFoldIsCovered() {
    Statistics.label("fold").coverage(c -> {
      for (LookAlikeIds.Fold f : LookAlikeIds.Fold.values()) {
        c.check(f).percentage(p -> p > 10);
      }
    });
  }

  @Property(tries = 50)
  void the_in_memory_stores_keep_every_generated_pair_apart_in_every_role(@ForAll long seed) {
    SessionStoreContract sessions = new SessionStoreContract() {
      @Override
      protected Stores newStores() {
        InMemorySessionStore s = new InMemorySessionStore();
        return new Stores(s, s);
      }
    };
    ScenarioStoreContract scenarios = new ScenarioStoreContract() {
      @Override
      protected ScenarioStore newStore() {
        return new InMemoryScenarioStore();
      }
    };
    PlanStoreContract plans = new PlanStoreContract() {
      @Override
      protected PlanStore newStore() {
        return new InMemoryPlanStore();
      }
    };
    ProfileStoreContract profiles = new ProfileStoreContract() {
      @Override
      protected ProfileStore newStore() {
        return new InMemoryProfileStore();
      }
    };
    sessions.setUpStores();
    scenarios.setUpStore();
    plans.setUpStore();
    profiles.setUpStore();

    List<LookAlikeIds.Pair> pairs = LookAlikeIds.generated(seed, 2 * LookAlikeIds.Fold.values().length);
    for (int k = 0; k < pairs.size(); k++) {
      Statistics.label("fold").collect(pairs.get(k).fold());
      sessions.keepsApart(k, pairs.get(k));
      scenarios.keepsApart(k, pairs.get(k));
      plans.keepsApart(k, pairs.get(k));
      profiles.keepsApart(k, pairs.get(k));
    }
    everyFoldIsCovered();
  }

  @Test
  void the_fixed_pairs_cover_every_fold_and_the_lists_name_what_the_grammar_refuses_and_the_bound() {
    assertThat(LookAlikeIds.fixed()).extracting(LookAlikeIds.Pair::fold)
        .containsAll(EnumSet.allOf(LookAlikeIds.Fold.class));
    assertThat(LookAlikeIds.pairs()).hasSize(LookAlikeIds.fixed().size() + LookAlikeIds.SAMPLE)
        .isEqualTo(LookAlikeIds.pairs());
    for (LookAlikeIds.Refused r : LookAlikeIds.refused()) {
      assertThat(Ids.brokenRule(r.id())).as(r.toString()).contains(r.rule());
      if (r.lookAlike() != null) {
        assertThat(Ids.isValid(r.lookAlike())).as(r.toString()).isTrue();
      }
    }
    assertThat(LookAlikeIds.refused()).extracting(LookAlikeIds.Refused::rule)
        .containsAll(EnumSet.allOf(org.scenariomigration.InvalidIdException.Rule.class));
    // what a driver sends for a lone surrogate is its look-alike
    assertThat(new String("x\ud800".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo("x?");
    for (int i = 0; i < LookAlikeIds.atTheBound().size(); i++) {
      assertThat(LookAlikeIds.atTheBound().get(i).getBytes(StandardCharsets.UTF_8)).hasSize(255);
      assertThat(LookAlikeIds.pastTheBound().get(i).getBytes(StandardCharsets.UTF_8)).hasSize(256);
    }
  }
}
