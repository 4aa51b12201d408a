package org.scenariomigration.jdbc;

/**
 * Variable mappings stored, applied and undone on Postgres; skipped when unreachable unless
 * {@code -Dsm.test.require-databases=true}.
 */
class VariableMappingsPostgresTest extends VariableMappingsJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
  }
}
