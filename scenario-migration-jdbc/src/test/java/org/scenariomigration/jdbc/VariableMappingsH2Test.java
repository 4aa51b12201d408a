package org.scenariomigration.jdbc;

/**
 * Variable mappings stored, applied and undone on H2; skipped when unreachable unless
 * {@code -Dsm.test.require-databases=true}.
 */
class VariableMappingsH2Test extends VariableMappingsJdbc {
  @Override
  protected TestDatabase database() {
    return TestDatabase.h2();
  }
}
