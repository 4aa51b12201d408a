package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scenariomigration.MovableClock;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.ProfileField;

/**
 * Operator moves (issue 19, section 5) on every store: one session or every session a query matches, moved to a step
 * of a version through the checkpoint guard, the gap fill and the journal, the teleport owed to the host until it
 * retires it; refused with a reason where a checkpoint forbids it; a dry run answers what the real run does and writes
 * nothing. A subclass gives the stores ({@link #builder()}); each test works in a tenant of its own.
 */
public abstract class OperatorMovesContract {
  protected static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");

  /** A builder over this test's stores (the same stores at every call), its unit of work set where there is one. */
  protected abstract ScenarioMigration.Builder builder();

  protected MovableClock clock;
  protected String tenant;

  @BeforeEach
  void a_tenant_of_its_own() {
    clock = new MovableClock(T0);
    tenant = "t-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  private ScenarioMigration engine() {
    return builder().clock(clock).config(MigrationConfig.custom().logMigrations(false).logGapFills(false)
        .logReRoutes(false).logCheckpointBlocks(false).build()).build();
  }

  /** v1 current, {@code next} stored and made current without a plan: sessions on v1 are stuck there until moved. */
  private ScenarioMigration stuckOn(ScenarioVersion v1, ScenarioVersion next) {
    ScenarioMigration m = engine();
    m.publish(tenant, v1);
    m.publish(tenant, next);
    return m;
  }

  private void session(ScenarioMigration m, String id, String channel, String... steps) {
    m.startSession(tenant, id, "c-" + id, channel, "order-flow");
    for (String s : steps) {
      m.advance(tenant, id, s);
    }
  }

  @Test
  void a_moved_session_is_journaled_as_moved_and_owed_its_teleport_until_the_host_acknowledges_it() {
    ScenarioMigration m = stuckOn(Seeds.v1(), Seeds.v2PaymentDownstream());
    session(m, "s1", "web", "checkout");
    m.operations().makeCurrent(tenant, "order-flow", 2);

    MoveReport r = m.operations().moveSession(tenant, "s1", 2, "checkout", "ops@example.com", false);

    assertThat(r.moved()).isEqualTo(1);
    MoveReport.Item item = r.item("s1");
    assertThat(item.status()).isEqualTo(MoveReport.Status.MOVED);
    Outcome.Teleport t = (Outcome.Teleport) item.outcome();
    assertThat(t.targetStepId()).isEqualTo("checkout");
    assertThat(t.targetVersion()).isEqualTo(2);
    assertThat(t.reason()).isEqualTo(Outcome.TeleportReason.OPERATOR_MOVE);
    assertThat(t.effectId()).isNotNull();
    SessionState s = m.session(tenant, "s1");
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.currentStepId()).isEqualTo("checkout");
    JournalRecord rec = m.journal(tenant, "s1").get(m.journal(tenant, "s1").size() - 1);
    assertThat(rec.kind()).isEqualTo(JournalRecord.Kind.MOVED);
    assertThat(rec.kind().jsonName()).isEqualTo("moved");
    assertThat(rec.planId()).isNull();
    assertThat(rec.checkpointWarning()).contains("moved by 'ops@example.com'").contains("'checkout' of version 2");
    assertThat(rec.before().version()).isEqualTo(1);

