package org.scenariomigration.spi;

class InMemoryPlanStoreTest extends PlanStoreContract {
  @Override
  protected PlanStore newStore() {
    return new InMemoryPlanStore();
  }
}
