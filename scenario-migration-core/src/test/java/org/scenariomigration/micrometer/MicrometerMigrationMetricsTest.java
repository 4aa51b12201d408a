package org.scenariomigration.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.spi.ProfileField;

class MicrometerMigrationMetricsTest {
  private static final String T = "tenant-1";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();

  private static final String SCENARIO = "order-flow";

  /**
   * Three sessions of {@link Seeds#v1WithPayment()} migrated to {@link Seeds#v2AgeForkBeforePayment()}: one at
   * Welcome (a clean graft), an adult who paid, at Checkout (a gap fill), and a minor who paid, at Checkout (blocked
   * by the payment checkpoint).
   */
  private ScenarioMigration migrateThreeSessions(MicrometerMigrationMetrics micrometer) {
    ScenarioMigration migration = ScenarioMigration.builder().profileStore(profiles).listener(micrometer)
        // the block is expected
        .config(MigrationConfig.custom()
            .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build())
        .build();
    migration.publish(T, Seeds.v1WithPayment());
    migration.startSession(T, "welcome", "c1", "web", SCENARIO);
    migration.startSession(T, "adult", "c2", "web", SCENARIO);
    migration.advance(T, "adult", "payment");
    migration.advance(T, "adult", "checkout");
    profiles.put(T, "c2", new ProfileField("age", 40, "crm", 1.0, null));
    migration.startSession(T, "minor", "c3", "web", SCENARIO);
    migration.advance(T, "minor", "payment");
    migration.advance(T, "minor", "checkout");
    profiles.put(T, "c3", new ProfileField("age", 16, "crm", 1.0, null));
    MigrationPlan plan = migration.operations().generatePlan(T, Seeds.v2AgeForkBeforePayment(), "operator@example.com");
    migration.operations().approve(T, plan.id(), "lead@example.com");
    migration.operations().deploy(T, plan.id());
    assertThat(migration.reconcile(T, "welcome")).isInstanceOf(Outcome.Teleport.class);
    assertThat(migration.reconcile(T, "adult")).isInstanceOf(Outcome.Teleport.class);
    assertThat(migration.reconcile(T, "minor").blockedByCheckpoint()).isTrue();
    return migration;
  }

  private double count(String name, String... tags) {
    return registry.get(MicrometerMigrationMetrics.PREFIX + name).tags(tags).functionCounter().count();
  }

  @Test
  void binds_the_engine_counters_as_function_counters() {
    MicrometerMigrationMetrics micrometer = new MicrometerMigrationMetrics(registry, "orders");
    micrometer.bind(migrateThreeSessions(micrometer));

    assertThat(count("plans_generated")).isEqualTo(1);
    assertThat(count("plans_approved")).isEqualTo(1);
    assertThat(count("plans_deployed")).isEqualTo(1);
    assertThat(count("sessions_marked")).isEqualTo(3);
    assertThat(count("migrations_applied")).isEqualTo(2);
    assertThat(count("checkpoint_blocks")).isEqualTo(1);
    assertThat(count("plans_rolled_back")).isZero();
    assertThat(count("gap_fills", "source", "profile")).isEqualTo(1);
    assertThat(count("gap_fills", "source", "extraction")).isZero();
    assertThat(registry.get(MicrometerMigrationMetrics.PREFIX + "gap_fills").functionCounters()).hasSize(3);
  }

  @Test
  void counts_migrations_by_the_class_each_migration_applied_from_the_events() {
    MicrometerMigrationMetrics micrometer = new MicrometerMigrationMetrics(registry, "orders");
    micrometer.bind(migrateThreeSessions(micrometer));

    assertThat(registry.get("scenario_migration.migrations").tags("scenario", "clean_graft", "reason", "clean_graft")
        .counter().count()).isEqualTo(1);
    // Checkout is a re-route anchor; an adult is not diverted, so the migration applied was a gap fill
    assertThat(registry.get("scenario_migration.migrations").tags("scenario", "gap_fill", "reason", "gap_fill")
        .counter().count()).isEqualTo(1);
    assertThat(registry.find("scenario_migration.migrations").tags("scenario", "re_route").counter()).isNull();
    assertThat(registry.find("scenario_migration.migrations").tags("reason", "re_route").counter()).isNull();
  }

