package org.scenariomigration.runtime;

import org.junit.jupiter.api.BeforeEach;
import org.scenariomigration.memory.InMemoryPlanStore;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.memory.InMemoryScenarioStore;
import org.scenariomigration.memory.InMemorySessionStore;

/** {@link VariableMappingsContract} on the in-memory stores. */
class VariableMappingsTest extends VariableMappingsContract {
  private InMemorySessionStore sessions;
  private InMemoryProfileStore profiles;
  private InMemoryScenarioStore scenarios;
  private InMemoryPlanStore plans;

  @BeforeEach
  void fresh_stores() {
    sessions = new InMemorySessionStore();
    profiles = new InMemoryProfileStore();
    scenarios = new InMemoryScenarioStore();
    plans = new InMemoryPlanStore();
  }

  @Override
  protected ScenarioMigration.Builder builder() {
    return ScenarioMigration.builder().sessionStore(sessions).profileStore(profiles).scenarioStore(scenarios)
        .planStore(plans);
  }
}
