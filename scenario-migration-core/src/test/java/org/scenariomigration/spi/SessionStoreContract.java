package org.scenariomigration.spi;

import org.scenariomigration.session.EndReason;
import org.scenariomigration.session.OwedEffects;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionEnd;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;
import org.scenariomigration.session.VariableValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.spi.StoreFixtures.NASTY;
import static org.scenariomigration.spi.StoreFixtures.T0;
import static org.scenariomigration.spi.StoreFixtures.assertInvalidId;
import static org.scenariomigration.spi.StoreFixtures.marker;
import static org.scenariomigration.spi.StoreFixtures.session;
import static org.scenariomigration.spi.StoreFixtures.withIds;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.policy.ScopeFilter;

/**
 * The contract every {@link SessionStore} (with the {@link JournalStore} it commits to) must pass. Extend it and
 * implement {@link #newStores()}; each call must return empty stores.
 */
public abstract class SessionStoreContract {
  /** A session store and the journal its {@link SessionStore#commit} writes to. */
  public record Stores(SessionStore sessions, JournalStore journal) {}

  /** Fresh, empty stores. */
  protected abstract Stores newStores();

  protected SessionStore store;
  protected JournalStore journal;

  @BeforeEach
  public void setUpStores() {
    Stores s = newStores();
    store = s.sessions();
    journal = s.journal();
  }

  private static JournalRecord record(SessionState before, SessionState after, String planId) {
    return new JournalRecord(UUID.randomUUID().toString(), before.tenantId(), before.sessionId(), planId,
        JournalRecord.Kind.MIGRATED, MigrationScenario.GAP_FILL, before, after,
        List.of(new FilledField("age", 42, FilledField.Source.PROFILE, 1.0),
            new FilledField("name", NASTY, FilledField.Source.EXTRACTION, 0.9)),
        List.of("age"), null, T0);
  }

  private MarkCriteria criteria(String tenant, String step, ScopeFilter filter, String planId, int percent) {
    return new MarkCriteria(tenant, "order-flow", 1, step, filter, T0.plus(Duration.ofDays(10)), marker(planId),
        percent);
  }

  // ------------------------------------------------------------------------------------------- insert, find

  @Test
  public void insert_stores_the_session_with_revision_1() {
    SessionState s = session("t1", "s1", "checkout").withRevision(7);

    SessionState stored = store.insert(s);

    assertThat(stored.revision()).isEqualTo(1);
    assertThat(stored.sameStateAs(s)).isTrue();
    assertThat(store.find("t1", "s1")).contains(stored);
  }

  @Test
  public void find_or_null_answers_what_find_answers_without_the_optional() {
    SessionState stored = store.insert(session("t1", "s1", "checkout"));

    assertThat(store.findOrNull("t1", "s1")).isEqualTo(stored).isEqualTo(store.find("t1", "s1").orElseThrow());
    assertThat(store.findOrNull("t1", "s2")).isNull();
    assertThat(store.findOrNull("t2", "s1")).isNull();
  }

  @Test
  public void a_journal_record_id_that_exists_is_a_duplicate_and_changes_nothing() {
    SessionState s = store.insert(session("t1", "s1", "checkout"));
    SessionState after = s.withVariables(java.util.Map.of("x", 1));
    JournalRecord r = record(s, after, "p1");
    SessionState stored = store.commit(after, s.revision(), r);

    SessionState again = stored.withVariables(java.util.Map.of("x", 2));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.commit(again, stored.revision(),
            new JournalRecord(r.id(), "t1", "s1", "p1", JournalRecord.Kind.MIGRATED, null, stored, again, null, null,
                null, T0)))
        .isInstanceOf(DuplicateRecordException.class).hasMessageContaining(r.id())
        .isInstanceOfSatisfying(DuplicateRecordException.class, e -> {
          assertThat(e.tenantId()).isEqualTo("t1");
          assertThat(e.recordKind()).isEqualTo("journal record");
          assertThat(e.recordId()).isEqualTo(r.id());
        });

