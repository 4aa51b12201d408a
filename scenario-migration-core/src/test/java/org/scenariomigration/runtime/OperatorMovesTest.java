package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scenariomigration.InvalidIdException;
import org.scenariomigration.scenario.Seeds;

/**
 * {@link OperatorMovesContract} on the in-memory stores, plus what only the core decides: the query's validation and
 * the paging of a query move over more sessions than a page.
 */
class OperatorMovesTest extends OperatorMovesContract {
  private final RuntimeFixtures.MemoryStores stores = new RuntimeFixtures.MemoryStores();

  @Override
  protected ScenarioMigration.Builder builder() {
    return stores.builder();
  }

  @Test
  void a_query_is_validated_as_it_is_built_naming_the_bound_and_its_value() {
    assertThatThrownBy(() -> SessionQuery.builder("order-flow").version(0))
        .isInstanceOf(InvalidSessionQueryException.class).hasMessageContaining("version").hasMessageContaining("0");
    assertThatThrownBy(() -> SessionQuery.builder("order-flow").minAgeDays(-1))
        .isInstanceOf(InvalidSessionQueryException.class).hasMessageContaining("min_age_days")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> SessionQuery.builder("order-flow").maxAgeDays(2).minAgeDays(3))
        .isInstanceOf(InvalidSessionQueryException.class)
        .satisfies(e -> assertThat(((InvalidSessionQueryException) e).field()).isEqualTo("min_age_days"))
        .hasMessageContaining("(3)").hasMessageContaining("(2)");
    assertThatThrownBy(() -> SessionQuery.builder(" order-flow")).isInstanceOf(InvalidIdException.class);
    assertThatThrownBy(() -> SessionQuery.builder("order-flow").steps(""))
        .isInstanceOf(InvalidIdException.class);
    assertThatThrownBy(() -> SessionQuery.builder("order-flow").channels("web "))
        .isInstanceOf(InvalidIdException.class);
    SessionQuery q = SessionQuery.builder("order-flow").version(2).steps("b", "a").channels("web").minAgeDays(1)
        .maxAgeDays(1).build();
    assertThat(q.steps()).containsExactly("a", "b");
    assertThat(q).isEqualTo(SessionQuery.builder("order-flow").version(2).steps("a", "b").channels("web")
        .minAgeDays(1).maxAgeDays(1).build());
  }

  @Test
  void a_query_move_pages_through_more_sessions_than_a_page_and_moves_each_once() {
    ScenarioMigration m = builder().clock(clock).config(MigrationConfig.custom().logMigrations(false).build()).build();
    m.publish(tenant, Seeds.v1());
    m.publish(tenant, Seeds.v2PaymentDownstream());
    int n = OperatorMoves.PAGE * 2 + 3;
    for (int i = 0; i < n; i++) {
      m.startSession(tenant, "s" + i, "c" + i, "web", "order-flow");
      m.advance(tenant, "s" + i, "checkout");
    }

    MoveReport r = m.operations().moveSessions(tenant, SessionQuery.builder("order-flow").build(), 2, "checkout",
        "ops", false);

    assertThat(r.moved()).isEqualTo(n);
    assertThat(r.items()).extracting(MoveReport.Item::sessionId).doesNotHaveDuplicates();
    assertThat(stores.sessions.findAtVersion(tenant, "order-flow", 1, Integer.MAX_VALUE)).isEmpty();
    assertThat(stores.sessions.findAtVersion(tenant, "order-flow", 2, Integer.MAX_VALUE)).hasSize(n);
  }
}
