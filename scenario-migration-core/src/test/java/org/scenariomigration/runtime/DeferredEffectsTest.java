package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scenariomigration.spi.StoreFixtures.T0;
import static org.scenariomigration.spi.StoreFixtures.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.session.SessionState;

class DeferredEffectsTest {
  private final InMemorySessionStore store = new InMemorySessionStore();
  private final List<String> ran = new ArrayList<>();
  private final Effects direct = Effects.dryRun(org.scenariomigration.spi.Extractor.NONE, false);

  private static JournalRecord record(String id, SessionState before, SessionState after) {
    return new JournalRecord(id, before.tenantId(), before.sessionId(), "p1", JournalRecord.Kind.MIGRATED, null, before,
        after, null, null, null, T0);
  }

  @Test
  void a_log_action_after_a_held_back_commit_runs_only_once_that_commit_is_stored() {
    SessionState a = store.insert(session("t1", "a", "checkout"));
    SessionState b = store.insert(session("t1", "b", "checkout"));
    DeferredEffects fx = new DeferredEffects(direct, store,
        new VisitLogging(null, false, org.scenariomigration.spi.UnitOfWork.NONE));

    fx.begin();
    fx.afterCommit(() -> ran.add("before a's commit"));
    SessionState a2 = a.withVariables(Map.of("x", 1));
    fx.commit(a2, a.revision(), record("r-a", a, a2));
    fx.afterCommit(() -> ran.add("after a's commit"));
    fx.begin();
    SessionState b2 = b.withVariables(Map.of("x", 2));
    fx.commit(b2, b.revision() + 5, record("r-b", b, b2)); // a revision check that fails
    fx.afterCommit(() -> ran.add("after b's commit"));

    assertThat(ran).containsExactly("before a's commit");

    assertThat(fx.flush()).containsExactly(true, false);
    assertThat(ran).containsExactly("before a's commit", "after a's commit");
    assertThat(store.forSession("t1", "b")).isEmpty();
  }

  @Test
  void a_failing_follow_up_is_thrown_after_the_follow_ups_of_every_later_stored_commit_ran() {
    SessionState a = store.insert(session("t1", "a", "checkout"));
    SessionState b = store.insert(session("t1", "b", "checkout"));
    DeferredEffects fx = new DeferredEffects(direct, store,
        new VisitLogging(null, false, org.scenariomigration.spi.UnitOfWork.NONE));
    fx.begin();
    SessionState a2 = a.withVariables(Map.of("x", 1));
    fx.commit(a2, a.revision(), record("r-a", a, a2));
    fx.afterCommit(() -> {
      throw new IllegalStateException("profile store down");
    });
    fx.begin();
    SessionState b2 = b.withVariables(Map.of("x", 2));
    fx.commit(b2, b.revision(), record("r-b", b, b2));
    fx.afterCommit(() -> ran.add("after b's commit"));

    org.assertj.core.api.Assertions.assertThatThrownBy(fx::flush).isInstanceOf(IllegalStateException.class)
        .hasMessage("profile store down");

    assertThat(ran).containsExactly("after b's commit");
    assertThat(store.forSession("t1", "a")).hasSize(1);
    assertThat(store.forSession("t1", "b")).hasSize(1);
  }
}
