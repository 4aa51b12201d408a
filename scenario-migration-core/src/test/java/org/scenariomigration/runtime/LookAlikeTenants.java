package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.session.SessionState;

/**
 * The end-to-end check of look-alike tenants through {@link ScenarioMigration}, for any stores (the core runs it in
 * memory, the JDBC module on each database): two tenants whose ids some database would fold into one run the same
 * scenario with the same session ids; deploying a plan in one never changes the other's sessions, current version
 * or journal, and the other's next message continues on its own version until it deploys its own plan.
 */
public final class LookAlikeTenants {
  private LookAlikeTenants() {}

  /** The pairs the brief names: case, and the NFC and NFD forms of one accented word, and ß and ss. */
  public static final List<List<String>> PAIRS = List.of(List.of("acme", "ACME"), List.of("caf\u00e9", "cafe\u0301"),
      List.of("stra\u00dfe", "strasse"));

  /**
   * Runs the check with tenants {@code a} and {@code b} on an engine whose stores hold nothing of either.
   *
   * @param engine the engine
   * @param a one tenant
   * @param b the other
   */
  public static void check(ScenarioMigration engine, String a, String b) {
    for (String t : List.of(a, b)) {
      engine.publish(t, Seeds.v1());
      engine.startSession(t, "s1", "c1", "web", "order-flow");
      engine.advance(t, "s1", "checkout");
      engine.startSession(t, "s2", "c2", "web", "order-flow");
    }
    SessionState b1 = engine.session(b, "s1");
    SessionState b2 = engine.session(b, "s2");

    MigrationPlan plan = engine.operations().generatePlan(a, Seeds.v2PaymentDownstream(), "op");
    assertThat(plan.summary().estimatedSessionsAffected()).isEqualTo(2);
    engine.operations().approve(a, plan.id(), "lead");
    assertThat(engine.operations().deploy(a, plan.id()).sessionsMarked()).isEqualTo(2);

    assertThat(engine.session(b, "s1")).isEqualTo(b1);
    assertThat(engine.session(b, "s2")).isEqualTo(b2);
    assertThat(engine.currentVersion(b, "order-flow").version()).isEqualTo(1);
    assertThat(engine.currentVersion(a, "order-flow").version()).isEqualTo(2);
    assertThatThrownBy(() -> engine.operations().plan(b, plan.id())).isInstanceOf(UnknownPlanException.class);
    assertThat(engine.reconcile(b, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(engine.session(b, "s1")).isEqualTo(b1);
    assertThat(engine.journal(b, "s1")).isEmpty();

    assertThat(engine.reconcile(a, "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(engine.session(a, "s1").version()).isEqualTo(2);
    assertThat(engine.session(b, "s1")).isEqualTo(b1);
    assertThat(engine.journal(b, "s1")).isEmpty();
    assertThat(engine.operations().deploymentStatus(a, plan.id()).migrationsApplied()).isEqualTo(1);

    // the other tenant's own deploy and next message go on as if the first did not exist
    MigrationPlan own = engine.operations().generatePlan(b, Seeds.v2AgeInserted(), "op");
    assertThat(own.toVersion()).isEqualTo(2);
    engine.operations().approve(b, own.id(), "lead");
    assertThat(engine.operations().deploy(b, own.id()).sessionsMarked()).isEqualTo(2);
    assertThat(engine.pendingMigration(a, "s2").orElse(null).planId()).isEqualTo(plan.id());
    engine.setVariables(b, "s1", java.util.Map.of("age", 40));
    assertThat(engine.reconcile(b, "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(engine.journal(b, "s1")).extracting(JournalRecord::planId).containsExactly(own.id());
    assertThat(engine.journal(a, "s1")).extracting(JournalRecord::planId).containsExactly(plan.id());
    assertThat(engine.version(b, "order-flow", 2).checksum()).isEqualTo(Seeds.v2AgeInserted().checksum());
    assertThat(engine.version(a, "order-flow", 2).checksum()).isEqualTo(Seeds.v2PaymentDownstream().checksum());
    assertThat(engine.reconcile(a, "s2").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(engine.pendingMigration(b, "s2").orElse(null).planId()).isEqualTo(own.id());
  }
}
