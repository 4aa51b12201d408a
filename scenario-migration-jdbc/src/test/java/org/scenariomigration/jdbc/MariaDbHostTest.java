package org.scenariomigration.jdbc;

import org.junit.jupiter.api.Nested;

/** Host integration on MariaDB; skipped when unreachable unless {@code -Dsm.test.require-databases=true}. */
class MariaDbHostTest extends HostTest {
  @Override
  protected TestDatabase database() {
    return TestDatabase.mariadb();
  }

  @Nested
  class HostTransaction extends HostTransactionTests {}

  @Nested
  class ConnectionUse extends ConnectionUseTests {}

  @Nested
  class FlywayRecipe extends FlywayRecipeTests {}
}
