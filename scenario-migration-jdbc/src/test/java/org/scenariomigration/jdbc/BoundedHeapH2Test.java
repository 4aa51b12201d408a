package org.scenariomigration.jdbc;

/** {@link BoundedHeapTest} on an H2 file database (an in-memory one would live in the 256 MB heap itself). */
class BoundedHeapH2Test extends BoundedHeapTest {
  @Override
  String database() {
    return "h2";
  }
}
