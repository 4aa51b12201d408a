package org.scenariomigration.memory;

import org.scenariomigration.spi.SessionStoreContract;

class InMemorySessionStoreTest extends SessionStoreContract {
  @Override
  protected SessionStoreContract.Stores newStores() {
    InMemorySessionStore s = new InMemorySessionStore();
    return new Stores(s, s);
  }
}
