package org.scenariomigration.memory;

import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.ProfileStoreContract;

class InMemoryProfileStoreTest extends ProfileStoreContract {
  @Override
  protected ProfileStore newStore() {
    return new InMemoryProfileStore();
  }
}
