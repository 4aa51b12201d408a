package org.scenariomigration.spi;

class InMemoryScenarioStoreTest extends ScenarioStoreContract {
  @Override
  protected ScenarioStore newStore() {
    return new InMemoryScenarioStore();
  }
}