    assertThat(m.reconcile(tenant, "s1")).isEqualTo(t);
    assertThat(m.reconcile(tenant, "s1")).isEqualTo(t);
    assertThat(m.acknowledge(tenant, "s1", t.effectId())).isTrue();
    assertThat(m.reconcile(tenant, "s1")).isEqualTo(Outcome.CONTINUE);
    assertThat(m.metrics().count("sessions_moved")).isEqualTo(1);
  }

  @Test
  void the_same_move_again_changes_nothing_and_answers_unchanged() {
    ScenarioMigration m = stuckOn(Seeds.v1(), Seeds.v2PaymentDownstream());
    session(m, "s1", "web", "checkout");
    m.operations().moveSession(tenant, "s1", 2, "checkout", "ops", false);
    SessionState moved = m.session(tenant, "s1");
    int records = m.journal(tenant, "s1").size();

    MoveReport again = m.operations().moveSession(tenant, "s1", 2, "checkout", "ops", false);

    assertThat(again.item("s1").status()).isEqualTo(MoveReport.Status.UNCHANGED);
    assertThat(m.session(tenant, "s1")).isEqualTo(moved);
    assertThat(m.journal(tenant, "s1")).hasSize(records);
  }

  @Test
  void a_move_past_a_checkpoint_the_session_never_passed_is_refused_with_the_reason_and_writes_nothing() {
    ScenarioMigration m = stuckOn(Seeds.v1(), Seeds.v2PaymentDownstream());
    m.operations().makeCurrent(tenant, "order-flow", 2);
    session(m, "s1", "web", "checkout");
    assertThat(m.session(tenant, "s1").version()).isEqualTo(2);
    SessionState before = m.session(tenant, "s1");

    MoveReport r = m.operations().moveSession(tenant, "s1", 2, "confirm", "ops", false);

    assertThat(r.refused()).isEqualTo(1);
    assertThat(r.item("s1").reason()).contains("checkpoint 'Payment'").contains("never passed it");
    assertThat(m.session(tenant, "s1")).isEqualTo(before);
    assertThat(m.journal(tenant, "s1")).isEmpty();
  }

  @Test
  void a_move_that_would_run_a_passed_checkpoint_again_is_refused() {
    ScenarioMigration m = engine();
    m.publish(tenant, Seeds.v1WithPayment());
    session(m, "s1", "web", "payment", "checkout");
    m.setVariables(tenant, "s1", Map.of("card", "4242"));
    SessionState before = m.session(tenant, "s1");

    MoveReport back = m.operations().moveSession(tenant, "s1", 1, "welcome", "ops", false);
    MoveReport on = m.operations().moveSession(tenant, "s1", 1, "confirm", "ops", false);

    assertThat(back.item("s1").status()).isEqualTo(MoveReport.Status.REFUSED);
    assertThat(back.item("s1").reason()).contains("checkpoint 'Payment'").contains("would run again");
    // forward, past the checkpoint it passed: allowed
    assertThat(on.item("s1").status()).isEqualTo(MoveReport.Status.MOVED);
    assertThat(m.session(tenant, "s1").currentStepId()).isEqualTo("confirm");
    assertThat(m.journal(tenant, "s1")).extracting(JournalRecord::kind).containsExactly(JournalRecord.Kind.MOVED);
    assertThat(m.journal(tenant, "s1").get(0).before()).isEqualTo(before);
  }

  @Test
  void the_fields_on_every_path_to_the_target_are_filled_from_the_profile_or_the_session_waits_for_them() {
    ScenarioMigration m = stuckOn(Seeds.v1(), Seeds.v2AgeInserted());
    session(m, "s1", "web");
    SessionState before = m.session(tenant, "s1");

    MoveReport waiting = m.operations().moveSession(tenant, "s1", 2, "checkout", "ops", false);

    assertThat(waiting.waiting()).isEqualTo(1);
    assertThat(waiting.item("s1").outcome()).isInstanceOf(Outcome.Collect.class);
    assertThat(((Outcome.Collect) waiting.item("s1").outcome()).fields()).containsExactly("age");
    assertThat(m.session(tenant, "s1")).isEqualTo(before);
    assertThat(m.journal(tenant, "s1")).isEmpty();

    m.putProfile(tenant, "c-s1", new ProfileField("age", 41, "crm", 1.0, null));
    MoveReport moved = m.operations().moveSession(tenant, "s1", 2, "checkout", "ops", false);

    assertThat(moved.item("s1").status()).isEqualTo(MoveReport.Status.MOVED);
    assertThat(moved.item("s1").filled()).extracting(FilledField::field, FilledField::source)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("age", FilledField.Source.PROFILE));
    assertThat(String.valueOf(m.session(tenant, "s1").variables().get("age"))).isEqualTo("41");
    assertThat(m.journal(tenant, "s1").get(0).filledFields()).extracting(FilledField::field).containsExactly("age");
  }

  @Test
  void a_query_moves_the_sessions_of_its_version_step_channel_and_age_and_no_other() {
    ScenarioMigration m = stuckOn(Seeds.v1(), Seeds.v2PaymentDownstream());
    session(m, "old-web", "web", "checkout");
    session(m, "old-sms", "sms", "checkout");
    session(m, "old-web-welcome", "web");
    clock.advance(Duration.ofDays(3));
    session(m, "new-web", "web", "checkout");
    SessionQuery q = SessionQuery.builder("order-flow").version(1).steps("checkout").channels("web").minAgeDays(2)
        .build();

    MoveReport r = m.operations().moveSessions(tenant, q, 2, "checkout", "ops", false);

    assertThat(r.items()).extracting(MoveReport.Item::sessionId).containsExactly("old-web");
    assertThat(m.session(tenant, "old-web").version()).isEqualTo(2);
    for (String untouched : List.of("old-sms", "old-web-welcome", "new-web")) {
      assertThat(m.session(tenant, untouched).version()).as(untouched).isEqualTo(1);
      assertThat(m.journal(tenant, untouched)).as(untouched).isEmpty();
    }
    SessionQuery young = SessionQuery.builder("order-flow").maxAgeDays(1).build();
    assertThat(m.operations().moveSessions(tenant, young, 2, "checkout", "ops", true).items())
        .extracting(MoveReport.Item::sessionId).containsExactly("new-web");
  }

  @Test
  void a_dry_run_answers_what_the_real_run_does_and_writes_nothing() {
    ScenarioMigration m = stuckOn(Seeds.v1WithPayment(), Seeds.v2AgeForkBeforePayment());
    session(m, "a", "web");
    session(m, "b", "web", "payment");
    session(m, "c", "web", "payment", "checkout");
    session(m, "d", "sms", "payment", "checkout", "confirm");
    for (String id : List.of("a", "b", "c", "d")) {
      m.putProfile(tenant, "c-" + id, new ProfileField("age", 30, "crm", 1.0, null));
    }
    m.putProfile(tenant, "c-c", new ProfileField("card", "4242", "crm", 1.0, null));
    m.putProfile(tenant, "c-d", new ProfileField("card", "4242", "crm", 1.0, null));
    SessionQuery all = SessionQuery.builder("order-flow").build();
    List<SessionState> before = new ArrayList<>();
    List<Integer> journals = new ArrayList<>();
    for (String id : List.of("a", "b", "c", "d")) {
      before.add(m.session(tenant, id));
      journals.add(m.journal(tenant, id).size());
    }

    MoveReport dry = m.operations().moveSessions(tenant, all, 2, "checkout", "ops", true);

    for (int i = 0; i < 4; i++) {
      String id = List.of("a", "b", "c", "d").get(i);
      assertThat(m.session(tenant, id)).isEqualTo(before.get(i));
      assertThat(m.journal(tenant, id)).hasSize(journals.get(i));
    }
    MoveReport real = m.operations().moveSessions(tenant, all, 2, "checkout", "ops", false);

    assertThat(dry.dryRun()).isTrue();
    assertThat(real.dryRun()).isFalse();
    assertThat(comparable(dry)).isEqualTo(comparable(real));
    assertThat(real.moved() + real.refused() + real.waiting()).isEqualTo(4);
    assertThat(real.items()).extracting(MoveReport.Item::status).containsExactly(MoveReport.Status.REFUSED,
        MoveReport.Status.WAITING, MoveReport.Status.MOVED, MoveReport.Status.MOVED);
    assertThat(m.session(tenant, "c").variables()).containsKeys("age", "card");
  }

  /** A report with dry run's would-move read as moved and effect ids left out. */
  static List<String> comparable(MoveReport r) {
    List<String> out = new ArrayList<>();
    for (MoveReport.Item i : r.items()) {
      MoveReport.Status st = i.status() == MoveReport.Status.WOULD_MOVE ? MoveReport.Status.MOVED : i.status();
      Outcome o = i.outcome() instanceof Outcome.Teleport t
          ? new Outcome.Teleport(t.targetStepId(), t.targetVersion(), t.reason(), t.userMessage(), null) : i.outcome();
      out.add(i.sessionId() + " " + st + " " + i.reason() + " " + o + " " + i.filled());
    }
    return out;
  }

  @Test
  void a_session_that_owes_the_host_an_effect_is_refused_until_the_host_retires_it() {
    ScenarioMigration m = stuckOn(Seeds.v1(), Seeds.v2PaymentDownstream());
    session(m, "s1", "web", "checkout");
    Outcome.Teleport owed = (Outcome.Teleport) m.operations().moveSession(tenant, "s1", 2, "checkout", "ops", false)
        .item("s1").outcome();

    MoveReport r = m.operations().moveSession(tenant, "s1", 2, "welcome", "ops", false);

    assertThat(r.item("s1").status()).isEqualTo(MoveReport.Status.REFUSED);
    assertThat(r.item("s1").reason()).contains(owed.effectId());
    m.acknowledge(tenant, "s1", owed.effectId());
    assertThat(m.operations().moveSession(tenant, "s1", 2, "welcome", "ops", false).moved()).isEqualTo(1);
  }

  @Test
  void unknown_sessions_versions_and_steps_are_refused_with_their_own_exceptions_and_nothing_changes() {
    ScenarioMigration m = stuckOn(Seeds.v1(), Seeds.v2PaymentDownstream());
    session(m, "s1", "web", "checkout");
    SessionState before = m.session(tenant, "s1");
    SessionQuery all = SessionQuery.builder("order-flow").build();

    assertThatThrownBy(() -> m.operations().moveSession(tenant, "nobody", 2, "checkout", "ops", false))
        .isInstanceOf(UnknownSessionException.class).hasMessageContaining("'nobody'");
    assertThatThrownBy(() -> m.operations().moveSession("other-" + tenant, "s1", 2, "checkout", "ops", false))
        .isInstanceOf(UnknownSessionException.class);
    assertThatThrownBy(() -> m.operations().moveSession(tenant, "s1", 9, "checkout", "ops", false))
        .isInstanceOf(UnknownScenarioException.class).hasMessageContaining("9");
    assertThatThrownBy(() -> m.operations().moveSession(tenant, "s1", 2, "nowhere", "ops", false))
        .isInstanceOf(UnknownStepException.class).hasMessageContaining("'nowhere'");
    assertThatThrownBy(() -> m.operations().moveSessions(tenant, all, 2, "nowhere", "ops", false))
        .isInstanceOf(UnknownStepException.class).hasMessageContaining("'nowhere'");
    assertThatThrownBy(() -> m.operations().moveSessions("other-" + tenant, all, 2, "checkout", "ops", false))
        .isInstanceOf(UnknownScenarioException.class);
    assertThatThrownBy(() -> m.operations().moveSessions(tenant, SessionQuery.builder("no-such-flow").build(), 2,
        "checkout", "ops", false)).isInstanceOf(UnknownScenarioException.class);
    assertThat(m.session(tenant, "s1")).isEqualTo(before);
    assertThat(m.journal(tenant, "s1")).isEmpty();
  }

  @Test
  void nothing_is_moved_while_the_kill_switch_is_on() {
    ScenarioMigration m = stuckOn(Seeds.v1(), Seeds.v2PaymentDownstream());
    session(m, "s1", "web", "checkout");
    m.operations().setMode(tenant, MigrationMode.OFF);

    MoveReport r = m.operations().moveSession(tenant, "s1", 2, "checkout", "ops", false);

    assertThat(r.item("s1").status()).isEqualTo(MoveReport.Status.REFUSED);
    assertThat(r.item("s1").reason()).contains("off");
    assertThat(m.session(tenant, "s1").version()).isEqualTo(1);
  }
}
