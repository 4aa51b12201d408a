package org.scenariomigration.spi;

class InMemorySessionStoreTest extends SessionStoreContract {
  @Override
  protected SessionStoreContract.Stores newStores() {
    InMemorySessionStore s = new InMemorySessionStore();
    return new Stores(s, s);
  }
}
