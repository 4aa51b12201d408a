package org.scenariomigration.jdbc;

import org.junit.jupiter.api.Nested;

/** Everything on embedded H2, in memory: always runs. */
class H2CompatibilityTest extends CompatibilityTest {
  @Override
  protected TestDatabase database() {
    return TestDatabase.h2();
  }

  @Nested
  class SessionStore extends SessionStoreSuite {}

  @Nested
  class VisitLog extends VisitLogSuite {}

  @Nested
  class ScenarioStore extends ScenarioStoreSuite {}

  @Nested
  class PlanStore extends PlanStoreSuite {}

  @Nested
  class ProfileStore extends ProfileStoreSuite {}

  @Nested
  class ThroughScenarioMigration extends ThroughScenarioMigrationTests {}

  @Nested
  class HotPath extends HotPathTests {}

  @Nested
  class Faults extends FaultTests {}

  @Nested
  class Values extends ValueTests {}

  @Nested
  class Schema extends SchemaTests {}
}
