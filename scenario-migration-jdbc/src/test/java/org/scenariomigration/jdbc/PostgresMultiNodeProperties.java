package org.scenariomigration.jdbc;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.opentest4j.TestAbortedException;
import org.scenariomigration.runtime.MultiNodeModel;

/**
 * {@link MultiNodeModel} on PostgreSQL: two or three nodes, each with its own JDBC stores and caches, one database.
 * Fewer tries than in memory and on H2: each step is a few round trips to the server. Reported as skipped when
 * PostgreSQL is unreachable (see {@link TestDatabase}).
 */
class PostgresMultiNodeProperties {
  static TestDatabase db;
  static String unreachable;
  static MultiNodeRuns runs;

  @BeforeContainer
  static void create_the_schema() {
    db = TestDatabase.postgres();
    unreachable = db.unreachableReason();
    if (unreachable == null) {
      runs = new MultiNodeRuns(db.dataSource(), TestDatabase.uniquePrefix());
    }
  }

  @AfterContainer
  static void drop_the_schema() {
    if (runs != null) {
      runs.drop(db);
    }
  }

  @Provide
  Arbitrary<List<MultiNodeModel.Step>> steps() {
    return MultiNodeModel.runs(3);
  }

  @Property(tries = 40)
  void no_node_writes_from_a_stale_view_and_every_deployment_reaches_every_session_once(
      @ForAll("steps") List<MultiNodeModel.Step> steps) {
    if (unreachable != null) {
      throw new TestAbortedException(unreachable);
    }
    runs.run(steps, 2 + Math.floorMod(steps.size(), 2));
  }
}
