package org.scenariomigration.runtime;

import org.scenariomigration.spi.FaultyStores;
import org.scenariomigration.memory.InMemoryPlanStore;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.memory.InMemoryScenarioStore;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.spi.UnitOfWork;

/**
 * {@link AtomicOperatorCallsContract} on the in-memory stores, which share no transaction: every store call of an
 * operator call fails in turn ({@link FaultyStores}), and the call is a resumable sequence that the same call again
 * completes.
 */
class ResumableOperatorCallsTest extends AtomicOperatorCallsContract {
  @Override
  protected Stores stores() {
    FaultyStores faults = new FaultyStores();
    return new Stores(faults.scenarios(new InMemoryScenarioStore()), faults.plans(new InMemoryPlanStore()),
        faults.sessions(new InMemorySessionStore()), faults.profiles(new InMemoryProfileStore()), UnitOfWork.NONE,
        faults);
  }

  @Override
  protected boolean atomic() {
    return false;
  }
}
