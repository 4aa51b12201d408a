package org.scenariomigration.jdbc;

import org.junit.jupiter.api.Nested;

/** Host integration on embedded H2: always runs. */
class H2HostTest extends HostTest {
  @Override
  protected TestDatabase database() {
    return TestDatabase.h2();
  }

  @Nested
  class HostTransaction extends HostTransactionTests {}

  @Nested
  class ConnectionUse extends ConnectionUseTests {}

  @Nested
  class FlywayRecipe extends FlywayRecipeTests {}
}
