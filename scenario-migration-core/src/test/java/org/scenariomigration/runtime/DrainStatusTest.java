package org.scenariomigration.runtime;

/** {@link DrainStatusContract} on the in-memory stores. */
class DrainStatusTest extends DrainStatusContract {
  private final RuntimeFixtures.MemoryStores stores = new RuntimeFixtures.MemoryStores();

  @Override
  protected ScenarioMigration.Builder builder() {
    return stores.builder();
  }
}