  @Test
  void times_the_reconcile_slow_path() {
    MicrometerMigrationMetrics micrometer = new MicrometerMigrationMetrics(registry, "orders");
    ScenarioMigration migration = migrateThreeSessions(micrometer);
    micrometer.bind(migration);

    var timer = registry.get("scenario_migration.reconcile.slow_path").functionTimer();
    assertThat(timer.count()).isEqualTo(3);
    // (Micrometer keeps seconds as a double: a nanosecond count comes back within a rounding error of itself)
    assertThat(timer.totalTime(TimeUnit.NANOSECONDS))
        .isCloseTo(migration.metrics().slowPathTotalNanos(), within(0.5)).isPositive();
    assertThat(registry.get("scenario_migration.reconcile.slow_path.max").timeGauge().value(TimeUnit.NANOSECONDS))
        .isCloseTo(migration.metrics().slowPathMaxNanos(), within(0.5));

    // the fast path is not timed
    migration.reconcile(T, "welcome");
    assertThat(timer.count()).isEqualTo(3);
  }

  @Test
  void meters_read_the_engine_when_scraped_so_they_count_what_happened_before_and_after_binding() {
    MicrometerMigrationMetrics micrometer = new MicrometerMigrationMetrics(registry, "orders");
    ScenarioMigration migration = ScenarioMigration.builder().listener(micrometer).build();
    micrometer.bind(migration);
    assertThat(count("plans_generated")).isZero();

    migration.publish(T, Seeds.v1WithPayment());
    migration.operations().generatePlan(T, Seeds.v2AgeForkBeforePayment(), "operator@example.com");

    assertThat(count("plans_generated")).isEqualTo(1);
  }

  @Test
  void every_meter_carries_the_engine_and_common_tags_and_none_is_tagged_by_tenant_plan_or_session() {
    MicrometerMigrationMetrics micrometer = new MicrometerMigrationMetrics(registry, "orders", Tags.of("app", "shop"));
    micrometer.bind(migrateThreeSessions(micrometer));

    assertThat(registry.getMeters()).isNotEmpty().allSatisfy(m -> {
      assertThat(m.getId().getName()).startsWith(MicrometerMigrationMetrics.PREFIX);
      assertThat(m.getId().getTag("engine")).isEqualTo("orders");
      assertThat(m.getId().getTag("app")).isEqualTo("shop");
      assertThat(m.getId().getTags()).noneMatch(t -> Map.of("tenant", 1, "plan", 1, "session", 1)
          .containsKey(t.getKey()));
    });
    assertThat(registry.getMeters().stream().map(Meter::getId).map(Meter.Id::getName).distinct())
        .containsAll(MicrometerMigrationMetrics.COUNTERS.stream().map(n -> MicrometerMigrationMetrics.PREFIX + n)
            .toList());
  }

  @Test
  void two_engines_share_one_registry_each_under_its_own_engine_tag() {
    MicrometerMigrationMetrics orders = new MicrometerMigrationMetrics(registry, "orders");
    orders.bind(migrateThreeSessions(orders));
    MicrometerMigrationMetrics billing = new MicrometerMigrationMetrics(registry, "billing");
    ScenarioMigration second = ScenarioMigration.builder().listener(billing).build();
    assertThat(billing.migration()).isNull();
    assertThat(billing.bind(second).migration()).isSameAs(second);
    assertThat(billing.engine()).isEqualTo("billing");
    second.publish(T, Seeds.v1WithPayment());
    second.operations().generatePlan(T, Seeds.v2AgeForkBeforePayment(), "operator@example.com");
    second.operations().generatePlan(T, Seeds.v2AgeForkBeforePayment(), "operator@example.com");

    assertThat(count("plans_generated", "engine", "orders")).isEqualTo(1);
    assertThat(count("plans_generated", "engine", "billing")).isEqualTo(2);
    assertThat(count("migrations_applied", "engine", "billing")).isZero();
    assertThat(registry.get(MicrometerMigrationMetrics.PREFIX + "plans_generated").functionCounters()).hasSize(2);
  }

  @Test
  void a_second_engine_under_an_engine_tag_already_bound_fails_loudly_and_registers_nothing() {
    MicrometerMigrationMetrics first = new MicrometerMigrationMetrics(registry, "orders");
    first.bind(ScenarioMigration.builder().build());
    int meters = registry.getMeters().size();

    assertThatThrownBy(() -> new MicrometerMigrationMetrics(registry, "orders", Tags.of("app", "other"))
        .bind(ScenarioMigration.builder().build()))
        .isInstanceOf(MeterBindingException.class).hasMessageContaining("engine tag 'orders'")
        .isInstanceOfSatisfying(MeterBindingException.class, e -> assertThat(e.engineTag()).isEqualTo("orders"));
    assertThatThrownBy(() -> first.bind(ScenarioMigration.builder().build()))
        .isInstanceOf(MeterBindingException.class);
    assertThat(registry.getMeters()).hasSize(meters);
    assertThatThrownBy(() -> new MicrometerMigrationMetrics(registry, " "))
        .isInstanceOf(MeterBindingException.class).hasMessageContaining("' '")
        .isInstanceOfSatisfying(MeterBindingException.class, e -> assertThat(e.engineTag()).isEqualTo(" "));
  }
}
