package org.scenariomigration.jdbc;

import org.junit.jupiter.api.Nested;

/** Host integration on PostgreSQL; skipped when unreachable unless {@code -Dsm.test.require-databases=true}. */
class PostgresHostTest extends HostTest {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
  }

  @Nested
  class HostTransaction extends HostTransactionTests {}

  @Nested
  class ConnectionUse extends ConnectionUseTests {}

  @Nested
  class FlywayRecipe extends FlywayRecipeTests {}
}