    assertThat(store.find("t1", "s1")).contains(stored);
    assertThat(journal.forSession("t1", "s1")).hasSize(1);
  }

  /**
   * A bounded history (a session that looped, a checkpoint, an edited step with the same id, times to the nanosecond)
   * round-trips through insert, update and commit, and through the journal's before and after states; the next visit
   * of a looping session changes no size.
   */
  @Test
  public void a_bounded_history_of_a_looping_session_round_trips_through_every_write_and_the_journal() {
    SessionState s = session("t1", "s1", "checkout");
    Instant at = T0.plusNanos(123_456_789);
    for (int i = 0; i < 40; i++) {
      String step = i % 3 == 0 ? "payment" : i % 3 == 1 ? "checkout" : "confirm";
      s = s.withVisit(new StepVisit(step, "Step " + step + " \"quoted\"", "hash-" + step, at.plusSeconds(i),
          step.equals("payment"), step.equals("payment") ? "paid" : ""));
    }
    s = s.withVisit(new StepVisit("checkout", "Checkout (edited)", "hash-checkout-2", at.plusSeconds(99), false, ""));
    assertThat(s.history()).hasSize(5);
    assertThat(s.visitCount()).isEqualTo(42);

    SessionState stored = store.insert(s);
    assertThat(store.find("t1", "s1").orElseThrow().history()).isEqualTo(s.history());
    SessionState next = stored.withVisit(new StepVisit("confirm", "Step confirm", "hash-confirm", at.plusSeconds(100),
        false, ""));
    assertThat(next.history()).hasSize(5);
    SessionState updated = store.update(next, stored.revision());
    assertThat(store.find("t1", "s1").orElseThrow().history()).isEqualTo(next.history()).isEqualTo(updated.history());
    SessionState after = updated.withVisit(new StepVisit("payment", "Step payment \"quoted\"", "hash-payment",
        at.plusSeconds(101), true, "paid"));
    store.commit(after, updated.revision(), record(updated, after, "p1"));
    SessionState read = store.find("t1", "s1").orElseThrow();
    assertThat(read.history()).isEqualTo(after.history());
    assertThat(read.visitCount()).isEqualTo(44);
    JournalRecord r = journal.forSession("t1", "s1").get(0);
    assertThat(r.before().history()).isEqualTo(updated.history());
    assertThat(r.after().history()).isEqualTo(after.history());
  }

  @Test
  public void a_rollback_marker_and_a_journal_summary_round_trip() {
    SessionState s = store.insert(session("t1", "s1", "checkout").withPending(
        PendingMigration.rollback("p1", 1, T0)));

    assertThat(store.find("t1", "s1").orElseThrow().pending().rollback()).isTrue();
    SessionState after = s.withPending(null);
    store.commit(after, s.revision(), record(s, after, "p1"));
    PlanJournalSummary summary = journal.summarize("t1", "p1");
    assertThat(summary.count(JournalRecord.Kind.MIGRATED)).isEqualTo(1);
    assertThat(summary.migratedByScenario()).containsEntry(MigrationScenario.GAP_FILL, 1L);
    assertThat(summary.lastMigrationAt()).isEqualTo(T0);
    assertThat(journal.summarize("t2", "p1").byKind()).isEmpty();
  }

  @Test
  public void what_a_session_owes_the_host_round_trips_through_insert_update_commit_and_the_journal() {
    OwedEffects actions = new OwedEffects("r-1", OwedEffects.Kind.EXECUTE_ACTIONS, "p1", "checkout", 2, "gap_fill",
        null, List.of("loyalty", NASTY));
    OwedEffects exit = new OwedEffects("r-2", OwedEffects.Kind.EXIT_SCENARIO, null, null, 1, null,
        "Bye, " + NASTY, List.of());
    SessionState s = store.insert(session("t1", "s1", "checkout").withOwed(actions));
    assertThat(store.find("t1", "s1").orElseThrow().owed()).isEqualTo(actions);

    SessionState teleport = s.withOwed(new OwedEffects("r-3", OwedEffects.Kind.TELEPORT, "p1", "confirm", 2,
        "re_route", "I have new instructions.", List.of()));
    SessionState stored = store.update(teleport, s.revision());
    assertThat(store.find("t1", "s1")).contains(stored);

    SessionState after = stored.withOwed(exit);
    store.commit(after, stored.revision(), record(stored, after.withRevision(stored.revision() + 1), "p1"));
    assertThat(store.find("t1", "s1").orElseThrow().owed()).isEqualTo(exit);
    JournalRecord r = journal.forSession("t1", "s1").get(0);
    assertThat(r.before().owed()).isEqualTo(teleport.owed());
    assertThat(r.after().owed()).isEqualTo(exit);

    SessionState cleared = store.update(store.find("t1", "s1").orElseThrow().withOwed(null), stored.revision() + 1);
    assertThat(store.find("t1", "s1").orElseThrow().owed()).isNull();
    assertThat(cleared.owed()).isNull();
  }

  /**
   * A journal record whose after state removes, changes, adds and empties variables, revisits a step, and clears the
   * marker, what is owed and the end comes back from the journal equal to the record committed (the JDBC stores keep
   * the after state as its change against the before state).
   */
  @Test
  public void a_journal_record_whose_after_state_removes_and_clears_what_the_before_state_held_round_trips() {
    Map<String, Object> vars = new java.util.LinkedHashMap<>();
    vars.put("age", 34L);
    vars.put("card", "visa");
    vars.put("empty", null);
    vars.put("$ref", List.of(1.5, "x"));
    vars.put("name", NASTY);
    SessionState s = session("t1", "s1", "checkout").withVariables(vars)
        .withVisit(new StepVisit("checkout", "Checkout", "hash-checkout", T0.plusSeconds(1), false, ""))
        .withVisit(new StepVisit("confirm", "Confirm", "hash-confirm", T0.plusSeconds(2), true, "paid"))
        .withEnd(new SessionEnd(EndReason.ABANDONED, T0.plusSeconds(3))).withPending(marker("p1")).withSettled("p0")
        .withPinned(true)
        .withOwed(new OwedEffects("r-1", OwedEffects.Kind.TELEPORT, "p0", "confirm", 1, "re_route", null, List.of()));
    SessionState stored = store.insert(s);
    Map<String, Object> changed = new java.util.LinkedHashMap<>(stored.variables());
    changed.remove("card");
    changed.remove("$ref");
    changed.put("age", 35L);
    changed.put("empty", "now set");
    changed.put("added", null);
    SessionState after = stored.withVariablesReplaced(changed).withPosition(2, "checksum-2", "checkout")
        .withVisit(new StepVisit("welcome", "Welcome", "hash-welcome", T0.plusSeconds(4), false, ""))
        .withPending(null).withSettled("p1").withPinned(false).withOwed(null).withEnd(null);

    store.commit(after, stored.revision(), record(stored, after.withRevision(stored.revision() + 1), "p1"));
    JournalRecord r = journal.forSession("t1", "s1").get(0);

    assertThat(r.before()).isEqualTo(stored);
    assertThat(r.after()).isEqualTo(after.withRevision(stored.revision() + 1));
    assertThat(r.after().variables()).containsOnlyKeys("age", "empty", "name", "added").containsEntry("added", null);
    assertThat(r.after().history()).extracting(StepVisit::stepId).containsExactly("checkout", "confirm", "welcome");
  }

  @Test
  public void find_of_an_unknown_session_or_tenant_is_empty() {
    store.insert(session("t1", "s1", "checkout"));

    assertThat(store.find("t1", "s2")).isEmpty();
    assertThat(store.find("t2", "s1")).isEmpty();
  }

  @Test
  public void inserting_a_taken_id_throws_duplicate_record_and_keeps_the_original() {
    SessionState first = store.insert(session("t1", "s1", "checkout"));

    assertThatThrownBy(() -> store.insert(session("t1", "s1", "welcome")))
        .isInstanceOf(DuplicateRecordException.class).hasMessageContaining("s1").hasMessageContaining("t1")
        .isInstanceOfSatisfying(DuplicateRecordException.class, e -> {
          assertThat(e.tenantId()).isEqualTo("t1");
          assertThat(e.recordKind()).isEqualTo("session");
          assertThat(e.recordId()).isEqualTo("s1");
        });
    assertThat(store.find("t1", "s1")).contains(first);
  }

  @Test
  public void the_same_session_id_in_two_tenants_are_two_sessions() {
    store.insert(session("t1", "s1", "checkout"));
    store.insert(session("t2", "s1", "welcome"));

    assertThat(store.find("t1", "s1").orElseThrow().currentStepId()).isEqualTo("checkout");
    assertThat(store.find("t2", "s1").orElseThrow().currentStepId()).isEqualTo("welcome");
  }

  @Test
  public void every_component_round_trips_including_quotes_and_sql_metacharacters() {
    SessionState rich = StoreFixtures.richSession(NASTY, NASTY);

    SessionState stored = store.insert(rich);

    assertThat(store.find(NASTY, NASTY)).contains(stored);
    // as VariableValues normalises them: the int 42 stored as a long, maps in key order
    assertThat(stored.sameStateAs(VariableValues.normalize(rich))).isTrue();
    assertThat(stored.variables().get("age")).isEqualTo(42L);
    assertThat(store.find("o'brien", NASTY)).isEmpty();
    SessionState updated = store.update(stored.withVariables(Map.of("note", "it's \"fine\"; --")), 1);
    assertThat(store.find(NASTY, NASTY)).contains(updated);
    assertThat(updated.variables()).containsEntry("note", "it's \"fine\"; --");
  }

  // ------------------------------------------------------------------------------------------- update, commit

  @Test
  public void update_with_the_current_revision_replaces_and_bumps_it() {
    SessionState s = store.insert(session("t1", "s1", "welcome"));

    SessionState updated = store.update(s.withPosition(1, "checksum-1", "checkout"), 1);

    assertThat(updated.revision()).isEqualTo(2);
    assertThat(updated.currentStepId()).isEqualTo("checkout");
    assertThat(store.find("t1", "s1")).contains(updated);
    assertThat(store.update(updated.withPinned(true), 2).revision()).isEqualTo(3);
  }

  @Test
  public void update_with_a_stale_revision_throws_naming_what_collided_and_changes_nothing() {
    SessionState s = store.insert(session("t1", "s1", "welcome"));
    SessionState v2 = store.update(s.withPosition(1, "checksum-1", "checkout"), 1);

    assertThatThrownBy(() -> store.update(s.withPosition(1, "checksum-1", "confirm"), 1))
        .isInstanceOf(ConcurrentUpdateException.class)
        .hasMessageContaining("session").hasMessageContaining("'s1'").hasMessageContaining("'t1'")
        .hasMessageContaining("revision 1").hasMessageContaining("revision 2");
    assertThat(store.find("t1", "s1")).contains(v2);
  }

  @Test
  public void update_of_a_missing_session_throws_concurrent_update() {
    assertThatThrownBy(() -> store.update(session("t1", "s1", "welcome"), 1))
        .isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("'s1'").hasMessageContaining("'t1'")
        .isInstanceOfSatisfying(ConcurrentUpdateException.class, e -> {
          assertThat(e.tenantId()).isEqualTo("t1");
          assertThat(e.recordKind()).isEqualTo("session");
          assertThat(e.recordId()).isEqualTo("s1");
          assertThat(e.expected()).isEqualTo("revision 1");
          assertThat(e.found()).isEqualTo("no session");
        });
    assertThat(store.find("t1", "s1")).isEmpty();
  }

  @Test
  public void update_checks_the_revision_within_the_sessions_tenant() {
    store.insert(session("t1", "s1", "welcome"));
    SessionState other = store.insert(session("t2", "s1", "welcome"));
    store.update(other.withPinned(true), 1);

    assertThatThrownBy(() -> store.update(other.withPinned(false), 1)).isInstanceOf(ConcurrentUpdateException.class)
        .hasMessageContaining("'t2'");
    assertThat(store.find("t1", "s1").orElseThrow().revision()).isEqualTo(1);
    assertThat(store.find("t1", "s1").orElseThrow().pinned()).isFalse();
  }

  @Test
  public void commit_replaces_the_session_and_appends_the_record() {
    SessionState before = store.insert(session("t1", "s1", "checkout"));
    SessionState after = before.withPosition(2, "checksum-2", "checkout").withVariables(Map.of("age", 42))
        .withSettled("plan-1");
    JournalRecord r = record(before, after.withRevision(2), "plan-1");

    SessionState stored = store.commit(after, 1, r);

    assertThat(stored.revision()).isEqualTo(2);
    assertThat(store.find("t1", "s1")).contains(stored);
    // as VariableValues normalises it: the int 42 stored as a long
    assertThat(journal.forSession("t1", "s1")).containsExactly(VariableValues.normalize(r));
    assertThat(journal.forPlan("t1", "plan-1")).containsExactly(VariableValues.normalize(r));
    assertThat(journal.forSession("t1", "s1").get(0).after().variables()).containsEntry("age", 42L);
  }

  @Test
  public void a_commit_that_fails_its_revision_check_appends_no_record() {
    SessionState before = store.insert(session("t1", "s1", "checkout"));
    SessionState moved = store.update(before.withPinned(true), 1);

    assertThatThrownBy(() -> store.commit(before.withPosition(2, "c", "checkout"), 1,
        record(before, before, "plan-1")))
        .isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("revision 1")
        .hasMessageContaining("revision 2");
    assertThat(store.find("t1", "s1")).contains(moved);
    assertThat(journal.forSession("t1", "s1")).isEmpty();
    assertThat(journal.forPlan("t1", "plan-1")).isEmpty();
  }

  @Test
  public void the_journal_keeps_records_oldest_first_scoped_by_tenant_session_and_plan() {
    SessionState a = store.insert(session("t1", "s1", "checkout"));
    SessionState b = store.insert(session("t1", "s2", "checkout"));
    SessionState c = store.insert(session("t2", "s1", "checkout"));
    JournalRecord r1 = record(a, a.withRevision(2), "plan-1");
    JournalRecord r2 = record(b, b.withRevision(2), "plan-1");
    JournalRecord r3 = record(c, c.withRevision(2), "plan-1");
    store.commit(a, 1, r1);
    store.commit(b, 1, r2);
    store.commit(c, 1, r3);
    JournalRecord r4 = new JournalRecord("r4", "t1", "s1", null, JournalRecord.Kind.RELOCATED, null, a, a, null,
        null, "checkpoint 'x' (" + NASTY + ")", T0.plusSeconds(1));
    store.commit(a, 2, r4);

    assertThat(journal.forSession("t1", "s1")).containsExactly(r1, r4);
    assertThat(journal.forSession("t1", "s2")).containsExactly(r2);
    assertThat(journal.forSession("t2", "s1")).containsExactly(r3);
    assertThat(journal.forPlan("t1", "plan-1")).containsExactly(r1, r2);
    assertThat(journal.forPlan("t2", "plan-1")).containsExactly(r3);
    assertThat(journal.forPlan("t3", "plan-1")).isEmpty();
    assertThat(journal.forSession("t3", "s1")).isEmpty();
  }

  // ------------------------------------------------------------------------------------------- commitAll

  @Test
  public void commit_all_stores_every_session_with_its_record_and_returns_them_in_order() {
    List<SessionCommit> commits = new ArrayList<>();
    for (String id : List.of("s3", "s1", "s2")) {
      SessionState before = store.insert(session("t1", id, "checkout"));
      SessionState after = before.withPosition(2, "checksum-2", "review").withSettled("plan-1");
      commits.add(new SessionCommit(after, 1, record(before, after.withRevision(2), "plan-1")));
    }

    List<java.util.Optional<SessionState>> stored = store.commitAll(commits);

    assertThat(stored).hasSize(3);
    for (int i = 0; i < 3; i++) {
      SessionCommit c = commits.get(i);
      SessionState s = stored.get(i).orElseThrow();
      assertThat(s.sessionId()).isEqualTo(c.session().sessionId());
      assertThat(s.revision()).isEqualTo(2);
      assertThat(s.sameStateAs(c.session())).isTrue();
      assertThat(store.find("t1", s.sessionId())).contains(s);
      assertThat(journal.forSession("t1", s.sessionId())).containsExactly(c.record());
    }
    assertThat(journal.forPlan("t1", "plan-1")).containsExactlyElementsOf(
        commits.stream().map(SessionCommit::record).toList());
  }

  @Test
  public void commit_all_leaves_out_only_the_commits_whose_revision_check_fails_and_appends_no_record_for_them() {
    SessionState a = store.insert(session("t1", "a", "checkout"));
    SessionState b = store.insert(session("t1", "b", "checkout"));
    SessionState c = store.insert(session("t1", "c", "checkout"));
    SessionState bMoved = store.update(b.withPinned(true), 1);
    SessionState a2 = a.withPosition(2, "checksum-2", "review");
    SessionState b2 = b.withPosition(2, "checksum-2", "review");
    SessionState c2 = c.withPosition(2, "checksum-2", "review");
    List<SessionCommit> commits = List.of(new SessionCommit(a2, 1, record(a, a2, "plan-1")),
        new SessionCommit(b2, 1, record(b, b2, "plan-1")),
        new SessionCommit(session("t1", "missing", "checkout"), 1, record(c, c2, "plan-1")),
        new SessionCommit(c2, 1, record(c, c2, "plan-1")));

    List<java.util.Optional<SessionState>> stored = store.commitAll(commits);

    assertThat(stored).hasSize(4);
    assertThat(stored.get(0)).contains(a2.withRevision(2));
    assertThat(stored.get(1)).isEmpty();
    assertThat(stored.get(2)).isEmpty();
    assertThat(stored.get(3)).contains(c2.withRevision(2));
    assertThat(store.find("t1", "b")).contains(bMoved);
    assertThat(store.find("t1", "missing")).isEmpty();
    assertThat(journal.forSession("t1", "b")).isEmpty();
    assertThat(journal.forSession("t1", "missing")).isEmpty();
    assertThat(journal.forPlan("t1", "plan-1")).containsExactly(commits.get(0).record(), commits.get(3).record());
  }

  @Test
  public void commit_all_with_a_duplicate_record_id_throws_keeping_the_commits_before_it_and_applying_none_after() {
    SessionState a = store.insert(session("t1", "a", "checkout"));
    SessionState b = store.insert(session("t1", "b", "checkout"));
    SessionState c = store.insert(session("t1", "c", "checkout"));
    SessionState d = store.insert(session("t1", "d", "checkout"));
    JournalRecord taken = record(d, d, "plan-0");
    store.commit(d, 1, taken);
    SessionState a2 = a.withPinned(true);
    SessionState b2 = b.withPinned(true);
    SessionState c2 = c.withPinned(true);
    JournalRecord duplicate = new JournalRecord(taken.id(), "t1", "b", "plan-1", JournalRecord.Kind.PINNED, null, b,
        b2, null, null, null, T0);
    List<SessionCommit> commits = List.of(new SessionCommit(a2, 1, record(a, a2, "plan-1")),
        new SessionCommit(b2, 1, duplicate), new SessionCommit(c2, 1, record(c, c2, "plan-1")));

    assertThatThrownBy(() -> store.commitAll(commits)).isInstanceOf(DuplicateRecordException.class)
        .hasMessageContaining(taken.id());

    assertThat(store.find("t1", "a")).contains(a2.withRevision(2));
    assertThat(store.find("t1", "b")).contains(b);
    assertThat(store.find("t1", "c")).contains(c);
    assertThat(journal.forPlan("t1", "plan-1")).containsExactly(commits.get(0).record());
    assertThat(journal.forSession("t1", "b")).isEmpty();
  }

  @Test
  public void commit_all_of_no_commits_writes_nothing_and_of_null_names_the_argument() {
    assertThat(store.commitAll(List.of())).isEmpty();
    assertThatThrownBy(() -> store.commitAll(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("commits");
    SessionState s = session("t1", "s1", "checkout");
    assertThatThrownBy(() -> new SessionCommit(s, 1, null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("record");
    assertThatThrownBy(() -> new SessionCommit(null, 1, record(s, s, "p"))).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("session");
  }

  // ------------------------------------------------------------------------------------------- mark, unmark

  @Test
  public void mark_sets_the_marker_on_matching_sessions_only_and_never_moves_them() {
    SessionState a = store.insert(session("t1", "a", "checkout"));
    store.insert(session("t1", "b", "welcome"));
    store.insert(session("t1", "c", "order-flow", 2, "checkout", "web", T0));
    store.insert(session("t1", "d", "other-flow", 1, "checkout", "web", T0));
    store.insert(session("t2", "e", "checkout"));

    int n = store.mark(criteria("t1", "checkout", ScopeFilter.ALL, "plan-1", 100));

    assertThat(n).isEqualTo(1);
    SessionState marked = store.find("t1", "a").orElseThrow();
    assertThat(marked.pending()).isEqualTo(marker("plan-1"));
    assertThat(marked.revision()).isEqualTo(2);
    assertThat(marked.withPending(null).sameStateAs(a)).isTrue();
    for (String id : List.of("b", "c", "d")) {
      assertThat(store.find("t1", id).orElseThrow().pending()).as(id).isNull();
      assertThat(store.find("t1", id).orElseThrow().revision()).as(id).isEqualTo(1);
    }
    assertThat(store.find("t2", "e").orElseThrow().pending()).isNull();
  }

  @Test
  public void mark_skips_sessions_already_marked_or_settled_by_the_plan() {
    store.insert(session("t1", "a", "checkout"));
    assertThat(store.mark(criteria("t1", "checkout", ScopeFilter.ALL, "plan-0", 100))).isEqualTo(1);
    SessionState settled = store.insert(session("t1", "b", "checkout"));
    store.update(settled.withSettled("plan-1"), 1);

    assertThat(store.mark(criteria("t1", "checkout", ScopeFilter.ALL, "plan-1", 100))).isZero();
    assertThat(store.find("t1", "a").orElseThrow().pending().planId()).isEqualTo("plan-0");
    assertThat(store.find("t1", "b").orElseThrow().pending()).isNull();
    // b is settled by plan-1 only; a already carries a marker
    assertThat(store.mark(criteria("t1", "checkout", ScopeFilter.ALL, "plan-0", 100))).isEqualTo(1);
    assertThat(store.mark(criteria("t1", "checkout", ScopeFilter.ALL, "plan-0", 100))).isZero();
  }

  @Test
  public void count_at_version_counts_the_sessions_that_have_not_ended_with_the_pinned_and_the_marked() {
    store.insert(session("t1", "plain", "order-flow", 1, "checkout", "web", T0));
    store.insert(session("t1", "pinned", "order-flow", 1, "checkout", "web", T0).withPinned(true));
    store.insert(session("t1", "marked", "order-flow", 1, "welcome", "web", T0).withPending(marker("p1")));
    store.insert(session("t1", "ended", "order-flow", 1, "checkout", "web", T0).withPinned(true)
        .withEnd(new org.scenariomigration.session.SessionEnd(org.scenariomigration.session.EndReason.ABANDONED, T0)));
    store.insert(session("t1", "v2", "order-flow", 2, "checkout", "web", T0));
    store.insert(session("t1", "other-scenario", "returns", 1, "checkout", "web", T0));
    store.insert(session("t2", "other-tenant", "order-flow", 1, "checkout", "web", T0).withPinned(true));

    assertThat(store.countAtVersion("t1", "order-flow", 1)).isEqualTo(new SessionCounts(3, 1, 1));
    assertThat(store.countAtVersion("t1", "order-flow", 2)).isEqualTo(new SessionCounts(1, 0, 0));
    assertThat(store.countAtVersion("t1", "order-flow", 3)).isEqualTo(SessionCounts.NONE);
    assertThat(store.countAtVersion("t2", "order-flow", 1)).isEqualTo(new SessionCounts(1, 1, 0));
    assertThat(store.countAtVersion("t1\u0007", "order-flow", 1)).isEqualTo(SessionCounts.NONE);
  }

  @Test
  public void mark_applies_the_scope_filter() {
    store.insert(session("t1", "web-old", "order-flow", 1, "checkout", "web", T0));
    store.insert(session("t1", "web-new", "order-flow", 1, "checkout", "web", T0.plus(Duration.ofDays(8))));
    store.insert(session("t1", "sms-new", "order-flow", 1, "checkout", "sms", T0.plus(Duration.ofDays(8))));
    store.insert(session("t1", "app-mid", "order-flow", 1, "checkout", "app", T0.plus(Duration.ofDays(5))));

    assertThat(store.mark(criteria("t1", "checkout",
        ScopeFilter.builder().excludeChannels("sms").maxSessionAgeDays(6).build(), "p1", 100))).isEqualTo(2);
    assertThat(store.countMarked("t1", "p1")).isEqualTo(2);
    assertThat(store.findMarked("t1", "p1", null, 10)).extracting(SessionState::sessionId)
        .containsExactly("app-mid", "web-new");

    assertThat(store.mark(criteria("t1", "checkout",
        ScopeFilter.builder().includeChannels("web", "sms").minSessionAgeDays(9).build(), "p2", 100))).isEqualTo(1);
    assertThat(store.findMarked("t1", "p2", null, 10)).extracting(SessionState::sessionId).containsExactly("web-old");

    assertThat(store.mark(criteria("t1", "checkout",
        ScopeFilter.builder().excludeCurrentSteps("checkout").build(), "p3", 100))).isZero();
    assertThat(store.mark(criteria("t1", "checkout",
        ScopeFilter.builder().includeCurrentSteps("checkout").build(), "p3", 100))).isEqualTo(1);
    assertThat(store.findMarked("t1", "p3", null, 10)).extracting(SessionState::sessionId).containsExactly("sms-new");
  }

  @Test
  public void mark_takes_the_rollout_buckets_of_the_session_ids() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String id = "session-" + i;
      ids.add(id);
      store.insert(session("t1", id, "checkout"));
    }
    List<String> inHalf = ids.stream().filter(id -> Rollout.bucket(id) < 50).sorted().toList();

    assertThat(store.mark(criteria("t1", "checkout", ScopeFilter.ALL, "p0", 0))).isZero();
    assertThat(store.mark(criteria("t1", "checkout", ScopeFilter.ALL, "p1", 50))).isEqualTo(inHalf.size());
    assertThat(store.findMarked("t1", "p1", null, 100)).extracting(SessionState::sessionId)
        .containsExactlyElementsOf(inHalf);
    store.unmark("t1", "p1");
    assertThat(store.mark(criteria("t1", "checkout", ScopeFilter.ALL, "p2", 100))).isEqualTo(60);
  }

  @Test
  public void rollout_buckets_are_stable_and_within_range() {
    assertThat(Rollout.bucket("session-1")).isEqualTo(Rollout.bucket("session-1")).isBetween(0, 99);
    assertThat(Rollout.bucket("")).isEqualTo((int) (Integer.toUnsignedLong(0x811c9dc5) % 100));
    assertThat(Rollout.bucket(NASTY)).isBetween(0, 99);
  }

  private MarkCriteria anchorCriteria(String step, ScopeFilter filter, String planId, int percent) {
    return new MarkCriteria("t1", "order-flow", 1, step, filter, T0.plus(Duration.ofDays(10)),
        new PendingMigration(planId, "hash-" + step, 2, T0, List.of()), percent);
  }

  @Test
  public void mark_all_marks_each_anchor_with_its_own_marker_and_filter_and_returns_the_counts_in_order() {
    store.insert(session("t1", "w-web", "order-flow", 1, "welcome", "web", T0));
    store.insert(session("t1", "w-sms", "order-flow", 1, "welcome", "sms", T0));
    store.insert(session("t1", "c-web", "order-flow", 1, "checkout", "web", T0));
    store.insert(session("t1", "c-old", "order-flow", 1, "checkout", "web", T0.minus(Duration.ofDays(30))));
    store.insert(session("t1", "c-sms", "order-flow", 1, "checkout", "sms", T0));
    store.insert(session("t1", "x-web", "order-flow", 1, "confirm", "web", T0));
    store.insert(session("t1", "v2-web", "order-flow", 2, "welcome", "web", T0));
    store.insert(session("t2", "w-web", "order-flow", 1, "welcome", "web", T0));
    SessionState settled = store.insert(session("t1", "w-settled", "order-flow", 1, "welcome", "web", T0));
    store.update(settled.withSettled("p1"), 1);

    int[] counts = store.markAll(List.of(
        anchorCriteria("welcome", ScopeFilter.builder().excludeChannels("sms").build(), "p1", 100),
        anchorCriteria("checkout", ScopeFilter.builder().maxSessionAgeDays(20).build(), "p1", 100),
        anchorCriteria("payment", ScopeFilter.ALL, "p1", 100),
        anchorCriteria("confirm", ScopeFilter.ALL, "p1", 100)));

    assertThat(counts).containsExactly(1, 2, 0, 1);
    assertThat(store.findMarked("t1", "p1", null, 10)).extracting(SessionState::sessionId)
        .containsExactly("c-sms", "c-web", "w-web", "x-web");
    for (String id : List.of("w-web", "c-web", "c-sms", "x-web")) {
      SessionState s = store.find("t1", id).orElseThrow();
      assertThat(s.pending()).as(id)
          .isEqualTo(new PendingMigration("p1", "hash-" + s.currentStepId(), 2, T0, List.of()));
      assertThat(s.revision()).as(id).isEqualTo(2);
    }
    for (String id : List.of("w-sms", "c-old", "v2-web")) {
      assertThat(store.find("t1", id).orElseThrow().pending()).as(id).isNull();
      assertThat(store.find("t1", id).orElseThrow().revision()).as(id).isEqualTo(1);
    }
    assertThat(store.find("t1", "w-settled").orElseThrow().pending()).isNull();
    assertThat(store.find("t2", "w-web").orElseThrow().pending()).isNull();
    assertThat(store.markAll(List.of(anchorCriteria("welcome", ScopeFilter.ALL, "p1", 100),
        anchorCriteria("checkout", ScopeFilter.ALL, "p1", 100)))).containsExactly(1, 1);
  }

  @Test
  public void mark_all_takes_the_rollout_buckets_of_the_session_ids() {
    List<String> inHalf = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String id = "session-" + i;
      String step = i % 2 == 0 ? "welcome" : "checkout";
      store.insert(session("t1", id, step));
      if (Rollout.bucket(id) < 50) {
        inHalf.add(id);
      }
    }

    int[] counts = store.markAll(List.of(anchorCriteria("welcome", ScopeFilter.ALL, "p1", 50),
        anchorCriteria("checkout", ScopeFilter.ALL, "p1", 50)));

    assertThat(counts[0] + counts[1]).isEqualTo(inHalf.size());
    assertThat(store.findMarked("t1", "p1", null, 100)).extracting(SessionState::sessionId)
        .containsExactlyInAnyOrderElementsOf(inHalf);
    int[] widened = store.markAll(List.of(anchorCriteria("welcome", ScopeFilter.ALL, "p1", 100),
        anchorCriteria("checkout", ScopeFilter.ALL, "p1", 100)));
    assertThat(counts[0] + widened[0]).isEqualTo(20);
    assertThat(counts[1] + widened[1]).isEqualTo(20);
    assertThat(store.countMarked("t1", "p1")).isEqualTo(40);
  }

  @Test
  public void mark_all_with_criteria_of_one_step_or_of_several_plans_marks_as_one_after_another() {
    store.insert(session("t1", "web", "order-flow", 1, "checkout", "web", T0));
    store.insert(session("t1", "sms", "order-flow", 1, "checkout", "sms", T0));
    store.insert(session("t1", "welcome", "order-flow", 1, "welcome", "web", T0));

    assertThat(store.markAll(List.of(
        anchorCriteria("checkout", ScopeFilter.builder().excludeChannels("sms").build(), "p1", 100),
        anchorCriteria("checkout", ScopeFilter.ALL, "p1", 100),
        anchorCriteria("welcome", ScopeFilter.ALL, "p2", 100),
        anchorCriteria("welcome", ScopeFilter.ALL, "p1", 100)))).containsExactly(1, 1, 1, 0);
    assertThat(store.find("t1", "welcome").orElseThrow().pending().planId()).isEqualTo("p2");
    assertThat(store.countMarked("t1", "p1")).isEqualTo(2);
  }

  @Test
  public void mark_all_of_no_criteria_marks_nothing() {
    store.insert(session("t1", "a", "checkout"));

    assertThat(store.markAll(List.of())).isEmpty();
    assertThat(store.find("t1", "a").orElseThrow().pending()).isNull();
  }

  @Test
  public void mark_all_rejects_a_null_list_or_a_null_criteria_before_marking_anything() {
    store.insert(session("t1", "a", "checkout"));
    List<MarkCriteria> withNull = new ArrayList<>();
    withNull.add(anchorCriteria("checkout", ScopeFilter.ALL, "p1", 100));
    withNull.add(null);

    assertThatThrownBy(() -> store.markAll(null)).isInstanceOf(NullPointerException.class).hasMessage("criteria");
    assertThatThrownBy(() -> store.markAll(withNull)).isInstanceOf(NullPointerException.class)
        .hasMessage("criteria[1]");
    assertThat(store.find("t1", "a").orElseThrow().pending()).isNull();
  }

  @Test
  public void unmark_removes_only_that_plans_markers_in_that_tenant() {
    store.insert(session("t1", "a", "checkout"));
    store.insert(session("t1", "b", "checkout"));
    store.insert(session("t1", "c", "welcome"));
    store.insert(session("t2", "a", "checkout"));
    store.mark(criteria("t1", "checkout", ScopeFilter.ALL, "p1", 100));
    store.mark(criteria("t1", "welcome", ScopeFilter.ALL, "p2", 100));
    store.mark(criteria("t2", "checkout", ScopeFilter.ALL, "p1", 100));

    assertThat(store.unmark("t1", "p1")).isEqualTo(2);

    assertThat(store.find("t1", "a").orElseThrow().pending()).isNull();
    assertThat(store.find("t1", "a").orElseThrow().revision()).isEqualTo(3);
    assertThat(store.find("t1", "c").orElseThrow().pending().planId()).isEqualTo("p2");
    assertThat(store.find("t2", "a").orElseThrow().pending().planId()).isEqualTo("p1");
    assertThat(store.unmark("t1", "p1")).isZero();
    assertThat(store.unmark("t9", "p1")).isZero();
    assertThat(store.countMarked("t1", "p1")).isZero();
    assertThat(store.countMarked("t2", "p1")).isEqualTo(1);
  }

  @Test
  public void a_marked_session_rejects_a_write_based_on_the_revision_before_marking() {
    SessionState s = store.insert(session("t1", "a", "checkout"));
    store.mark(criteria("t1", "checkout", ScopeFilter.ALL, "p1", 100));

    assertThatThrownBy(() -> store.update(s.withPinned(true), 1)).isInstanceOf(ConcurrentUpdateException.class);
    assertThat(store.find("t1", "a").orElseThrow().pending()).isNotNull();
  }

  // ------------------------------------------------------------------------------------------- change generations

  @Test
  public void a_change_makes_the_generation_odd_while_it_holds_the_scenario_and_refuses_another_holder() {
    assertThat(store.changeGeneration("t1", "order-flow")).isZero();
    assertThat(store.changeHolder("t1", "order-flow")).isNull();

    long begun = store.beginChange("t1", "order-flow", "deploy of plan 'p1'");
    assertThat(Generations.changing(begun)).isTrue();
    assertThat(store.changeGeneration("t1", "order-flow")).isEqualTo(begun);
    assertThat(store.changeHolder("t1", "order-flow")).isEqualTo("deploy of plan 'p1'");
    // a retry of the same operation goes on holding it; another is refused, naming the holder
    assertThat(store.beginChange("t1", "order-flow", "deploy of plan 'p1'")).isEqualTo(begun);
    assertThatThrownBy(() -> store.beginChange("t1", "order-flow", "rollback of plan 'p0'"))
        .isInstanceOfSatisfying(ConcurrentOperationException.class, e -> {
          assertThat(e.heldBy()).isEqualTo("deploy of plan 'p1'");
          assertThat(e.operation()).isEqualTo("rollback of plan 'p0'");
          assertThat(e.tenantId()).isEqualTo("t1");
          assertThat(e.scenarioId()).isEqualTo("order-flow");
        }).hasMessageContaining("deploy of plan 'p1'").hasMessageContaining("order-flow");
    // another scenario, another tenant: other gates
    assertThat(Generations.changing(store.beginChange("t1", "other-flow", "rollback of plan 'p0'"))).isTrue();
    assertThat(store.changeGeneration("t2", "order-flow")).isZero();
    // only the holder ends it, with a generation never seen before
    assertThat(store.endChange("t1", "order-flow", "rollback of plan 'p0'")).isEqualTo(begun);
    long ended = store.endChange("t1", "order-flow", "deploy of plan 'p1'");
    assertThat(Generations.changing(ended)).isFalse();
    assertThat(ended).isNotIn(0L, begun);
    assertThat(store.changeHolder("t1", "order-flow")).isNull();
    long again = store.beginChange("t1", "order-flow", "rollback of plan 'p0'");
    assertThat(Generations.changing(again)).isTrue();
    assertThat(again).isNotIn(begun, ended);
  }

  @Test
  public void a_write_that_expects_a_generation_is_refused_once_a_change_began_and_writes_nothing() {
    SessionState s = store.insert(session("t1", "s1", "checkout"));
    long g = store.changeGeneration("t1", "order-flow");
    SessionState updated = store.update(s.withVariables(Map.of("x", 1)), s.revision(), g);
    assertThat(store.find("t1", "s1")).contains(updated);

    store.beginChange("t1", "order-flow", "deploy of plan 'p1'");
    assertThatThrownBy(() -> store.update(updated.withVariables(Map.of("x", 2)), updated.revision(), g))
        .isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("change generation " + g);
    SessionState after = updated.withPending(null).withVariables(Map.of("x", 3));
    assertThatThrownBy(() -> store.commit(after, updated.revision(), g, record(updated,
        after.withRevision(updated.revision() + 1), "p1"))).isInstanceOf(ConcurrentUpdateException.class);
    assertThat(store.commitAll(List.of(new SessionCommit(after, updated.revision(), record(updated,
        after.withRevision(updated.revision() + 1), "p1"), g)))).containsExactly(Optional.empty());
    assertThat(store.find("t1", "s1")).contains(updated);
    assertThat(journal.forSession("t1", "s1")).isEmpty();
    // an operator's own writes check no generation; a session of another scenario is not held
    assertThat(store.update(updated.withPinned(true), updated.revision()).pinned()).isTrue();
    SessionState other = store.insert(session("t1", "s2", "other-flow", 1, "checkout", "web", T0));
    assertThat(store.update(other.withPinned(true), other.revision(), 0).pinned()).isTrue();

    long now = store.endChange("t1", "order-flow", "deploy of plan 'p1'");
    SessionState latest = store.find("t1", "s1").orElseThrow();
    assertThat(store.update(latest.withVariables(Map.of("x", 4)), latest.revision(), now).variables())
        .containsEntry("x", 4L);
  }

  // ------------------------------------------------------------------------------------------- claimed pages

  private void insertMarked(String tenant, String planId, String... ids) {
    for (String id : ids) {
      store.insert(session(tenant, id, "checkout").withPending(marker(planId)));
    }
  }

  @Test
  public void a_claimed_page_is_skipped_by_other_claims_until_its_commit_ends_it() {
    insertMarked("t1", "p1", "s1", "s2", "s3", "s4", "s5");
    insertMarked("t2", "p1", "s1");

    try (MarkedPage first = store.claimMarked("t1", "p1", null, 2)) {
      assertThat(first.sessions()).extracting(SessionState::sessionId).containsExactly("s1", "s2");
      try (MarkedPage second = store.claimMarked("t1", "p1", null, 10)) {
        assertThat(second.sessions()).extracting(SessionState::sessionId).containsExactly("s3", "s4", "s5");
      }
      try (MarkedPage other = store.claimMarked("t2", "p1", null, 10)) {
        assertThat(other.sessions()).extracting(SessionState::sessionId).containsExactly("s1");
      }
      SessionState s1 = first.sessions().get(0);
      SessionState migrated = s1.withPending(null).withPosition(2, "x", "checkout");
      assertThat(first.commitAll(List.of(new SessionCommit(migrated, s1.revision(), record(s1,
          migrated.withRevision(s1.revision() + 1), "p1"))))).containsExactly(Optional.of(migrated.withRevision(
              s1.revision() + 1)));
    }
    try (MarkedPage again = store.claimMarked("t1", "p1", null, 10)) {
      assertThat(again.sessions()).extracting(SessionState::sessionId).containsExactly("s2", "s3", "s4", "s5");
    }
    assertThat(store.find("t1", "s1").orElseThrow().pending()).isNull();
    assertThat(journal.forSession("t1", "s1")).hasSize(1);
  }

  @Test
  public void a_claimed_page_stores_its_updates_with_its_commits_and_undoes_them_when_closed_without() {
    insertMarked("t1", "p1", "s1", "s2");
    SessionState s1 = store.find("t1", "s1").orElseThrow();
    SessionState s2 = store.find("t1", "s2").orElseThrow();

    try (MarkedPage page = store.claimMarked("t1", "p1", null, 10)) {
      SessionState updated = page.update(s1.withVariables(Map.of("x", 1)), s1.revision());
      assertThat(updated.revision()).isEqualTo(s1.revision() + 1);
    }
    assertThat(store.find("t1", "s1")).contains(s1);

    MarkedPage page = store.claimMarked("t1", "p1", null, 10);
    SessionState updated = page.update(s1.withPending(null), s1.revision());
    SessionState after = s2.withPending(null).withVariables(Map.of("y", 2));
    page.commitAll(List.of(new SessionCommit(after, s2.revision(), record(s2,
        after.withRevision(s2.revision() + 1), "p1"))));
    page.close(); // after the commit: nothing left to undo
    page.close(); // and closing twice is harmless
    assertThat(store.find("t1", "s1")).contains(updated);
    assertThat(store.find("t1", "s2").orElseThrow().variables()).containsEntry("y", 2L);
    assertThat(store.countMarked("t1", "p1")).isZero();
  }

  @Test
  public void a_page_whose_updates_alone_are_committed_with_an_empty_commit_all_stores_them() {
    insertMarked("t1", "p1", "s1");
    SessionState s1 = store.find("t1", "s1").orElseThrow();

    try (MarkedPage page = store.claimMarked("t1", "p1", null, 10)) {
      page.update(s1.withPending(null), s1.revision());
      assertThat(page.commitAll(List.of())).isEmpty();
    }

    assertThat(store.find("t1", "s1").orElseThrow().pending()).isNull();
  }

  // ------------------------------------------------------------------------------------------- queries

  @Test
  public void find_at_version_orders_by_session_id_and_honours_the_limit() {
    for (String id : List.of("c", "a", "e", "b", "d")) {
      store.insert(session("t1", id, "checkout"));
    }
    store.insert(session("t1", "v2", "order-flow", 2, "checkout", "web", T0));
    store.insert(session("t1", "other", "other-flow", 1, "checkout", "web", T0));
    store.insert(session("t2", "aa", "checkout"));

    assertThat(store.findAtVersion("t1", "order-flow", 1, 100)).extracting(SessionState::sessionId)
        .containsExactly("a", "b", "c", "d", "e");
    assertThat(store.findAtVersion("t1", "order-flow", 1, 2)).extracting(SessionState::sessionId)
        .containsExactly("a", "b");
    assertThat(store.findAtVersion("t1", "order-flow", 1, 0)).isEmpty();
    assertThat(store.findAtVersion("t1", "order-flow", 2, 100)).extracting(SessionState::sessionId)
        .containsExactly("v2");
    assertThat(store.findAtVersion("t3", "order-flow", 1, 100)).isEmpty();
  }

  @Test
  public void find_at_version_pages_after_a_session_id_in_session_id_order_within_the_tenant() {
    for (String id : List.of("c", "a", "e", "b", "d")) {
      store.insert(session("t1", id, "checkout"));
    }
    store.insert(session("t1", "bb", "order-flow", 2, "checkout", "web", T0));
    store.insert(session("t2", "ca", "checkout"));

    assertThat(store.findAtVersion("t1", "order-flow", 1, null, 2)).extracting(SessionState::sessionId)
        .containsExactly("a", "b");
    assertThat(store.findAtVersion("t1", "order-flow", 1, "b", 2)).extracting(SessionState::sessionId)
        .containsExactly("c", "d");
    assertThat(store.findAtVersion("t1", "order-flow", 1, "d", 2)).extracting(SessionState::sessionId)
        .containsExactly("e");
    assertThat(store.findAtVersion("t1", "order-flow", 1, "e", 2)).isEmpty();
    assertThat(store.findAtVersion("t1", "order-flow", 1, "bb", 100)).extracting(SessionState::sessionId)
        .containsExactly("c", "d", "e");
    assertThat(store.findAtVersion("t1", "order-flow", 1, null, 0)).isEmpty();
    assertThat(store.findAtVersion("t2", "order-flow", 1, "b", 10)).extracting(SessionState::sessionId)
        .containsExactly("ca");
  }

  @Test
  public void find_marked_and_count_marked_are_scoped_by_tenant_and_plan() {
    for (String id : List.of("c", "a", "b")) {
      store.insert(session("t1", id, "checkout"));
    }
    store.insert(session("t1", "w", "welcome"));
    store.insert(session("t2", "a", "checkout"));
    store.mark(criteria("t1", "checkout", ScopeFilter.ALL, "p1", 100));
    store.mark(criteria("t1", "welcome", ScopeFilter.ALL, "p2", 100));
    store.mark(criteria("t2", "checkout", ScopeFilter.ALL, "p1", 100));

    assertThat(store.findMarked("t1", "p1", null, 100)).extracting(SessionState::sessionId).containsExactly("a", "b", "c");
    assertThat(store.findMarked("t1", "p1", null, 1)).extracting(SessionState::sessionId).containsExactly("a");
    assertThat(store.findMarked("t1", "p1", "a", 1)).extracting(SessionState::sessionId).containsExactly("b");
    assertThat(store.findMarked("t1", "p1", "b", 10)).extracting(SessionState::sessionId).containsExactly("c");
    assertThat(store.findMarked("t1", "p1", "c", 10)).isEmpty();
    assertThat(store.findMarked("t1", "p2", null, 100)).extracting(SessionState::sessionId).containsExactly("w");
    assertThat(store.countMarked("t1", "p1")).isEqualTo(3);
    assertThat(store.countMarked("t2", "p1")).isEqualTo(1);
    assertThat(store.countMarked("t1", "p9")).isZero();
    assertThat(store.findMarked("t9", "p1", null, 100)).isEmpty();
  }

  @Test
  public void plan_ids_with_metacharacters_mark_and_unmark() {
    store.insert(session("t1", "a", "checkout"));

    assertThat(store.mark(criteria("t1", "checkout", ScopeFilter.ALL, NASTY, 100))).isEqualTo(1);
    assertThat(store.countMarked("t1", NASTY)).isEqualTo(1);
    assertThat(store.countMarked("t1", "o'brien")).isZero();
    assertThat(store.findMarked("t1", NASTY, null, 10)).extracting(SessionState::sessionId).containsExactly("a");
    assertThat(store.unmark("t1", NASTY)).isEqualTo(1);
  }
  // ------------------------------------------------------------------------------------------- ids

  private static JournalRecord record(String id, SessionState before, SessionState after, String planId) {
    return new JournalRecord(id, before.tenantId(), before.sessionId(), planId, JournalRecord.Kind.MIGRATED,
        MigrationScenario.CLEAN_GRAFT, before, after, List.of(), List.of(), null, T0);
  }

  private static MarkCriteria criteria(String tenant, String scenario, String step, ScopeFilter filter, String plan) {
    return new MarkCriteria(tenant, scenario, 1, step, filter, T0.plus(Duration.ofDays(10)), marker(plan), 100);
  }

  private SessionState stored(String tenant, String sessionId) {
    return store.find(tenant, sessionId).orElseThrow(() -> new AssertionError("no session " + Ids.quote(sessionId)
        + " of tenant " + Ids.quote(tenant)));
  }

  /**
   * Keeps the two ids of a look-alike pair apart in every role an id plays in a session store: as tenants (find,
   * update, mark, count, page, unmark, journal, summary, and a journal record id used in both), as session ids, as
   * plan ids (markers and settled plans), and as scenario ids, step ids and channels that marking selects by. Every
   * other id is made unique with {@code k}. The store need not be empty.
   */
  public void keepsApart(int k, LookAlikeIds.Pair pair) {
    String a = pair.a();
    String b = pair.b();
    String plan = "p-" + k;
    // as tenants, with the same session id, scenario, plan id and journal record id (a tenant may recur in other
    // pairs: the scenario is this pair's own)
    String sid = "s-" + k;
    String flow = "flow-" + k;
    SessionState ta = store.insert(session(a, sid, flow, 1, "checkout", "web", T0));
    SessionState tb = store.insert(session(b, sid, flow, 1, "welcome", "web", T0));
    assertThat(stored(a, sid)).isEqualTo(ta);
    assertThat(stored(b, sid)).isEqualTo(tb);
    store.update(ta.withPinned(true), 1);
    assertThat(stored(b, sid)).isEqualTo(tb);
    assertThat(store.mark(criteria(a, flow, "welcome", ScopeFilter.ALL, plan))).isZero();
    assertThat(store.mark(criteria(a, flow, "checkout", ScopeFilter.ALL, plan))).isEqualTo(1);
    assertThat(stored(b, sid)).isEqualTo(tb);
    assertThat(store.countMarked(b, plan)).isZero();
    assertThat(store.findMarked(b, plan, null, 10)).isEmpty();
    assertThat(store.unmark(b, plan)).isZero();
    assertThat(store.countMarked(a, plan)).isEqualTo(1);
    assertThat(store.findAtVersion(b, flow, 1, 10)).containsExactly(tb);
    SessionState marked = stored(a, sid);
    SessionState settled = marked.withPending(null).withSettled(plan);
    store.commit(settled, marked.revision(), record("r-" + k, marked, settled, plan));
    assertThat(stored(b, sid)).isEqualTo(tb);
    assertThat(journal.forSession(b, sid)).isEmpty();
    assertThat(journal.forPlan(b, plan)).isEmpty();
    assertThat(journal.summarize(b, plan).byKind()).isEmpty();
    store.commit(tb.withSettled(plan), 1, record("r-" + k, tb, tb.withSettled(plan), plan));
    assertThat(journal.forSession(a, sid)).extracting(JournalRecord::tenantId).containsExactly(a);
    assertThat(journal.forPlan(b, plan)).extracting(JournalRecord::tenantId).containsExactly(b);

    // as session ids of one tenant
    String t = "t-" + k;
    SessionState sa = store.insert(session(t, a, "checkout"));
    SessionState sb = store.insert(session(t, b, "checkout"));
    SessionState sa2 = store.update(sa.withPinned(true), 1);
    assertThat(stored(t, b)).isEqualTo(sb);
    assertThat(store.mark(criteria(t, "order-flow", "checkout", ScopeFilter.ALL, plan))).isEqualTo(2);
    List<SessionState> page = store.findMarked(t, plan, null, 10);
    assertThat(page).extracting(SessionState::sessionId).containsExactlyInAnyOrder(a, b);
    assertThat(store.findMarked(t, plan, page.get(0).sessionId(), 10)).extracting(SessionState::sessionId)
        .containsExactly(page.get(1).sessionId());
    SessionState ma = stored(t, a);
    store.commit(ma.withPending(null), ma.revision(), record("ra-" + k, ma, ma.withPending(null), plan));
    assertThat(journal.forSession(t, b)).isEmpty();
    assertThat(stored(t, b).pending()).isEqualTo(marker(plan));
    assertThat(stored(t, a).revision()).isEqualTo(sa2.revision() + 2);

    // as plan ids: a marker or a settled plan of one never stands for the other
    String tp = "tp-" + k;
    store.insert(session(tp, "x", "checkout").withSettled(a));
    assertThat(store.mark(criteria(tp, "order-flow", "checkout", ScopeFilter.ALL, b))).isEqualTo(1);
    assertThat(store.countMarked(tp, a)).isZero();
    assertThat(store.findMarked(tp, a, null, 10)).isEmpty();
    assertThat(store.unmark(tp, a)).isZero();
    store.insert(session(tp, "y", "checkout").withSettled(b));
    assertThat(store.mark(criteria(tp, "order-flow", "checkout", ScopeFilter.ALL, a))).isEqualTo(1);
    assertThat(stored(tp, "y").pending().planId()).isEqualTo(a);
    SessionState x = stored(tp, "x");
    store.commit(x.withPending(null), x.revision(), record("rx-" + k, x, x.withPending(null), b));
    assertThat(journal.forPlan(tp, a)).isEmpty();
    assertThat(journal.summarize(tp, a).byKind()).isEmpty();
    assertThat(store.unmark(tp, a)).isEqualTo(1);
    assertThat(stored(tp, "x").pending()).isNull();

    // as scenario ids, step ids and channels that marking selects by
    String ts = "ts-" + k;
    SessionState onA = store.insert(session(ts, "on-a", a, 1, "checkout", "web", T0));
    SessionState onB = store.insert(session(ts, "on-b", b, 1, "checkout", "web", T0));
    assertThat(store.findAtVersion(ts, b, 1, 10)).containsExactly(onB);
    assertThat(store.mark(criteria(ts, a, "checkout", ScopeFilter.ALL, plan))).isEqualTo(1);
    assertThat(stored(ts, "on-b")).isEqualTo(onB);
    assertThat(stored(ts, "on-a").pending()).isNotNull();
    store.insert(session(ts, "at-a", "steps", 1, a, "web", T0));
    SessionState atB = store.insert(session(ts, "at-b", "steps", 1, b, "web", T0));
    assertThat(store.mark(criteria(ts, "steps", a, ScopeFilter.ALL, plan))).isEqualTo(1);
    assertThat(stored(ts, "at-b")).isEqualTo(atB);
    assertThat(onA.sessionId()).isEqualTo("on-a");
    store.insert(session(ts, "via-a", "channels", 1, "checkout", a, T0));
    store.insert(session(ts, "via-b", "channels", 1, "checkout", b, T0));
    assertThat(store.mark(criteria(ts, "channels", "checkout", ScopeFilter.builder().includeChannels(a).build(),
        "in-" + k))).isEqualTo(1);
    assertThat(stored(ts, "via-a").pending()).isEqualTo(marker("in-" + k));
    assertThat(store.mark(criteria(ts, "channels", "checkout", ScopeFilter.builder().excludeChannels(a).build(),
        "out-" + k))).isEqualTo(1);
    assertThat(stored(ts, "via-b").pending()).isEqualTo(marker("out-" + k));
  }

  @Test
  public void look_alike_ids_never_touch_each_other_in_any_role() {
    LookAlikeIds.forEachPair(this::keepsApart);
  }

  @Test
  public void ids_outside_the_grammar_are_never_written_and_find_nothing_not_even_their_look_alike() {
    LookAlikeIds.forEachRefused((j, bad, like) -> {
      String t = "t-" + j;
      String sid = "s-" + j;
      String r2 = "r2-" + j;
      String r3 = "r3-" + j;
      // the look-alike as a tenant, a session id, a scenario id and a plan id, with a journal record
      store.insert(session(like, sid, "checkout"));
      SessionState other = store.insert(session(t, like, "checkout"));
      store.insert(session(t, "on-" + j, like, 1, "checkout", "web", T0));
      store.mark(criteria(t, "order-flow", "checkout", ScopeFilter.ALL, like));
      SessionState marked = stored(t, like);
      store.commit(marked, marked.revision(), record("r-" + j, marked, marked, like));
      SessionState current = stored(t, like);
      SessionState stranger = stored(like, sid);

      assertInvalidId(IdKind.TENANT, bad, () -> store.insert(session(bad, sid, "checkout")));
      assertInvalidId(IdKind.SESSION, bad, () -> store.insert(session(t, bad, "checkout")));
      SessionState fresh = session(t, "fresh", "checkout");
      assertInvalidId(IdKind.CUSTOMER, bad, () -> store.insert(withIds(fresh, t, "fresh", bad, "web",
          "order-flow", "checkout")));
      assertInvalidId(IdKind.CHANNEL, bad, () -> store.insert(withIds(fresh, t, "fresh", "c", bad,
          "order-flow", "checkout")));
      assertInvalidId(IdKind.SCENARIO, bad, () -> store.insert(withIds(fresh, t, "fresh", "c", "web", bad,
          "checkout")));
      assertInvalidId(IdKind.STEP, bad, () -> store.insert(withIds(fresh, t, "fresh", "c", "web",
          "order-flow", bad)));
      assertInvalidId(IdKind.PLAN, bad, () -> store.insert(fresh.withSettled(bad)));
      assertInvalidId(IdKind.CHANNEL, bad, () -> store.update(withIds(current, t, like, "c", bad, "order-flow",
          "checkout"), current.revision()));
      assertInvalidId(IdKind.STEP, bad, () -> store.commit(withIds(current, t, like, "c", "web", "order-flow",
          bad), current.revision(), record(r2, current, current, null)));
      assertInvalidId(IdKind.TENANT, bad, () -> store.update(withIds(stranger, bad, sid, "c", "web",
          "order-flow", "checkout"), stranger.revision()));
      assertInvalidId(IdKind.PLAN, bad, () -> store.commitAll(List.of(new SessionCommit(
          current.withSettled(bad), current.revision(), record(r3, current, current, null)))));
      assertInvalidId(IdKind.SESSION, bad, () -> new JournalRecord("r", t, bad, null, JournalRecord.Kind.PINNED,
          null, current, current, null, null, null, T0));
      assertInvalidId(IdKind.JOURNAL_RECORD, bad, () -> record(bad, current, current, null));
      assertInvalidId(IdKind.PLAN, bad, () -> marker(bad));
      assertInvalidId(IdKind.TENANT, bad, () -> criteria(bad, "order-flow", "checkout", ScopeFilter.ALL, "p"));
      assertInvalidId(IdKind.STEP, bad, () -> criteria(t, "order-flow", bad, ScopeFilter.ALL, "p"));
      assertInvalidId(IdKind.CHANNEL, bad, () -> ScopeFilter.builder().excludeChannels("web", bad));

      assertThat(store.find(bad, sid)).isEmpty();
      assertThat(store.find(t, bad)).isEmpty();
      assertThat(store.findAtVersion(bad, "order-flow", 1, 10)).isEmpty();
      assertThat(store.findAtVersion(t, bad, 1, 10)).isEmpty();
      assertThat(store.countMarked(bad, like)).isZero();
      assertThat(store.countMarked(t, bad)).isZero();
      assertThat(store.findMarked(t, bad, null, 10)).isEmpty();
      assertThat(store.findMarked(bad, like, null, 10)).isEmpty();
      assertThat(store.findMarked(t, like, bad, 10)).isEmpty();
      assertThat(store.unmark(bad, like)).isZero();
      assertThat(store.unmark(t, bad)).isZero();
      assertThat(journal.forSession(bad, sid)).isEmpty();
      assertThat(journal.forSession(t, bad)).isEmpty();
      assertThat(journal.forPlan(bad, like)).isEmpty();
      assertThat(journal.forPlan(t, bad)).isEmpty();
      assertThat(journal.summarize(bad, like).byKind()).isEmpty();
      assertThat(journal.summarize(t, bad).byKind()).isEmpty();

      assertThat(stored(t, like)).isEqualTo(current);
      assertThat(stored(like, sid)).isEqualTo(stranger);
      assertThat(store.findAtVersion(t, like, 1, 10)).extracting(SessionState::sessionId).containsExactly("on-" + j);
      assertThat(store.countMarked(t, like)).isEqualTo(1);
      assertThat(journal.forSession(t, like)).hasSize(1);
      assertThat(store.find(t, "fresh")).isEmpty();
      assertThat(other.sessionId()).isEqualTo(like);
    });
  }

  @Test
  public void ids_of_255_utf8_bytes_are_stored_whole_in_every_role_and_one_byte_more_is_refused() {
    List<String> bound = LookAlikeIds.atTheBound();
    List<String> past = LookAlikeIds.pastTheBound();
    for (int i = 0; i < bound.size(); i++) {
      String id = bound.get(i);
      SessionState s = withIds(session(id, id, "checkout"), id, id, id, id, id, id).withSettled(id);
      SessionState stored = store.insert(s.withSettled("other"));
      assertThat(store.find(id, id)).contains(stored);
      assertThat(store.find(id, id).orElseThrow().settledPlans()).containsExactlyInAnyOrder(id, "other");
      assertThat(store.findAtVersion(id, id, 1, 10)).containsExactly(stored);
      assertThat(store.mark(new MarkCriteria(id, id, 1, id, ScopeFilter.builder().includeChannels(id)
          .includeCurrentSteps(id).build(), T0.plus(Duration.ofDays(10)), marker(id), 100))).isZero();
      assertThat(store.mark(new MarkCriteria(id, id, 1, id, ScopeFilter.builder().includeChannels(id)
          .includeCurrentSteps(id).build(), T0.plus(Duration.ofDays(10)), marker("p"), 100))).isEqualTo(1);
      assertThat(store.countMarked(id, "p")).isEqualTo(1);
      SessionState marked = stored(id, id);
      SessionState after = marked.withPending(null);
      JournalRecord r = new JournalRecord(id, id, id, id, JournalRecord.Kind.MIGRATED, null, marked, after, null,
          null, null, T0);
      store.commit(after, marked.revision(), r);
      assertThat(journal.forSession(id, id)).containsExactly(r);
      assertThat(journal.forPlan(id, id)).containsExactly(r);
      assertThat(stored(id, id).customerId()).isEqualTo(id);
      assertThat(stored(id, id).channel()).isEqualTo(id);

      String p = past.get(i);
      assertThat(p.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(Ids.MAX_UTF8_BYTES + 1);
      SessionState ok = session("t", "s" + i, "checkout");
      assertInvalidId(IdKind.TENANT, p, () -> store.insert(withIds(ok, p, "s", "c", "web", "f", "checkout")));
      assertInvalidId(IdKind.SESSION, p, () -> store.insert(withIds(ok, "t", p, "c", "web", "f", "checkout")));
      assertInvalidId(IdKind.CUSTOMER, p, () -> store.insert(withIds(ok, "t", "s", p, "web", "f", "checkout")));
      assertInvalidId(IdKind.CHANNEL, p, () -> store.insert(withIds(ok, "t", "s", "c", p, "f", "checkout")));
      assertInvalidId(IdKind.SCENARIO, p, () -> store.insert(withIds(ok, "t", "s", "c", "web", p, "checkout")));
      assertInvalidId(IdKind.STEP, p, () -> store.insert(withIds(ok, "t", "s", "c", "web", "f", p)));
      assertThat(store.find(p, id)).isEmpty();
      assertThat(store.find(id, p)).isEmpty();
      assertThat(store.find("t", "s")).isEmpty();
    }
  }

  // ------------------------------------------------------------------------------------------- the value model

  /** {@code s} holding exactly {@code vars} (not merged into what it holds). */
  private static SessionState holding(SessionState s, Map<String, Object> vars) {
    return s.toBuilder().variables(vars).build();
  }

  private static String exactly(Map<String, ?> vars) {
    return ValueGenerators.describe(vars);
  }

  /**
   * Every value of {@link VariableValues}' model comes back exactly as {@link VariableValues#normalizeVariables} gives
   * it (types, decimal scales, the sign of {@code -0.0}, map order, {@code null} values), from insert, update and
   * commit, through find and the journal (before, after and filled fields). 100 seeded samples of
   * {@link ValueGenerators#variables()}, checked to cover every feature {@link ValueGenerators#features} names; a JUnit
   * test rather than a jqwik property because jqwik cannot run the JUnit {@code @Nested} classes the JDBC module runs
   * this suite in.
   */
  @Test
  public void every_value_of_the_model_round_trips_exactly_through_every_write_and_the_journal() {
    List<Map<String, Object>> samples = ValueGenerators.samples(ValueGenerators.variables(), 20261129L, 100);
    Set<String> seen = new HashSet<>();
    samples.forEach(v -> seen.addAll(ValueGenerators.features(v)));
    assertThat(seen).as("what the samples cover").containsAll(ValueGenerators.ALL_FEATURES);

    for (int i = 0; i < samples.size(); i++) {
      Map<String, Object> a = samples.get(i);
      Map<String, Object> b = samples.get((i + 1) % samples.size());
      Map<String, Object> c = samples.get((i + 2) % samples.size());
      String id = "v" + i;
      String why = "sample " + i;

      SessionState inserted = store.insert(holding(session("t1", id, "checkout"), a));
      assertThat(exactly(inserted.variables())).as(why).isEqualTo(exactly(VariableValues.normalizeVariables(a)));
      assertThat(exactly(store.find("t1", id).orElseThrow().variables())).as(why)
          .isEqualTo(exactly(VariableValues.normalizeVariables(a)));

      SessionState updated = store.update(holding(inserted, b), inserted.revision());
      SessionState found = store.find("t1", id).orElseThrow();
      assertThat(exactly(updated.variables())).as(why).isEqualTo(exactly(VariableValues.normalizeVariables(b)));
      assertThat(exactly(found.variables())).as(why).isEqualTo(exactly(VariableValues.normalizeVariables(b)));
      assertThat(found).as(why).isEqualTo(updated);

      SessionState after = holding(found, c).withPosition(2, "checksum-2", "checkout");
      List<FilledField> filled = new ArrayList<>();
      c.forEach((k, v) -> filled.add(new FilledField(k, v, FilledField.Source.EXTRACTION, 0.9)));
      JournalRecord r = new JournalRecord(UUID.randomUUID().toString(), "t1", id, "p1", JournalRecord.Kind.MIGRATED,
          MigrationScenario.GAP_FILL, found, after.withRevision(found.revision() + 1), filled, List.of(), null, T0);
      SessionState committed = store.commit(after, found.revision(), r);
      assertThat(exactly(committed.variables())).as(why).isEqualTo(exactly(VariableValues.normalizeVariables(c)));
      assertThat(store.find("t1", id)).as(why).contains(committed);
      JournalRecord back = journal.forSession("t1", id).get(0);
      assertThat(exactly(back.before().variables())).as(why).isEqualTo(exactly(VariableValues.normalizeVariables(b)));
      assertThat(exactly(back.after().variables())).as(why).isEqualTo(exactly(VariableValues.normalizeVariables(c)));
      for (int f = 0; f < filled.size(); f++) {
        assertThat(ValueGenerators.describe(back.filledFields().get(f).value())).as(why + " filled " + f)
            .isEqualTo(ValueGenerators.describe(filled.get(f).value()));
      }
      assertThat(back).as(why).isEqualTo(VariableValues.normalize(r));
    }
  }

  /**
   * Each value {@link UnsupportedValues} lists, at {@code address.lines[2]}, is refused by insert, update and commit
   * with {@link UnsupportedValueException} naming that path and the value's type or the limit, and nothing is stored:
   * no session, no change, no journal record.
   */
  @Test
  public void values_outside_the_model_are_refused_naming_the_field_and_nothing_is_stored() {
    SessionState stored = store.insert(session("t1", "s1", "checkout").withVariables(Map.of("kept", "yes")));

    for (UnsupportedValues.Case bad : UnsupportedValues.cases()) {
      Map<String, Object> vars = Map.of("address", Map.of("lines", Arrays.asList("a", "b", bad.value())));

      bad.check(catchThrowable(() -> store.insert(session("t1", "new", "checkout").withVariables(vars))),
          "address.lines[2]");
      bad.check(catchThrowable(() -> store.update(stored.withVariables(vars), stored.revision())),
          "address.lines[2]");
      SessionState after = stored.withVariables(vars).withPosition(2, "checksum-2", "checkout");
      bad.check(catchThrowable(() -> store.commit(after, stored.revision(), record(stored, after, "p1"))),
          "address.lines[2]");
      // a refused value in the journal record alone refuses the commit too
      SessionState clean = stored.withPosition(2, "checksum-2", "checkout");
      bad.check(catchThrowable(() -> store.commit(clean, stored.revision(), record(stored.withVariables(vars), clean,
          "p1"))), "address.lines[2]");

      assertThat(store.find("t1", "new")).as(bad.name()).isEmpty();
      assertThat(store.find("t1", "s1")).as(bad.name()).contains(stored);
      assertThat(journal.forSession("t1", "s1")).as(bad.name()).isEmpty();
    }
  }

  @Test
  public void a_claimed_page_refuses_values_outside_the_model_and_stores_nothing_of_them() {
    insertMarked("t1", "p1", "s1");
    SessionState s1 = store.find("t1", "s1").orElseThrow();
    Map<String, Object> bad = Map.of("due", java.time.LocalDate.of(2026, 1, 1));

    try (MarkedPage page = store.claimMarked("t1", "p1", null, 10)) {
      assertThatThrownBy(() -> page.update(s1.withVariables(bad), s1.revision()))
          .isInstanceOf(UnsupportedValueException.class).hasMessageContaining("'due'");
      SessionState after = s1.withPending(null).withVariables(bad);
      assertThatThrownBy(() -> page.commitAll(List.of(new SessionCommit(after, s1.revision(),
          record(s1, after.withRevision(s1.revision() + 1), "p1")))))
          .isInstanceOf(UnsupportedValueException.class).hasMessageContaining("'due'");
    }

    assertThat(store.find("t1", "s1")).contains(s1);
    assertThat(journal.forSession("t1", "s1")).isEmpty();
  }

  // ------------------------------------------------------------------------------------------- eligible sessions

  @Test
  public void the_pin_generation_round_trips_through_insert_update_commit_a_claimed_page_and_the_journal() {
    SessionState inserted = store.insert(session("t1", "s1", "checkout").withPin(7));
    assertThat(stored("t1", "s1")).isEqualTo(inserted);
    assertThat(inserted.pinGeneration()).isEqualTo(7);
    SessionState legacy = store.insert(session("t1", "s2", "checkout").withPinned(true));
    assertThat(stored("t1", "s2").pinGeneration()).isZero();
    assertThat(stored("t1", "s2")).isEqualTo(legacy);

    SessionState again = store.update(inserted.withPin(Long.MAX_VALUE), 1);
    assertThat(stored("t1", "s1")).isEqualTo(again);
    assertThat(again.pinGeneration()).isEqualTo(Long.MAX_VALUE);
    // ints among the variables are normalised to longs: the pin generation stays
    SessionState withInts = store.update(again.withVariables(Map.of("n", 1)), again.revision());
    assertThat(stored("t1", "s1")).isEqualTo(withInts);
    assertThat(withInts.pinGeneration()).isEqualTo(Long.MAX_VALUE);

    SessionState unpinned = withInts.withPinned(false);
    SessionState committed = store.commit(unpinned, withInts.revision(), record(withInts,
        unpinned.withRevision(withInts.revision() + 1), "p1"));
    assertThat(stored("t1", "s1")).isEqualTo(committed);
    assertThat(committed.pinGeneration()).isZero();
    SessionState repinned = committed.withPin(3);
    store.commit(repinned, committed.revision(), record(committed, repinned.withRevision(committed.revision() + 1),
        "p1"));
    List<JournalRecord> records = journal.forSession("t1", "s1");
    assertThat(records).hasSize(2);
    assertThat(records.get(0).before().pinGeneration()).isEqualTo(Long.MAX_VALUE);
    assertThat(records.get(0).after().pinGeneration()).isZero();
    assertThat(records.get(0).after().pinned()).isFalse();
    assertThat(records.get(1).before().pinGeneration()).isZero();
    assertThat(records.get(1).after()).isEqualTo(repinned.withRevision(committed.revision() + 1));

    SessionState marked = store.update(stored("t1", "s2").withPending(marker("p9")).withPin(5), legacy.revision());
    try (MarkedPage page = store.claimMarked("t1", "p9", null, 10)) {
      assertThat(page.sessions()).containsExactly(marked);
      SessionState moved = marked.withPending(null).withPin(6);
      page.commitAll(List.of(new SessionCommit(moved, marked.revision(), record(marked,
          moved.withRevision(marked.revision() + 1), "p9"))));
    }
    assertThat(stored("t1", "s2").pinGeneration()).isEqualTo(6);
    assertThat(journal.forSession("t1", "s2").get(0).after().pinGeneration()).isEqualTo(6);
  }

  /** A seeded mix of sessions of {@code tenant}: scenarios, versions, steps, channels, ages, pins, markers, ends. */
  private List<SessionState> insertEligibilityMix(String tenant, long seed, int count) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    String[] steps = {"welcome", "checkout", "confirm", "age_check"};
    String[] channels = {"web", "sms", "app"};
    List<SessionState> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // whole seconds around the day bounds that the scope filters draw from now
      Instant created = T0.plus(Duration.ofDays(r.nextInt(13))).plusSeconds(r.nextInt(3) - 1);
      SessionState s = session(tenant, "s-" + r.nextInt(100_000) + "-" + i, r.nextInt(8) == 0 ? "other-flow"
          : "order-flow", r.nextInt(6) == 0 ? 2 : 1, steps[r.nextInt(steps.length)],
          channels[r.nextInt(channels.length)], created);
      switch (r.nextInt(6)) {
        case 0, 1 -> s = s.withPin(r.nextInt(4));
        case 2 -> s = s.withPinned(true); // pinned at no particular generation (0)
        default -> { }
      }
      switch (r.nextInt(10)) {
        case 0 -> s = s.withPending(marker("p1"));
        case 1 -> s = s.withPending(marker("p2"));
        case 2 -> s = s.withPending(PendingMigration.rollback("p1", 1, T0));
        default -> { }
      }
      if (r.nextInt(8) == 0) {
        s = s.withSettled("p1");
      }
      if (r.nextInt(10) == 0) {
        s = s.withSettled("p0");
      }
      if (r.nextInt(10) == 0) {
        s = s.withEnd(new SessionEnd(EndReason.COMPLETED, T0.plusSeconds(5)));
      }
      out.add(store.insert(s));
    }
    return out;
  }

  /**
   * Seeded criteria of one tenant, scenario order-flow, version 1 and plan: 1 to 3 steps. Every other list is shaped as
   * a deploy makes them ({@link MarkCriteria#combinable}: distinct steps, one rollout and generation, each step with a
   * filter of its own), the others mix steps (some repeated), rollouts and generations.
   */
  private static List<MarkCriteria> randomCriteria(java.util.SplittableRandom r, String tenant, String plan) {
    String[] steps = {"welcome", "checkout", "confirm", "age_check"};
    String[] channels = {"web", "sms", "app"};
    int[] percents = {0, 30, 50, 100, 100};
    // now on a whole second, or half a microsecond past it (the age bounds must still be exact)
    Instant now = T0.plus(Duration.ofDays(10)).plusNanos(r.nextBoolean() ? 0 : 500);
    List<MarkCriteria> out = new ArrayList<>();
    boolean deployShaped = r.nextBoolean();
    int n = deployShaped ? 2 + r.nextInt(2) : 1 + r.nextInt(3);
    List<String> distinct = new ArrayList<>(List.of(steps));
    java.util.Collections.shuffle(distinct, new java.util.Random(r.nextLong()));
    int percent = percents[r.nextInt(percents.length)];
    long generation = r.nextInt(5) - 1;
    for (int k = 0; k < n; k++) {
      ScopeFilter.Builder f = ScopeFilter.builder();
      switch (r.nextInt(5)) {
        case 0 -> f.includeChannels(channels[r.nextInt(3)], channels[r.nextInt(3)]);
        case 1 -> f.excludeChannels(channels[r.nextInt(3)]);
        default -> { }
      }
      switch (r.nextInt(6)) {
        case 0 -> f.includeCurrentSteps(steps[r.nextInt(steps.length)]);
        case 1 -> f.excludeCurrentSteps(steps[r.nextInt(steps.length)]);
        default -> { }
      }
      int max = -1;
      if (r.nextInt(3) == 0) {
        max = r.nextInt(12);
        f.maxSessionAgeDays(max);
      }
      if (r.nextInt(3) == 0) {
        f.minSessionAgeDays(max < 0 ? r.nextInt(12) : r.nextInt(max + 1));
      }
      out.add(new MarkCriteria(tenant, "order-flow", 1,
          deployShaped ? distinct.get(k) : steps[r.nextInt(steps.length)], f.build(), now,
          new PendingMigration(plan, "hash-" + k, 2, T0, List.of()),
          deployShaped ? percent : percents[r.nextInt(percents.length)],
          deployShaped ? generation : r.nextInt(5) - 1));
    }
    return out;
  }

  /** What {@link SessionStore#countEligible} must answer: per criteria, the sessions it is the first to match. */
  private static long[] countMatching(List<SessionState> sessions, List<MarkCriteria> criteria) {
    long[] counts = new long[criteria.size()];
    for (SessionState s : sessions) {
      for (int k = 0; k < counts.length; k++) {
        if (s.tenantId().equals(criteria.get(k).tenantId()) && criteria.get(k).matches(s)) {
          counts[k]++;
          break;
        }
      }
    }
    return counts;
  }

  /** The ids of the sessions claimEligible must claim, in order. */
  private static List<String> covered(List<SessionState> sessions, List<MarkCriteria> criteria) {
    return sessions.stream().filter(s -> s.tenantId().equals(criteria.get(0).tenantId())
        && MarkCriteria.covers(criteria, s)).map(SessionState::sessionId).sorted().toList();
  }

  @Test
  public void count_eligible_equals_a_count_of_the_sessions_each_criteria_is_the_first_to_match() {
    List<SessionState> sessions = new ArrayList<>(insertEligibilityMix("t1", 17, 400));
    sessions.addAll(insertEligibilityMix("t2", 17, 60)); // the same ids in another tenant
    java.util.SplittableRandom r = new java.util.SplittableRandom(42);
    long total = 0;
    int combined = 0;
    for (int round = 0; round < 80; round++) {
      List<MarkCriteria> criteria = randomCriteria(r, "t1", r.nextBoolean() ? "p1" : "p2");
      long[] expected = countMatching(sessions, criteria);
      assertThat(store.countEligible(criteria)).as("round %d: %s", round, criteria).containsExactly(expected);
      total += Arrays.stream(expected).sum();
      combined += criteria.size() > 1 && MarkCriteria.combinable(criteria) ? 1 : 0;
    }
    assertThat(total).as("the rounds count sessions at all").isGreaterThan(500);
    assertThat(combined).as("rounds shaped as a deploy's criteria (one statement over several steps)")
        .isGreaterThan(25);
    assertThat(store.countEligible(List.of())).isEmpty();
    assertThat(store.countEligible(List.of(criteria("t9", "checkout", ScopeFilter.ALL, "p1", 100))))
        .containsExactly(0);
  }

  @Test
  public void count_eligible_leaves_out_sessions_pinned_at_or_after_the_generation_and_counts_those_pinned_before() {
    store.insert(session("t1", "a", "checkout").withPin(3));
    store.insert(session("t1", "b", "checkout").withPinned(true));
    store.insert(session("t1", "c", "checkout"));
    MarkCriteria any = criteria("t1", "checkout", ScopeFilter.ALL, "p1", 100);

    assertThat(store.countEligible(List.of(any))).containsExactly(3);
    assertThat(store.countEligible(List.of(any.atGeneration(0)))).containsExactly(1);
    assertThat(store.countEligible(List.of(any.atGeneration(3)))).containsExactly(2);
    assertThat(store.countEligible(List.of(any.atGeneration(4)))).containsExactly(3);
    try (MarkedPage page = store.claimEligible(List.of(any.atGeneration(3)), null, 10)) {
      assertThat(page.sessions()).extracting(SessionState::sessionId).containsExactly("b", "c");
    }
    // marking leaves them out alike
    assertThat(store.mark(any.atGeneration(3))).isEqualTo(2);
    assertThat(stored("t1", "a").pending()).isNull();
    assertThat(stored("t1", "b").pending()).isNotNull();
  }

  @Test
  public void claim_eligible_pages_through_exactly_the_covered_sessions_in_id_order_after_an_id() {
    List<SessionState> sessions = new ArrayList<>(insertEligibilityMix("t1", 23, 300));
    sessions.addAll(insertEligibilityMix("t2", 23, 60));
    java.util.SplittableRandom r = new java.util.SplittableRandom(7);
    int claimed = 0;
    for (int round = 0; round < 12; round++) {
      List<MarkCriteria> criteria = randomCriteria(r, "t1", round % 3 == 2 ? "p2" : "p1");
      List<String> expected = covered(sessions, criteria);
      List<String> paged = new ArrayList<>();
      String after = null;
      while (true) {
        try (MarkedPage page = store.claimEligible(criteria, after, 7)) {
          for (SessionState s : page.sessions()) {
            assertThat(s).isEqualTo(stored("t1", s.sessionId()));
            paged.add(s.sessionId());
          }
          if (page.sessions().size() < 7) {
            break;
          }
          after = page.sessions().get(6).sessionId();
        }
      }
      assertThat(paged).as("round %d: %s", round, criteria).containsExactlyElementsOf(expected);
      if (expected.size() > 3) {
        try (MarkedPage page = store.claimEligible(criteria, expected.get(2), 1000)) {
          assertThat(page.sessions()).extracting(SessionState::sessionId)
              .containsExactlyElementsOf(expected.subList(3, expected.size()));
        }
      }
      claimed += expected.size();
    }
    assertThat(claimed).as("the rounds claim sessions at all").isGreaterThan(100);
    try (MarkedPage none = store.claimEligible(List.of(), null, 10)) {
      assertThat(none.sessions()).isEmpty();
    }
  }

  @Test
  public void two_open_eligible_pages_never_overlap_and_a_page_commits_what_it_claimed() {
    List<SessionState> sessions = insertEligibilityMix("t1", 31, 200);
    List<MarkCriteria> criteria = List.of(criteria("t1", "checkout", ScopeFilter.ALL, "p1", 100),
        criteria("t1", "welcome", ScopeFilter.builder().excludeChannels("sms").build(), "p1", 100));
    List<String> expected = covered(sessions, criteria);
    assertThat(expected).hasSizeGreaterThan(10);

    try (MarkedPage first = store.claimEligible(criteria, null, 5)) {
      assertThat(first.sessions()).extracting(SessionState::sessionId).containsExactlyElementsOf(
          expected.subList(0, 5));
      try (MarkedPage second = store.claimEligible(criteria, null, 1000)) {
        assertThat(second.sessions()).extracting(SessionState::sessionId).containsExactlyElementsOf(
            expected.subList(5, expected.size()));
      }
      SessionState s = first.sessions().get(0);
      SessionState migrated = s.withPending(null).withPosition(2, "checksum-2", s.currentStepId());
      assertThat(first.commitAll(List.of(new SessionCommit(migrated, s.revision(), record(s,
          migrated.withRevision(s.revision() + 1), "p1"))))).containsExactly(Optional.of(migrated.withRevision(
              s.revision() + 1)));
    }
    try (MarkedPage again = store.claimEligible(criteria, null, 1000)) {
      assertThat(again.sessions()).extracting(SessionState::sessionId).containsExactlyElementsOf(
          expected.subList(1, expected.size()));
    }
    assertThat(stored("t1", expected.get(0)).version()).isEqualTo(2);
  }

  @Test
  public void count_and_claim_eligible_refuse_criteria_of_two_tenants_versions_or_plans() {
    MarkCriteria c = criteria("t1", "checkout", ScopeFilter.ALL, "p1", 100);
    for (MarkCriteria other : List.of(criteria("t2", "welcome", ScopeFilter.ALL, "p1", 100),
        criteria("t1", "welcome", ScopeFilter.ALL, "p2", 100),
        new MarkCriteria("t1", "order-flow", 2, "welcome", ScopeFilter.ALL, c.now(), marker("p1"), 100),
        new MarkCriteria("t1", "other-flow", 1, "welcome", ScopeFilter.ALL, c.now(), marker("p1"), 100))) {
      assertThatThrownBy(() -> store.countEligible(List.of(c, other))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.claimEligible(List.of(c, other), null, 10))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  public void look_alike_ids_are_never_counted_or_claimed_for_each_other() {
    LookAlikeIds.forEachPair((k, pair) -> {
      String a = pair.a();
      String b = pair.b();
      String flow = "flow-" + k;
      String plan = "p-" + k;
      // as tenants, with the same scenario, session ids and plan
      store.insert(session(a, "s-" + k, flow, 1, "checkout", "web", T0));
      store.insert(session(a, "m-" + k, flow, 1, "checkout", "web", T0).withPending(marker(plan)));
      assertThat(store.countEligible(List.of(criteria(b, flow, "checkout", ScopeFilter.ALL, plan))))
          .containsExactly(0);
      assertClaims(List.of(criteria(b, flow, "checkout", ScopeFilter.ALL, plan)));
      assertThat(store.countEligible(List.of(criteria(a, flow, "checkout", ScopeFilter.ALL, plan))))
          .containsExactly(1);
      assertClaims(List.of(criteria(a, flow, "checkout", ScopeFilter.ALL, plan)), "m-" + k, "s-" + k);

      // as scenario ids, step ids, channels and plan ids of one tenant
      String t = "t-" + k;
      store.insert(session(t, "on-a", a, 1, "checkout", "web", T0));
      assertThat(store.countEligible(List.of(criteria(t, b, "checkout", ScopeFilter.ALL, plan)))).containsExactly(0);
      assertClaims(List.of(criteria(t, b, "checkout", ScopeFilter.ALL, plan)));
      store.insert(session(t, "at-a", "steps", 1, a, "web", T0));
      assertThat(store.countEligible(List.of(criteria(t, "steps", b, ScopeFilter.ALL, plan)))).containsExactly(0);
      assertClaims(List.of(criteria(t, "steps", b, ScopeFilter.ALL, plan)));
      store.insert(session(t, "via-a", "channels", 1, "checkout", a, T0));
      MarkCriteria viaB = criteria(t, "channels", "checkout", ScopeFilter.builder().includeChannels(b).build(), plan);
      assertThat(store.countEligible(List.of(viaB))).containsExactly(0);
      assertClaims(List.of(viaB));
      store.insert(session(t, "settled-a", "plans", 1, "checkout", "web", T0).withSettled(a));
      store.insert(session(t, "marked-a", "plans", 1, "checkout", "web", T0).withPending(marker(a)));
      assertThat(store.countEligible(List.of(criteria(t, "plans", "checkout", ScopeFilter.ALL, b))))
          .containsExactly(1);
      assertClaims(List.of(criteria(t, "plans", "checkout", ScopeFilter.ALL, b)), "settled-a");
      assertClaims(List.of(criteria(t, "plans", "checkout", ScopeFilter.ALL, a)), "marked-a");
    });
  }

  private void assertClaims(List<MarkCriteria> criteria, String... ids) {
    try (MarkedPage page = store.claimEligible(criteria, null, 100)) {
      assertThat(page.sessions()).extracting(SessionState::sessionId).containsExactly(ids);
    }
  }

  private static Throwable catchThrowable(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) { // whatever it is, the case's check says whether it was the right one
      return t;
    }
    throw new AssertionError("nothing was thrown");
  }
}
