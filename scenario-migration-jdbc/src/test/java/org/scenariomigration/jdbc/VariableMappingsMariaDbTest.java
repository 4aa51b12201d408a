package org.scenariomigration.jdbc;

/**
 * Variable mappings stored, applied and undone on MariaDb; skipped when unreachable unless
 * {@code -Dsm.test.require-databases=true}.
 */
class VariableMappingsMariaDbTest extends VariableMappingsJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
