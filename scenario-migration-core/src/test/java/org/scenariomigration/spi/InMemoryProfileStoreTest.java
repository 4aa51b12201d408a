package org.scenariomigration.spi;

class InMemoryProfileStoreTest extends ProfileStoreContract {
  @Override
  protected ProfileStore newStore() {
    return new InMemoryProfileStore();
  }
}
