package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scenariomigration.MovableClock;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.spi.ModeChange;
import org.scenariomigration.spi.ModeStore;

/**
 * Modes shared by every node (issue 19, section 3): two engines, each with stores of its own on one storage and one
 * mode store, and one movable clock (no sleep: the refresh bound is crossed by moving the clock). A subclass gives the
 * engines' builders and the shared {@link ModeStore}. Each test works in tenants of its own; the global settings are
 * reset before each test.
 */
public abstract class SharedModesContract {
  protected static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

  /** A builder for one more node: stores of its own on the shared storage, with the shared mode store. */
  protected abstract ScenarioMigration.Builder node();

  /** The mode store every node shares. */
  protected abstract ModeStore modeStore();

  protected MovableClock clock;
  protected String tenant;
  protected String other;

  @BeforeEach
  void tenants_of_its_own_and_no_global_setting() {
    clock = new MovableClock(T0);
    String run = java.util.UUID.randomUUID().toString().substring(0, 8);
    tenant = "t-" + run;
    other = "o-" + run;
    modeStore().setGlobal(null, "test-reset", T0);
    modeStore().setSoftLaunch(Set.of(), "test-reset", T0);
  }

  private ScenarioMigration engine(int refreshSeconds) {
    return node().clock(clock).config(MigrationConfig.custom().modeRefreshSeconds(refreshSeconds)
        .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build()).build();
  }

  /** Version 1 published, a session at Checkout and a deployed plan that would migrate it at its next message. */
  private void sessionWithADeployment(ScenarioMigration a, String t) {
    a.publish(t, Seeds.v1());
    a.startSession(t, "s1", "c1", "web", "order-flow");
    a.advance(t, "s1", "checkout");
    MigrationPlan p = a.operations().generatePlan(t, Seeds.v2PaymentDownstream(), "op");
    a.operations().approve(t, p.id(), "lead");
    a.operations().deploy(t, p.id());
  }

