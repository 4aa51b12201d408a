package org.scenariomigration.runtime;

import org.scenariomigration.memory.InMemoryPlanStore;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.memory.InMemoryScenarioStore;
import org.scenariomigration.memory.InMemorySessionStore;

/** {@link DrainStatusContract} on the in-memory stores. */
class DrainStatusTest extends DrainStatusContract {
  // fresh for each test (JUnit makes an instance per test), before the contract's set-up builds its engine
  private final InMemorySessionStore sessions = new InMemorySessionStore();
  private final InMemoryScenarioStore scenarios = new InMemoryScenarioStore();
  private final InMemoryPlanStore plans = new InMemoryPlanStore();
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();

  @Override
  protected ScenarioMigration.Builder builder() {
    return ScenarioMigration.builder().sessionStore(sessions).scenarioStore(scenarios).planStore(plans)
        .profileStore(profiles);
  }
}
