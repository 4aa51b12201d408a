package org.scenariomigration.runtime;

/** {@link VariableMappingsContract} on the in-memory stores. */
class VariableMappingsTest extends VariableMappingsContract {
  private final RuntimeFixtures.MemoryStores stores = new RuntimeFixtures.MemoryStores();

  @Override
  protected ScenarioMigration.Builder builder() {
    return stores.builder();
  }
}