  @Test
  void a_kill_switch_flipped_on_one_engine_is_in_force_on_another_after_the_refresh_bound_and_not_before() {
    ScenarioMigration a = engine(1);
    ScenarioMigration b = engine(1);
    sessionWithADeployment(a, tenant);
    assertThat(b.operations().mode(tenant)).isEqualTo(MigrationMode.AUTO); // b has read the modes at T0

    a.operations().setMode(MigrationMode.OFF, "oncall@example.com");

    assertThat(a.operations().mode(tenant)).isEqualTo(MigrationMode.OFF); // at once where it was flipped
    assertThat(a.reconcile(tenant, "s1")).isSameAs(Outcome.CONTINUE);
    clock.advance(Duration.ofMillis(999));
    assertThat(b.operations().mode(tenant)).isEqualTo(MigrationMode.AUTO); // within the bound: not yet
    clock.advance(Duration.ofMillis(1));
    assertThat(b.operations().mode(tenant)).isEqualTo(MigrationMode.OFF); // at the bound: in force
    assertThat(b.reconcile(tenant, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(b.session(tenant, "s1").version()).isEqualTo(1);

    a.operations().setMode(MigrationMode.AUTO, "oncall@example.com");
    clock.advance(Duration.ofSeconds(1));

    assertThat(b.reconcile(tenant, "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(b.session(tenant, "s1").version()).isEqualTo(2);
  }

  @Test
  void the_bound_is_the_configured_mode_refresh_seconds() {
    ScenarioMigration a = engine(30);
    ScenarioMigration b = engine(30);
    assertThat(b.operations().mode(tenant)).isEqualTo(MigrationMode.AUTO);

    a.operations().setMode(tenant, MigrationMode.STRICT, "alice");

    clock.advance(Duration.ofSeconds(29));
    assertThat(b.operations().mode(tenant)).isEqualTo(MigrationMode.AUTO);
    clock.advance(Duration.ofSeconds(1));
    assertThat(b.operations().mode(tenant)).isEqualTo(MigrationMode.STRICT);
  }

  @Test
  void a_clock_set_back_reads_the_modes_again() {
    ScenarioMigration a = engine(60);
    ScenarioMigration b = engine(60);
    assertThat(b.operations().mode(tenant)).isEqualTo(MigrationMode.AUTO);
    a.operations().setMode(MigrationMode.OFF, "alice");

    clock.advance(Duration.ofSeconds(-1));

    assertThat(b.operations().mode(tenant)).isEqualTo(MigrationMode.OFF);
  }

  @Test
  void a_tenant_mode_set_on_one_engine_reaches_the_other_and_the_global_off_still_wins() {
    ScenarioMigration a = engine(1);
    ScenarioMigration b = engine(1);
    sessionWithADeployment(a, tenant);
    sessionWithADeployment(a, other);
    assertThat(b.operations().mode(tenant)).isEqualTo(MigrationMode.AUTO);

    a.operations().setMode(other, MigrationMode.OFF, "alice");
    clock.advance(Duration.ofSeconds(1));

    assertThat(b.operations().mode(other)).isEqualTo(MigrationMode.OFF);
    assertThat(b.reconcile(other, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(b.operations().mode(tenant)).isEqualTo(MigrationMode.AUTO);

    // the global kill switch, set on b, wins on a over a tenant set to auto there
    b.operations().setMode(MigrationMode.OFF, "bob");
    a.operations().setMode(other, MigrationMode.AUTO, "alice");
    clock.advance(Duration.ofSeconds(1));
    assertThat(a.operations().mode(other)).isEqualTo(MigrationMode.OFF);
    assertThat(a.operations().mode(tenant)).isEqualTo(MigrationMode.OFF);
    assertThat(a.reconcile(tenant, "s1")).isSameAs(Outcome.CONTINUE);
    assertThat(a.session(tenant, "s1").version()).isEqualTo(1);

    a.operations().setMode(MigrationMode.AUTO, "alice");
    clock.advance(Duration.ofSeconds(1));
    assertThat(b.reconcile(other, "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    a.operations().setMode(other, null, "alice");
    clock.advance(Duration.ofSeconds(1));
    assertThat(b.operations().mode(other)).isEqualTo(MigrationMode.AUTO);
  }

  @Test
  void the_soft_launch_list_is_shared() {
    ScenarioMigration a = engine(1);
    ScenarioMigration b = engine(1);
    assertThat(b.operations().mode(other)).isEqualTo(MigrationMode.AUTO);

    a.operations().setSoftLaunchTenants(Set.of(tenant), "carol");
    clock.advance(Duration.ofSeconds(1));

    assertThat(b.operations().mode(tenant)).isEqualTo(MigrationMode.AUTO);
    assertThat(b.operations().mode(other)).isEqualTo(MigrationMode.OFF);
    a.operations().setSoftLaunchTenants(Set.of(), "carol");
    clock.advance(Duration.ofSeconds(1));
    assertThat(b.operations().mode(other)).isEqualTo(MigrationMode.AUTO);
  }

  @Test
  void every_change_is_journaled_with_who_when_and_the_values_before_and_after() {
    ScenarioMigration a = engine(1);
    ScenarioMigration b = engine(1);

    ModeChange off = a.operations().setMode(MigrationMode.OFF, "alice");
    clock.advance(Duration.ofMinutes(1));
    ModeChange strict = b.operations().setMode(tenant, MigrationMode.STRICT, "bob");
    clock.advance(Duration.ofMinutes(1));
    ModeChange otherOff = a.operations().setMode(other, MigrationMode.OFF, "bob");
    ModeChange soft = a.operations().setSoftLaunchTenants(Set.of(tenant, other), "carol");
    clock.advance(Duration.ofMinutes(1));
    ModeChange removed = b.operations().setMode(tenant, null, "dave");
    b.operations().setMode(MigrationMode.AUTO); // the old signature: an unspecified actor

    assertThat(off).isEqualTo(ModeChange.global(off.revision(), null, MigrationMode.OFF, "alice", T0));
    assertThat(strict).isEqualTo(ModeChange.tenant(off.revision() + 1, tenant, null, MigrationMode.STRICT, "bob",
        T0.plusSeconds(60)));
    assertThat(soft).isEqualTo(ModeChange.softLaunch(off.revision() + 3, Set.of(), Set.of(tenant, other), "carol",
        T0.plusSeconds(120)));
    assertThat(removed).isEqualTo(ModeChange.tenant(off.revision() + 4, tenant, MigrationMode.STRICT, null, "dave",
        T0.plusSeconds(180)));
    List<ModeChange> all = a.operations().modeChanges(6);
    assertThat(all).hasSize(6);
    assertThat(all.get(0)).isEqualTo(ModeChange.global(off.revision() + 5, MigrationMode.OFF, MigrationMode.AUTO,
        MigrationOperations.UNSPECIFIED_ACTOR, T0.plusSeconds(180)));
    assertThat(all.subList(1, 6)).containsExactly(removed, soft, otherOff, strict, off);
    // a tenant's journal: its own changes, the global ones and the soft-launch list, not another tenant's
    assertThat(b.operations().modeChanges(tenant, 5)).containsExactly(all.get(0), removed, soft, strict, off);
    assertThat(b.operations().modeChanges(tenant, 2)).containsExactly(all.get(0), removed);
  }

  @Test
  void bad_arguments_change_nothing() {
    ScenarioMigration a = engine(1);
    long revision = modeStore().revision();

    assertThatThrownBy(() -> a.operations().setMode("bad\u0007tenant", MigrationMode.OFF, "alice"))
        .isInstanceOf(org.scenariomigration.InvalidIdException.class);
    assertThatThrownBy(() -> a.operations().setSoftLaunchTenants(Set.of(" x"), "alice"))
        .isInstanceOf(org.scenariomigration.InvalidIdException.class);
    assertThatThrownBy(() -> a.operations().modeChanges(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");

    assertThat(modeStore().revision()).isEqualTo(revision);
  }
}
