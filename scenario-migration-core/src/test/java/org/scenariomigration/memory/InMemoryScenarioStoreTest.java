package org.scenariomigration.memory;

import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.spi.ScenarioStoreContract;

class InMemoryScenarioStoreTest extends ScenarioStoreContract {
  @Override
  protected ScenarioStore newStore() {
    return new InMemoryScenarioStore();
  }
}
