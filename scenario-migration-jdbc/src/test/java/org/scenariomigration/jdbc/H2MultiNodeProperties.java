package org.scenariomigration.jdbc;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.scenariomigration.runtime.MultiNodeModel;

/** {@link MultiNodeModel} on H2: two or three nodes, each with its own JDBC stores and caches, one database. */
class H2MultiNodeProperties {
  static TestDatabase db;
  static MultiNodeRuns runs;

  @BeforeContainer
  static void create_the_schema() {
    db = TestDatabase.h2();
    runs = new MultiNodeRuns(db.dataSource(), TestDatabase.uniquePrefix());
  }

  @AfterContainer
  static void drop_the_schema() {
    runs.drop(db);
  }

  @Provide
  Arbitrary<List<MultiNodeModel.Step>> steps() {
    return MultiNodeModel.runs(3);
  }

  @Property(tries = 120)
  void no_node_writes_from_a_stale_view_and_every_deployment_reaches_every_session_once(
      @ForAll("steps") List<MultiNodeModel.Step> steps) {
    runs.run(steps, 2 + Math.floorMod(steps.size(), 2));
  }
}
