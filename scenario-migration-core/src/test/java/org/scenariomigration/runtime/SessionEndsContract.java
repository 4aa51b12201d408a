package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scenariomigration.MovableClock;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.session.EndReason;
import org.scenariomigration.spi.ErasureRecord;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.session.SessionEnd;
import org.scenariomigration.spi.LoggedVisit;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;
import org.scenariomigration.spi.VisitPage;

/**
 * Sessions end, ended sessions and old journal records are purged, a customer's data can be erased, and the full visit
 * log (off by default) holds every visit and is purged and erased with the rest (issue #22): the same behaviour on
 * every store. A subclass gives the stores ({@link #builder()}, {@link #profiles()}) and a scan of
 * everything they hold ({@link #storedTexts()}). Each test works in a tenant of its own.
 */
public abstract class SessionEndsContract {
  protected static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");

  /** A builder over this test's stores (the same stores at every call), its unit of work set where there is one. */
  protected abstract ScenarioMigration.Builder builder();

  /** The profile store of {@link #builder()}. */
  protected abstract ProfileStore profiles();

  /** Every text the stores hold, from every table (every text column of every library table, on a database). */
  protected abstract List<String> storedTexts();

  protected MovableClock clock;
  protected String tenant;

  @BeforeEach
  void a_tenant_of_its_own() {
    clock = new MovableClock(T0);
    tenant = "t-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  private ScenarioMigration engine(MigrationConfig.Builder config) {
    return builder().clock(clock).config(config
        .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build()).build();
  }

  private ScenarioMigration engine() {
    return engine(MigrationConfig.custom());
  }

  private MigrationPlan deploy(ScenarioMigration m, org.scenariomigration.scenario.ScenarioVersion v) {
    MigrationPlan p = m.operations().generatePlan(tenant, v, "op");
    m.operations().approve(tenant, p.id(), "lead");
    m.operations().deploy(tenant, p.id());
    return p;
  }

  private void session(ScenarioMigration m, String id, String customer, String... steps) {
    m.startSession(tenant, id, customer, "web", "order-flow");
    for (String s : steps) {
      m.advance(tenant, id, s);
    }
  }

  @Test
  void an_ended_session_answers_ended_keeps_its_first_reason_and_refuses_advance_and_variables() {
    ScenarioMigration m = engine();
    m.publish(tenant, Seeds.v1());
    session(m, "s1", "c1", "checkout");

    SessionState ended = m.endSession(tenant, "s1", EndReason.of("handed_to_agent"));

    assertThat(ended.end()).isEqualTo(new SessionEnd(EndReason.of("handed_to_agent"), T0));
    assertThat(m.reconcile(tenant, "s1")).isEqualTo(new Outcome.Ended(EndReason.of("handed_to_agent"), T0));
    assertThat(m.reconcile(tenant, "s1").kind()).isEqualTo(Outcome.Kind.ENDED);
    clock.advance(Duration.ofMinutes(1));
    assertThat(m.endSession(tenant, "s1", EndReason.ABANDONED).end().reason().name()).isEqualTo("handed_to_agent");
    assertThatThrownBy(() -> m.advance(tenant, "s1", "confirm")).isInstanceOf(SessionEndedException.class)
        .hasMessageContaining("'s1'").hasMessageContaining("handed_to_agent").hasMessageContaining("'confirm'");
    assertThatThrownBy(() -> m.setVariables(tenant, "s1", Map.of("name", "x")))
        .isInstanceOf(SessionEndedException.class).hasMessageContaining("[name]");
    assertThat(m.session(tenant, "s1").currentStepId()).isEqualTo("checkout");
    assertThat(m.session(tenant, "s1").variables()).isEmpty();
    assertThatThrownBy(() -> m.endSession(tenant, "nobody", EndReason.EXITED))
        .isInstanceOf(UnknownSessionException.class);
  }

