package org.scenariomigration.jdbc;

import org.junit.jupiter.api.Nested;

/**
 * Everything on PostgreSQL ({@code -Dsm.test.postgres.url}, default {@code 127.0.0.1:5432/test} as
 * {@code postgres}); skipped when unreachable unless {@code -Dsm.test.require-databases=true}.
 */
class PostgresCompatibilityTest extends CompatibilityTest {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
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
