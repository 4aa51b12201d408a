package org.scenariomigration.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.scenario.Seeds;

/** The drain status as gauges per scenario, summed over the host's tenants, with no tenant or session tag. */
class DrainGaugeTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static void deployWithTwoSessions(ScenarioMigration m, String tenant) {
    m.publish(tenant, Seeds.v1());
    m.startSession(tenant, "s1", "c1", "web", "order-flow");
    m.startSession(tenant, "s2", "c2", "web", "order-flow");
    MigrationPlan p = m.operations().generatePlan(tenant, Seeds.v2PaymentDownstream(), "op");
    m.operations().approve(tenant, p.id(), "lead");
    m.operations().deploy(tenant, p.id());
  }

  private double gauge(String name) {
    return registry.get(name).tag("scenario_id", "order-flow").gauge().value();
  }

  @Test
  void the_gauges_sum_the_sessions_on_old_versions_and_the_retirable_versions_over_the_tenants() {
    MicrometerMigrationMetrics micrometer = new MicrometerMigrationMetrics(registry, "orders");
    ScenarioMigration m = ScenarioMigration.builder().listener(micrometer).build();
    micrometer.bind(m).bindDrainStatus("order-flow", List.of("t1", "t2", "t-without-it"));
    deployWithTwoSessions(m, "t1");
    deployWithTwoSessions(m, "t2");
    m.publish("not-registered", Seeds.v1());
    m.startSession("not-registered", "s1", "c1", "web", "order-flow");

    assertThat(gauge(MicrometerMigrationMetrics.DRAIN_SESSIONS)).isEqualTo(4);
    assertThat(gauge(MicrometerMigrationMetrics.DRAIN_RETIRABLE)).isZero();

    assertThat(m.reconcile("t1", "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);
    assertThat(m.reconcile("t1", "s2").kind()).isEqualTo(Outcome.Kind.TELEPORT);

    assertThat(gauge(MicrometerMigrationMetrics.DRAIN_SESSIONS)).isEqualTo(2);
    assertThat(gauge(MicrometerMigrationMetrics.DRAIN_RETIRABLE)).isEqualTo(1); // t1's version 1
    for (Meter meter : registry.find(MicrometerMigrationMetrics.DRAIN_SESSIONS).meters()) {
      assertThat(meter.getId().getTags()).extracting(Tag::getKey).containsExactlyInAnyOrder("engine", "scenario_id");
    }
  }

  @Test
  void binding_the_drain_status_before_an_engine_is_refused() {
    MicrometerMigrationMetrics micrometer = new MicrometerMigrationMetrics(registry, "orders");

    assertThatThrownBy(() -> micrometer.bindDrainStatus("order-flow", List.of("t1")))
        .isInstanceOf(MeterBindingException.class).hasMessageContaining("bind(migration)");
  }
}
