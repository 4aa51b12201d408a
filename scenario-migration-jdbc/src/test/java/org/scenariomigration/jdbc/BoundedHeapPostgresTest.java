package org.scenariomigration.jdbc;

/**
 * {@link BoundedHeapTest} on PostgreSQL; skipped when unreachable unless {@code -Dsm.test.require-databases=true}.
 * 250 sessions of 1,000 visits migrate unless {@code -Dsm.test.heap.full=true} (1,000 of them): each costs three
 * commits of its 236 kB history (its insert, its migration with the history in the row and twice in the journal
 * record, its advance), about 70 ms on this machine's PostgreSQL, and 1,000 of them take longer than the build can
 * spend on one test. The heap a session needs does not depend on how many others migrated before it.
 */
class BoundedHeapPostgresTest extends BoundedHeapTest {
  @Override
  int sessions() {
    return Boolean.getBoolean("sm.test.heap.full") ? SESSIONS : 250;
  }

  @Override
  String database() {
    return "postgresql";
  }
}
