package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.session.EndReason;
import org.scenariomigration.memory.InMemoryPlanStore;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.memory.InMemoryScenarioStore;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.memory.InMemoryVisitLog;
import org.scenariomigration.spi.InvalidEndReasonException;
import org.scenariomigration.spi.ProfileStore;

/**
 * {@link SessionEndsContract} on the in-memory stores: the scan walks every object the stores hold. Plus what only
 * the core decides: the end reason's grammar and purge's paging.
 */
class SessionEndsTest extends SessionEndsContract {
  private InMemorySessionStore sessions;
  private InMemoryProfileStore profiles;
  private InMemoryScenarioStore scenarios;
  private InMemoryPlanStore plans;
  private InMemoryVisitLog visitLog;

  @BeforeEach
  void fresh_stores() {
    sessions = new InMemorySessionStore();
    profiles = new InMemoryProfileStore();
    scenarios = new InMemoryScenarioStore();
    plans = new InMemoryPlanStore();
    visitLog = new InMemoryVisitLog();
  }

  @Override
  protected ScenarioMigration.Builder builder() {
    return ScenarioMigration.builder().sessionStore(sessions).profileStore(profiles).scenarioStore(scenarios)
        .planStore(plans).visitLog(visitLog);
  }

  @Override
  protected ProfileStore profiles() {
    return profiles;
  }

  /** Every string and number reachable from the stores' fields, through maps, collections and records. */
  @Override
  protected List<String> storedTexts() {
    List<String> out = new ArrayList<>();
    Set<Object> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (Object store : List.of(sessions, profiles, scenarios, plans, visitLog)) {
      walk(store, seen, out);
    }
    return out;
  }

  private static void walk(Object o, Set<Object> seen, List<String> out) {
    if (o == null || o instanceof Class<?> || !seen.add(o)) {
      return;
    }
    if (o instanceof CharSequence || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>
        || o instanceof java.time.temporal.Temporal) {
      out.add(o.toString());
      return;
    }
    if (o instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        walk(e.getKey(), seen, out);
        walk(e.getValue(), seen, out);
      }
      return;
    }
    if (o instanceof Collection<?> c) {
      for (Object x : c) {
        walk(x, seen, out);
      }
      return;
    }
    if (o instanceof Object[] a) {
      for (Object x : a) {
        walk(x, seen, out);
      }
      return;
    }
    if (!o.getClass().getName().startsWith("org.scenariomigration")) {
      return; // a lock, a function: holds no data of the stores
    }
    for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
          continue;
        }
        try {
          f.setAccessible(true);
          walk(f.get(o), seen, out);
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw new AssertionError("cannot read " + f, e);
        }
      }
    }
  }

  @Test
  void the_scan_sees_what_the_stores_hold() {
    ScenarioMigration m = builder().build();
    m.publish("t1", Seeds.v1());
    m.startSession("t1", "s1", "c1", "web", "order-flow");
    m.setVariables("t1", "s1", Map.of("deep", Map.of("list", List.of("needle-in-a-list"))));
    assertThat(storedTexts()).contains("needle-in-a-list");
  }

  @Test
  void an_end_reason_is_a_short_lower_case_name() {
    assertThat(EndReason.of("completed")).isSameAs(EndReason.COMPLETED);
    assertThat(EndReason.of("abandoned")).isSameAs(EndReason.ABANDONED);
    assertThat(EndReason.of("exited")).isSameAs(EndReason.EXITED);
    assertThat(EndReason.of("handed_to_agent.v2-x").name()).isEqualTo("handed_to_agent.v2-x");
    for (String bad : List.of("", "Completed", "1st", "with space", "x".repeat(65), "émigré")) {
      assertThatThrownBy(() -> EndReason.of(bad)).isInstanceOf(InvalidEndReasonException.class)
          .hasMessageContaining("'" + bad + "'");
    }
    assertThat(EndReason.of("x".repeat(64)).name()).hasSize(64);
  }

  @Test
  void purge_deletes_ended_sessions_page_after_page() {
    ScenarioMigration m = builder().clock(clock).config(MigrationConfig.custom().sessionRetentionDays(1).build())
        .build();
    m.publish("t1", Seeds.v1());
    int n = Retention.PURGE_PAGE * 2 + 7;
    for (int i = 0; i < n; i++) {
      m.startSession("t1", "s" + i, "c" + i, "web", "order-flow");
      m.endSession("t1", "s" + i, EndReason.ABANDONED);
    }
    m.startSession("t1", "live", "c", "web", "order-flow");
    clock.advance(Duration.ofDays(2));

    RetentionReport r = m.operations().purge("t1", "order-flow", false);

    assertThat(r.endedSessionsDeleted()).isEqualTo(n);
    assertThat(sessions.findAtVersion("t1", "order-flow", 1, Integer.MAX_VALUE)).extracting(s -> s.sessionId())
        .containsExactly("live");
  }
}
