package org.scenariomigration.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The bounded history of a session: one entry per distinct step, numbered visits, and what it refuses. */
class BoundedHistoryTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  private static StepVisit visit(String id, int second) {
    return new StepVisit(id, "Step " + id, "hash-" + id, T0.plusSeconds(second), id.startsWith("pay"),
        id.startsWith("pay") ? "paid" : "");
  }

  private static SessionState session(List<StepVisit> history) {
    return SessionState.builder().tenantId("t").sessionId("s").customerId("c").channel("web").createdAt(T0)
        .scenarioId("flow").version(1).scenarioChecksum("sum").currentStepId("menu").history(history).build();
  }

  @Test
  void a_session_that_loops_keeps_one_entry_per_step_with_its_first_and_last_visit() {
    SessionState s = session(List.of(visit("menu", 0)));
    for (int i = 1; i <= 1_000; i++) {
      s = s.withVisit(visit(i % 2 == 1 ? "confirm" : "menu", i));
    }
    assertThat(s.history()).extracting(StepVisit::stepId).containsExactly("confirm", "menu");
    assertThat(s.visitCount()).isEqualTo(1_001);
    StepVisit menu = s.history().get(1);
    assertThat(menu.visits()).isEqualTo(501);
    assertThat(menu.firstVisit()).isZero();
    assertThat(menu.lastVisit()).isEqualTo(1_000);
    assertThat(menu.firstVisitedAt()).isEqualTo(T0);
    assertThat(menu.visitedAt()).isEqualTo(T0.plusSeconds(1_000));
    assertThat(menu.cameFrom()).containsExactly(1L); // from confirm, whose first visit was visit 1
    assertThat(s.history().get(0).cameFrom()).containsExactly(0L);
  }

  @Test
  void a_list_of_visits_not_numbered_yet_is_folded_as_if_each_had_been_appended_in_order() {
    List<StepVisit> visits = List.of(visit("menu", 0), visit("pay", 1), visit("menu", 2), visit("ship", 3));
    SessionState folded = session(visits);
    SessionState appended = session(List.of());
    for (StepVisit v : visits) {
      appended = appended.withVisit(v);
    }
    assertThat(folded.history()).isEqualTo(appended.history());
    assertThat(folded.history()).extracting(StepVisit::stepId).containsExactly("pay", "menu", "ship");
    assertThat(SessionState.boundedHistory(folded.history())).isSameAs(folded.history());
  }

  @Test
  void an_entry_with_inconsistent_numbers_or_a_history_out_of_order_is_refused_naming_the_step() {
    assertThatThrownBy(() -> new StepVisit("a", "A", "h", T0, false, "", T0, 0, 0, 0, Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step 'a'")
        .hasMessageContaining("needs at least one visit but had 0");
    assertThatThrownBy(() -> new StepVisit("a", "A", "h", T0, false, "", T0, 3, 4, 5, Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot have 3 visits numbered from 4 to 5");
    assertThatThrownBy(() -> new StepVisit("a", "A", "h", T0, false, "", T0, 1, -1, 2, Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not numbered yet");
    StepVisit late = new StepVisit("a", "A", "h", T0, false, "", T0, 1, 5, 5, Set.of());
    StepVisit early = new StepVisit("b", "B", "g", T0, false, "", T0, 1, 2, 2, Set.of());
    assertThatThrownBy(() -> session(List.of(late, early))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ordered by last visit").hasMessageContaining("'b'");
    StepVisit sameFirst = new StepVisit("c", "C", "k", T0, false, "", T0, 1, 5, 6, Set.of());
    assertThatThrownBy(() -> session(List.of(late, sameFirst))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both claim visit 5");
    StepVisit again = new StepVisit("a", "A", "h", T0, false, "", T0, 1, 7, 7, Set.of());
    assertThatThrownBy(() -> session(List.of(late, again))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("step 'a'").hasMessageContaining("has two");
  }

  @Test
  void the_same_step_id_with_other_content_is_another_step() {
    StepVisit edited = new StepVisit("menu", "Menu", "hash-menu-2", T0.plusSeconds(5), false, "");
    SessionState s = session(List.of(visit("menu", 0))).withVisit(edited);
    assertThat(s.history()).hasSize(2);
    assertThat(s.history().get(1).cameFrom()).containsExactly(0L);
  }

  /** Whatever the walk, the history holds one entry per step visited, and counts every visit. */
  @Property(tries = 300)
  void the_size_is_the_number_of_distinct_steps_and_the_visits_add_up(
      @ForAll @Size(max = 200) List<@net.jqwik.api.constraints.IntRange(min = 0, max = 6) Integer> walk) {
    List<StepVisit> visits = new ArrayList<>();
    for (int i = 0; i < walk.size(); i++) {
      visits.add(visit("s" + walk.get(i), i));
    }
    SessionState s = session(visits);
    assertThat(s.history()).hasSize(new HashSet<>(walk).size());
    assertThat(s.visitCount()).isEqualTo(walk.size());
    assertThat(s.history().stream().mapToLong(StepVisit::visits).sum()).isEqualTo(walk.size());
    for (int i = 1; i < s.history().size(); i++) {
      assertThat(s.history().get(i).lastVisit()).isGreaterThan(s.history().get(i - 1).lastVisit());
    }
  }
}