  @Test
  void an_ended_session_is_never_marked_migrated_rolled_back_or_counted_and_keeps_no_version_from_retirement() {
    ScenarioMigration m = engine(MigrationConfig.custom().versionRetentionDays(0));
    m.publish(tenant, Seeds.v1());
    session(m, "live", "c1", "checkout");
    session(m, "before", "c2", "checkout");
    session(m, "after", "c3", "checkout");
    session(m, "moved", "c4", "checkout");
    m.endSession(tenant, "before", EndReason.ABANDONED);

    MigrationPlan p = m.operations().generatePlan(tenant, Seeds.v2PaymentDownstream(), "op");
    m.operations().approve(tenant, p.id(), "lead");
    assertThat(m.operations().deploy(tenant, p.id()).sessionsMarked()).isEqualTo(3); // not "before"
    assertThat(m.operations().deploymentStatus(tenant, p.id()).migrationsPending()).isEqualTo(3);
    m.endSession(tenant, "after", EndReason.EXITED); // its marker goes with it
    assertThat(m.pendingMigration(tenant, "after").orElse(null)).isNull();
    assertThat(m.operations().deploymentStatus(tenant, p.id()).migrationsPending()).isEqualTo(2);

    assertThat(m.reconcile(tenant, "live").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(m.reconcile(tenant, "moved").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(m.reconcile(tenant, "after").kind()).isEqualTo(Outcome.Kind.ENDED);
    assertThat(m.operations().dryRun(tenant, p.id(), "after", false).kind()).isEqualTo(Outcome.Kind.ENDED);
    assertThat(m.operations().previewImpact(tenant, p.id(), 0).sessionsExamined())
        .isZero(); // before and after stay on v1
    assertThat(m.session(tenant, "after").version()).isEqualTo(1);
    assertThat(m.journal(tenant, "after")).isEmpty();
    m.endSession(tenant, "moved", EndReason.COMPLETED);

    RollbackReport rolledBack = m.operations().rollback(tenant, p.id());
    assertThat(rolledBack.sessionsToRestore()).containsExactly("live");
    assertThat(m.reconcile(tenant, "moved").kind()).isEqualTo(Outcome.Kind.ENDED);
    assertThat(m.session(tenant, "moved").version()).isEqualTo(2);

    // ended sessions sit on v1 when it is left behind: they keep it from nothing
    assertThat(m.reconcile(tenant, "live").kind()).isEqualTo(Outcome.Kind.TELEPORT); // restored to v1
    m.setVariables(tenant, "live", Map.of("age", 30));
    clock.advance(Duration.ofDays(1));
    MigrationPlan again = deploy(m, org.scenariomigration.scenario.ScenarioVersion.builder("order-flow", 3)
        .name("Order Flow").step(Seeds.welcome().to("age_check")).step(Seeds.ageCheck().to("checkout"))
        .step(Seeds.checkout().to("confirm")).step(Seeds.confirm()).build());
    assertThat(m.reconcile(tenant, "live").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    clock.advance(Duration.ofDays(1));
    RetentionReport r = m.operations().purge(tenant, "order-flow", false);
    assertThat(r.purgedVersions()).contains("order-flow@1");
    assertThat(r.keptReferenced()).isEmpty();
    assertThat(m.reconcile(tenant, "before")).isEqualTo(new Outcome.Ended(EndReason.ABANDONED, T0));
    assertThat(m.operations().plan(tenant, again.id()).status()).isEqualTo(PlanStatus.DEPLOYED);
  }

  @Test
  void ending_a_session_that_owes_the_host_an_effect_retires_it_in_the_journal() {
    ScenarioMigration m = engine();
    m.publish(tenant, Seeds.v1());
    session(m, "s1", "c1", "checkout");
    MigrationPlan p = deploy(m, Seeds.v2PaymentDownstream());
    m.operations().migrateNow(tenant, p.id(), 10, r -> { });
    assertThat(m.session(tenant, "s1").owed()).isNotNull();

    SessionState ended = m.endSession(tenant, "s1", EndReason.ABANDONED);

    assertThat(ended.owed()).isNull();
    List<JournalRecord> journal = m.journal(tenant, "s1");
    JournalRecord last = journal.get(journal.size() - 1);
    assertThat(last.kind()).isEqualTo(JournalRecord.Kind.EFFECT_RETIRED);
    assertThat(last.checkpointWarning()).contains("endSession (abandoned)");
    assertThat(m.reconcile(tenant, "s1").kind()).isEqualTo(Outcome.Kind.ENDED);
  }

  @Test
  void with_complete_at_final_step_advance_and_a_migration_onto_a_final_step_complete_the_session() {
    ScenarioMigration plain = engine();
    plain.publish(tenant, Seeds.v1());
    session(plain, "waiting", "c1", "checkout", "confirm"); // by default a final step may still wait
    assertThat(plain.session(tenant, "waiting").end()).isNull();
    assertThat(plain.reconcile(tenant, "waiting")).isEqualTo(Outcome.CONTINUE);
    profiles().put(tenant, "c1", new ProfileField("age", 40, "crm", 1.0, null));
    deploy(plain, Seeds.v2AgeInserted());

    ScenarioMigration completing = engine(MigrationConfig.custom().completeAtFinalStep(true));
    Outcome moved = completing.reconcile(tenant, "waiting"); // lands on confirm, final in v2 too
    assertThat(moved.kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(completing.session(tenant, "waiting").end()).isEqualTo(new SessionEnd(EndReason.COMPLETED, T0));
    assertThat(completing.reconcile(tenant, "waiting").kind()).isEqualTo(Outcome.Kind.ENDED);

    clock.advance(Duration.ofSeconds(5));
    session(completing, "done", "c2", "checkout");
    assertThat(completing.session(tenant, "done").end()).isNull();
    SessionState done = completing.advance(tenant, "done", "confirm");
    assertThat(done.end()).isEqualTo(new SessionEnd(EndReason.COMPLETED, T0.plusSeconds(5)));
    assertThat(completing.reconcile(tenant, "done")).isEqualTo(new Outcome.Ended(EndReason.COMPLETED,
        T0.plusSeconds(5)));
  }

  @Test
  void purge_deletes_ended_sessions_and_old_journal_records_but_keeps_a_deployed_plans_until_it_settles() {
    ScenarioMigration m = engine(MigrationConfig.custom().sessionRetentionDays(10).journalRetentionDays(20)
        .versionRetentionDays(100));
    m.publish(tenant, Seeds.v1());
    session(m, "live", "c1", "checkout");
    session(m, "old", "c2", "checkout");
    session(m, "recent", "c3", "checkout");
    MigrationPlan p = deploy(m, Seeds.v2PaymentDownstream());
    for (String s : List.of("live", "old", "recent")) {
      assertThat(m.reconcile(tenant, s).kind()).isEqualTo(Outcome.Kind.TELEPORT);
    }
    m.endSession(tenant, "old", EndReason.ABANDONED);
    clock.advance(Duration.ofDays(15));
    m.endSession(tenant, "recent", EndReason.COMPLETED);
    clock.advance(Duration.ofDays(10)); // old ended 25 days ago, recent 10; the migrations were 25 days ago

    RetentionReport first = m.operations().purge(tenant, "order-flow", false);

    assertThat(first.endedSessionsDeleted()).isEqualTo(1);
    assertThatThrownBy(() -> m.session(tenant, "old")).isInstanceOf(UnknownSessionException.class);
    assertThat(m.journal(tenant, "old")).isEmpty();
    assertThat(m.session(tenant, "recent").end()).isNotNull();
    assertThat(first.journalRecordsDeleted()).isZero();
    assertThat(first.journalRecordsKept()).isEqualTo(2);
    assertThat(first.keptJournal()).singleElement().asString().contains("2 journal records of plan " + p.id())
        .contains("deployed").contains("rollback");
    assertThat(m.journal(tenant, "live")).hasSize(1);

    m.operations().rollback(tenant, p.id()); // the plan settles: its records are no longer needed
    RetentionReport second = m.operations().purge(tenant, "order-flow", false);

    assertThat(second.journalRecordsDeleted()).isEqualTo(2);
    assertThat(second.journalRecordsKept()).isZero();
    assertThat(second.keptJournal()).isEmpty();
    assertThat(m.journal(tenant, "live")).isEmpty();
    assertThat(m.journal(tenant, "recent")).isEmpty();
    assertThat(m.reconcile(tenant, "live").kind()).isEqualTo(Outcome.Kind.CONTINUE); // its rollback marker is gone
    assertThat(m.operations().purge(tenant, "order-flow", false).endedSessionsDeleted()).isZero();
    clock.advance(Duration.ofDays(1));
    assertThat(m.operations().purge(tenant, "order-flow", false).endedSessionsDeleted())
        .isEqualTo(1); // recent, now 11 days
  }

  @Test
  void forget_customer_erases_every_value_everywhere_leaves_a_record_and_nothing_comes_back() {
    ScenarioMigration m = engine();
    m.publish(tenant, Seeds.v1());
    String name = "Zelda Quokkaferris";
    String email = "zq.quokka@ferris.example";
    String card = "4111-ZQ-9931-CARD";
    String other = "Oswin Othermann";
    session(m, "s1", "cust-zq", "checkout");
    m.setVariables(tenant, "s1", Map.of("name", name, "email", email, "nested", Map.of("alias", "Zee-Q-Alias")));
    m.advance(tenant, "s1", "confirm");
    session(m, "s2", "cust-zq");
    m.setVariables(tenant, "s2", Map.of("name", name));
    m.endSession(tenant, "s2", EndReason.ABANDONED);
    session(m, "s3", "cust-other", "checkout");
    m.setVariables(tenant, "s3", Map.of("name", other));
    profiles().put(tenant, "cust-zq", new ProfileField("age", card, "crm", 1.0, null));
    profiles().put(tenant, "cust-zq", new ProfileField("email", email, "crm", 1.0, null));
    MigrationPlan p = deploy(m, Seeds.v2AgeInserted());
    assertThat(m.reconcile(tenant, "s1")).isInstanceOf(Outcome.Teleport.class); // age filled from the profile
    assertThat(m.session(tenant, "s1").variables()).containsEntry("age", card);
    assertThat(m.journal(tenant, "s1").get(0).filledFields()).singleElement()
        .satisfies(f -> assertThat(f.value()).isEqualTo(card));
    assertThat(String.join("\n", storedTexts())).contains(name, email, card, "Zee-Q-Alias", other);
    clock.advance(Duration.ofMinutes(5));

    ErasureRecord report = m.operations().forgetCustomer(tenant, "cust-zq", "dpo@example.com");

    assertThat(report.tenantId()).isEqualTo(tenant);
    assertThat(report.requestedBy()).isEqualTo("dpo@example.com");
    assertThat(report.at()).isEqualTo(T0.plusSeconds(300));
    assertThat(report.sessions()).isEqualTo(2);
    assertThat(report.variables()).isEqualTo(5); // s1: name, email, nested, age; s2: name
    assertThat(report.journalRecords()).isEqualTo(1);
    assertThat(report.profileFields()).isEqualTo(2);
    assertThat(m.operations().erasures(tenant)).containsExactly(report);
    String everything = String.join("\n", storedTexts());
    for (String value : List.of(name, email, card, "Zee-Q-Alias")) {
      assertThat(everything).doesNotContain(value);
    }
    assertThat(everything).contains(other).contains("dpo@example.com");
    assertThat(m.session(tenant, "s1").variables()).isEmpty();
    assertThat(m.session(tenant, "s3").variables()).containsEntry("name", other);
    assertThat(profiles().find(tenant, "cust-zq", "card")).isEmpty();

    // consistent afterwards: nothing fails, nothing comes back, not even through a rollback of the journal
    assertThat(m.reconcile(tenant, "s1")).isEqualTo(Outcome.CONTINUE);
    assertThat(m.reconcile(tenant, "s2").kind()).isEqualTo(Outcome.Kind.ENDED);
    m.operations().rollback(tenant, p.id());
    Outcome restored = m.reconcile(tenant, "s1");
    assertThat(restored.kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(m.session(tenant, "s1").version()).isEqualTo(1);
    assertThat(m.session(tenant, "s1").variables()).isEmpty();
    everything = String.join("\n", storedTexts());
    for (String value : List.of(name, email, card, "Zee-Q-Alias")) {
      assertThat(everything).doesNotContain(value);
    }

    // idempotent: the same call again removes nothing more, and says so in a record of its own
    ErasureRecord again = m.operations().forgetCustomer(tenant, "cust-zq", "dpo@example.com");
    assertThat(List.of(again.variables(), again.journalRecords(), again.profileFields())).containsOnly(0);
    assertThat(again.sessions()).isEqualTo(2);
    assertThat(m.operations().erasures(tenant)).hasSize(2);
    assertThat(m.operations().erasures(tenant).toString()).doesNotContain("cust-zq");
  }

  // ------------------------------------------------------------------------------------------- the full visit log

  /** Every row of a session's visit log, read page by page (three rows a page). */
  protected static List<LoggedVisit> visits(ScenarioMigration m, String tenantId, String sessionId) {
    List<LoggedVisit> out = new java.util.ArrayList<>();
    long after = -1;
    while (true) {
      VisitPage page = m.visits(tenantId, sessionId, after, 3);
      out.addAll(page.visits());
      after = page.nextAfter(after);
      if (!page.more()) {
        return out;
      }
    }
  }

  private static void assertLogMatchesHistory(ScenarioMigration m, String tenantId, String sessionId,
      Integer... versions) {
    SessionState s = m.session(tenantId, sessionId);
    List<LoggedVisit> log = visits(m, tenantId, sessionId);
    assertThat(log).hasSize(versions.length);
    assertThat((long) log.size()).isEqualTo(s.visitCount());
    for (int i = 0; i < log.size(); i++) {
      assertThat(log.get(i).ordinal()).isEqualTo(i);
      assertThat(log.get(i).version()).isEqualTo(versions[i]);
    }
    // the bounded history is the log folded: each step's entry has its first and last row, and as many visits
    for (StepVisit e : s.history()) {
      List<LoggedVisit> rows = log.stream().filter(v -> v.stepId().equals(e.stepId())
          && v.contentHash().equals(e.contentHash())).toList();
      assertThat((long) rows.size()).as("visits of %s", e.stepId()).isEqualTo(e.visits());
      LoggedVisit first = rows.get(0);
      LoggedVisit last = rows.get(rows.size() - 1);
      assertThat(List.of(first.ordinal(), first.visitedAt())).containsExactly(e.firstVisit(), e.firstVisitedAt());
      assertThat(List.of(last.ordinal(), last.stepName(), last.visitedAt()))
          .containsExactly(e.lastVisit(), e.stepName(), e.visitedAt());
    }
  }

  @Test
  void with_the_visit_log_on_a_looping_session_has_one_row_per_visit_in_order_with_each_arrival_of_a_migration() {
    ScenarioMigration m = engine(MigrationConfig.custom().visitLog(true));
    m.publish(tenant, Seeds.v1());
    m.startSession(tenant, "loop", "c1", "web", "order-flow");
    for (String step : List.of("checkout", "confirm", "checkout", "confirm", "checkout")) {
      clock.advance(Duration.ofSeconds(1).plusNanos(123_457));
      m.advance(tenant, "loop", step);
    }
    assertLogMatchesHistory(m, tenant, "loop", 1, 1, 1, 1, 1, 1);
    assertThat(visits(m, tenant, "loop")).extracting(LoggedVisit::stepId).containsExactly("welcome", "checkout",
        "confirm", "checkout", "confirm", "checkout");
    assertThat(visits(m, tenant, "loop")).extracting(LoggedVisit::customerId).containsOnly("c1");

    MigrationPlan p = deploy(m, Seeds.v2PaymentDownstream());
    clock.advance(Duration.ofMinutes(1));
    assertThat(m.reconcile(tenant, "loop").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(m.reconcile(tenant, "loop")).isEqualTo(Outcome.CONTINUE); // an up-to-date session logs nothing
    m.advance(tenant, "loop", "welcome"); // back to the start: not past the checkpoint payment, so a rollback moves it
    assertLogMatchesHistory(m, tenant, "loop", 1, 1, 1, 1, 1, 1, 2, 2);

    m.operations().rollback(tenant, p.id());
    clock.advance(Duration.ofMinutes(1));
    assertThat(m.reconcile(tenant, "loop").kind()).isEqualTo(Outcome.Kind.TELEPORT); // back to v1: an arrival too
    assertLogMatchesHistory(m, tenant, "loop", 1, 1, 1, 1, 1, 1, 2, 2, 1);
    assertThat(m.visits(tenant, "loop", 7, 10).visits()).extracting(LoggedVisit::ordinal).containsExactly(8L);
    assertThatThrownBy(() -> m.visits(tenant, "nobody", -1, 10)).isInstanceOf(UnknownSessionException.class);
    assertThatThrownBy(() -> m.visits(tenant, "loop", -1, 0))
        .isInstanceOf(org.scenariomigration.spi.InvalidVisitLogRequestException.class)
        .hasMessageContaining("limit").hasMessageContaining("0");
  }

  @Test
  void with_the_visit_log_off_by_default_nothing_is_written() {
    ScenarioMigration m = engine();
    assertThat(m.config().visitLog()).isFalse();
    m.publish(tenant, Seeds.v1());
    session(m, "s1", "c1", "checkout", "confirm", "checkout");
    deploy(m, Seeds.v2PaymentDownstream());
    assertThat(m.reconcile(tenant, "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    m.endSession(tenant, "s1", EndReason.COMPLETED);

    assertThat(m.session(tenant, "s1").visitCount()).isEqualTo(5);
    assertThat(visits(m, tenant, "s1")).isEmpty();
    assertThat(m.operations().purge(tenant, "order-flow", false).visitsDeleted()).isZero();
    assertThat(m.operations().forgetCustomer(tenant, "c1", "dpo").visits()).isZero();
  }

  @Test
  void purge_deletes_visit_log_rows_past_their_own_retention_and_those_of_the_ended_sessions_it_deletes() {
    ScenarioMigration m = engine(MigrationConfig.custom().visitLog(true).sessionRetentionDays(10)
        .visitLogRetentionDays(30).versionRetentionDays(100));
    m.publish(tenant, Seeds.v1());
    session(m, "live", "c1", "checkout"); // two rows on day 0
    clock.advance(Duration.ofDays(12));
    session(m, "old", "c2", "checkout"); // two rows on day 12
    m.endSession(tenant, "old", EndReason.ABANDONED);
    clock.advance(Duration.ofDays(13));
    m.advance(tenant, "live", "confirm"); // a row on day 25

    RetentionReport first = m.operations().purge(tenant, "order-flow", false);

    assertThat(first.endedSessionsDeleted()).isEqualTo(1);
    assertThat(first.visitsDeleted()).isEqualTo(2); // old's, 13 days old: with its session
    assertThat(visits(m, tenant, "live")).extracting(LoggedVisit::ordinal).containsExactly(0L, 1L, 2L);

    clock.advance(Duration.ofDays(6)); // day 31: live's rows of day 0 are past the 30 days
    RetentionReport second = m.operations().purge(tenant, "order-flow", false);

    assertThat(second.visitsDeleted()).isEqualTo(2);
    assertThat(visits(m, tenant, "live")).extracting(LoggedVisit::ordinal).containsExactly(2L);
    assertThat(m.session(tenant, "live").history()).hasSize(3); // the session's own history is not the log
    assertThat(m.operations().purge(tenant, "order-flow", false).visitsDeleted()).isZero();
  }

  @Test
  void forget_customer_deletes_the_visit_log_of_the_customers_sessions_and_counts_it() {
    ScenarioMigration m = engine(MigrationConfig.custom().visitLog(true));
    m.publish(tenant, Seeds.v1());
    session(m, "s1", "cust-zq", "checkout", "confirm");
    session(m, "s2", "cust-zq");
    m.endSession(tenant, "s2", EndReason.ABANDONED);
    session(m, "s3", "cust-other", "checkout");

    ErasureRecord report = m.operations().forgetCustomer(tenant, "cust-zq", "dpo@example.com");

    assertThat(report.visits()).isEqualTo(4);
    assertThat(m.operations().erasures(tenant)).containsExactly(report);
    assertThat(visits(m, tenant, "s1")).isEmpty();
    assertThat(visits(m, tenant, "s2")).isEmpty();
    assertThat(visits(m, tenant, "s3")).hasSize(2);
    assertThat(m.operations().forgetCustomer(tenant, "cust-zq", "dpo@example.com").visits()).isZero();
    // the session lives on: its next visit is logged under the next ordinal
    m.advance(tenant, "s1", "checkout");
    assertThat(visits(m, tenant, "s1")).extracting(LoggedVisit::ordinal).containsExactly(3L);
  }
}
