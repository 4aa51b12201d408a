package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.scenariomigration.memory.InMemoryModeStore;
import org.scenariomigration.spi.ModeStore;

/**
 * {@link SharedModesContract} on the in-memory stores: the nodes share the store objects and one
 * {@link InMemoryModeStore}, seen through a store that says it is not in this process (as a database is not), so that
 * the engines keep copies and refresh them. Plus what only the core decides: engines built without a mode store keep
 * their own, and engines on an in-process store read it at every call.
 */
class SharedModesTest extends SharedModesContract {
  // fresh for each test (JUnit makes an instance per test)
  private final RuntimeFixtures.MemoryStores stores = new RuntimeFixtures.MemoryStores();
  private final InMemoryModeStore memory = new InMemoryModeStore();
  private final ModeStore modes = new Elsewhere(memory);

  /** The in-memory store as if it were in another process: {@link ModeStore#inProcess()} is false. */
  private record Elsewhere(ModeStore store) implements ModeStore {
    @Override
    public long revision() {
      return store.revision();
    }

    @Override
    public org.scenariomigration.spi.ModeSettings read() {
      return store.read();
    }

    @Override
    public org.scenariomigration.spi.ModeChange setGlobal(MigrationMode mode, String changedBy,
        java.time.Instant at) {
      return store.setGlobal(mode, changedBy, at);
    }

    @Override
    public org.scenariomigration.spi.ModeChange setTenant(String tenantId, MigrationMode mode, String changedBy,
        java.time.Instant at) {
      return store.setTenant(tenantId, mode, changedBy, at);
    }

    @Override
    public org.scenariomigration.spi.ModeChange setSoftLaunch(java.util.Set<String> tenants, String changedBy,
        java.time.Instant at) {
      return store.setSoftLaunch(tenants, changedBy, at);
    }

    @Override
    public java.util.List<org.scenariomigration.spi.ModeChange> changes(String tenantId, int limit) {
      return store.changes(tenantId, limit);
    }
  }

  @Override
  protected ScenarioMigration.Builder node() {
    return stores.builder().modeStore(modes);
  }

  @Override
  protected ModeStore modeStore() {
    return modes;
  }

  @Test
  void engines_built_without_a_mode_store_keep_modes_of_their_own() {
    ScenarioMigration a = ScenarioMigration.builder().clock(clock).build();
    ScenarioMigration b = ScenarioMigration.builder().clock(clock).build();

    a.operations().setMode(MigrationMode.OFF, "alice");
    clock.advance(Duration.ofHours(1));

    assertThat(a.operations().mode("t")).isEqualTo(MigrationMode.OFF);
    assertThat(b.operations().mode("t")).isEqualTo(MigrationMode.AUTO);
    assertThat(b.operations().modeChanges(10)).isEmpty();
  }

  @Test
  void engines_on_an_in_process_store_read_it_at_every_call_so_a_change_is_in_force_at_once_everywhere() {
    ScenarioMigration a = ScenarioMigration.builder().clock(clock).modeStore(memory).build();
    ScenarioMigration b = ScenarioMigration.builder().clock(clock).modeStore(memory).build();
    assertThat(b.operations().mode("t")).isEqualTo(MigrationMode.AUTO);

    a.operations().setMode("t", MigrationMode.STRICT, "alice");

    assertThat(b.operations().mode("t")).isEqualTo(MigrationMode.STRICT); // no clock moved
    assertThat(memory.inProcess()).isTrue();
    assertThat(modes.inProcess()).isFalse();
  }

  @Test
  void a_stored_global_mode_replaces_the_configured_one_and_none_stored_leaves_it() {
    ScenarioMigration offByConfig = node().clock(Clock.systemUTC())
        .config(MigrationConfig.custom().mode(MigrationMode.OFF).build()).build();
    assertThat(offByConfig.operations().mode("t")).isEqualTo(MigrationMode.OFF);

    node().clock(clock).build().operations().setMode(MigrationMode.AUTO, "alice");

    assertThat(node().clock(clock).config(MigrationConfig.custom().mode(MigrationMode.OFF).build()).build()
        .operations().mode("t")).isEqualTo(MigrationMode.AUTO);
    // enabled = false is this node's own master switch: off whatever is stored
    assertThat(node().clock(clock).config(MigrationConfig.custom().enabled(false).build()).build()
        .operations().mode("t")).isEqualTo(MigrationMode.OFF);
  }
}
