package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link UncoveredSessionsContract} on the in-memory stores, plus the config's {@code [scenario_migration.uncovered]}. */
class UncoveredSessionsTest extends UncoveredSessionsContract {
  private final RuntimeFixtures.MemoryStores stores = new RuntimeFixtures.MemoryStores();

  @Override
  protected ScenarioMigration.Builder builder() {
    return stores.builder();
  }

  @Test
  void the_config_file_sets_a_default_and_an_entry_per_scenario() {
    MigrationConfig c = MigrationConfig.fromToml("""
        [scenario_migration.uncovered]
        default = "pin"
        order-flow = "restart"
        """);

    assertThat(c.uncoveredDefault()).isEqualTo(UncoveredAction.PIN);
    assertThat(c.uncoveredAction("order-flow")).isEqualTo(UncoveredAction.RESTART);
    assertThat(c.uncoveredAction("other-flow")).isEqualTo(UncoveredAction.PIN);
    assertThat(c.uncoveredByScenario()).containsOnlyKeys("order-flow");
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c).isNotEqualTo(MigrationConfig.DEFAULTS);
    assertThat(MigrationConfig.DEFAULTS.uncoveredAction("order-flow")).isEqualTo(UncoveredAction.MIGRATE);
  }

  @Test
  void an_unknown_choice_is_refused_naming_its_key_and_value() {
    assertThatThrownBy(() -> MigrationConfig.fromToml("""
        [scenario_migration.uncovered]
        default = "stay"
        order-flow = "restart-later"
        """)).isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
            .extracting(InvalidConfigException.Problem::key, InvalidConfigException.Problem::value)
            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("uncovered.default", "stay"),
                org.assertj.core.groups.Tuple.tuple("uncovered.order-flow", "restart-later")))
        .hasMessageContaining("'stay'").hasMessageContaining("migrate, pin, restart or exit");
    assertThatThrownBy(() -> MigrationConfig.fromToml("""
        [scenario_migration.uncovered]
        default = 3
        """)).isInstanceOf(InvalidConfigException.class).hasMessageContaining("uncovered.default");
    assertThatThrownBy(() -> UncoveredAction.fromConfig("uncovered.default", "PIN"))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("'PIN'");
  }
}
