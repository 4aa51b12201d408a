package org.scenariomigration.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.scenariomigration.MovableClock;
import org.scenariomigration.memory.InMemoryPlanStore;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.memory.InMemoryScenarioStore;
import org.scenariomigration.memory.InMemorySessionStore;

/**
 * Two or three nodes (engines with caches of their own) on one set of in-memory stores, through random interleavings
 * of deploys, widened rollouts, rollbacks, versions made current, host progress, messages on any node and time
 * passing: the checks of {@link MultiNodeModel} hold after every step.
 */
class MultiNodeProperties {
  private static final AtomicInteger TENANTS = new AtomicInteger();

  @Provide
  Arbitrary<List<MultiNodeModel.Step>> runs() {
    return MultiNodeModel.runs(3);
  }

  @Property(tries = 1000)
  void no_node_writes_from_a_stale_view_and_every_deployment_reaches_every_session_once(
      @ForAll("runs") List<MultiNodeModel.Step> steps) {
    MovableClock clock = new MovableClock(RuntimeFixtures.T0);
    InMemorySessionStore sessions = new InMemorySessionStore();
    InMemoryScenarioStore scenarios = new InMemoryScenarioStore();
    InMemoryPlanStore plans = new InMemoryPlanStore();
    InMemoryProfileStore profiles = new InMemoryProfileStore();
    int count = 2 + Math.floorMod(steps.size(), 2);
    List<ScenarioMigration> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(ScenarioMigration.builder().config(MigrationInvariantProperties.config()).clock(clock)
          .sessionStore(sessions).scenarioStore(scenarios).planStore(plans).profileStore(profiles).build());
    }
    MultiNodeModel.run("tenant-" + TENANTS.incrementAndGet(), nodes,
        new MultiNodeModel.Shared(sessions, sessions, scenarios, plans), clock, Duration.ZERO, steps);
  }
}
