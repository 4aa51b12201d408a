package org.scenariomigration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scenariomigration.memory.InMemoryModeStore;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.MigrationMode;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.ModeChange;
import org.scenariomigration.spi.ModeStore;

/** The README's "Modes shared by every node", compiled and run. */
class ReadmeSharedModesTest {

  @Test
  void a_kill_switch_flipped_on_one_node_is_in_force_on_every_node() {
    MovableClock clock = new MovableClock(Instant.parse("2026-01-05T09:00:00Z"));
    ScenarioMigration.Builder nodeBuilder = ScenarioMigration.builder().clock(clock);
    ScenarioMigration.Builder otherBuilder = ScenarioMigration.builder().clock(clock);
    // README-BEGIN
    ModeStore modes = new InMemoryModeStore();   // on a database: .stores(jdbcStores) sets jdbcStores.modeStore()
    MigrationConfig config = MigrationConfig.fromToml("""
        [scenario_migration]
        mode_refresh_seconds = 1
        """);
    ScenarioMigration nodeA = nodeBuilder.modeStore(modes).config(config).build();
    ScenarioMigration nodeB = otherBuilder.modeStore(modes).config(config).build();

    ModeChange off = nodeA.operations().setMode(MigrationMode.OFF, "oncall@example.com");   // the kill switch
    nodeB.operations().mode("tenant-1");   // OFF: at once in one process; on a database within mode_refresh_seconds
    nodeA.operations().setMode("tenant-2", MigrationMode.STRICT, "lead@example.com");   // never over a global OFF
    List<ModeChange> history = nodeB.operations().modeChanges("tenant-2", 10);   // newest first: who, when, what
    // README-END

    assertThat(nodeA.operations().mode("tenant-1")).isEqualTo(MigrationMode.OFF);
    assertThat(nodeB.operations().mode("tenant-1")).isEqualTo(MigrationMode.OFF);
    assertThat(nodeB.operations().mode("tenant-2")).isEqualTo(MigrationMode.OFF); // the global OFF wins
    assertThat(off.changedBy()).isEqualTo("oncall@example.com");
    assertThat(off.from()).isNull();
    assertThat(off.to()).isEqualTo(MigrationMode.OFF);
    assertThat(history).extracting(ModeChange::scope).containsExactly(ModeChange.Scope.TENANT,
        ModeChange.Scope.GLOBAL);
    assertThat(history.get(0).changedBy()).isEqualTo("lead@example.com");
  }

  @Test
  void the_readme_shows_this_code() throws Exception {
    ReadmeQuickstartTest.assertReadmeSectionIsTheCodeOf("## Modes shared by every node",
        Path.of("src/test/java/org/scenariomigration/ReadmeSharedModesTest.java"));
  }
}
