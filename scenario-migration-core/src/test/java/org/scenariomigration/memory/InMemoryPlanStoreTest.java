package org.scenariomigration.memory;

import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.PlanStoreContract;

class InMemoryPlanStoreTest extends PlanStoreContract {
  @Override
  protected PlanStore newStore() {
    return new InMemoryPlanStore();
  }
}
