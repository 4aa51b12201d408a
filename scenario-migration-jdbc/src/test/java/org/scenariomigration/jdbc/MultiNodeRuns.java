package org.scenariomigration.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.scenariomigration.MovableClock;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.MultiNodeModel;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.UnitOfWork;

/**
 * {@link MultiNodeModel} on one database: every node a {@link ScenarioMigration} on {@link JdbcStores} of its own
 * (its own caches, the current version kept for {@link #TTL}), one schema for all tries, a tenant per try. Nodes 0 and
 * 2 run operator calls in one transaction ({@link JdbcStores#unitOfWork()}), node 1 without.
 */
final class MultiNodeRuns {
  /** The time to live of every node's current-version cache. */
  static final Duration TTL = Duration.ofSeconds(1);
  private static final AtomicInteger TENANTS = new AtomicInteger();

  private final DataSource dataSource;
  private final String prefix;
  private final JdbcStores owner;

  MultiNodeRuns(DataSource dataSource, String prefix) {
    this.dataSource = dataSource;
    this.prefix = prefix;
    this.owner = JdbcStores.builder(dataSource).tablePrefix(prefix).build();
  }

  void run(List<MultiNodeModel.Step> steps, int nodes) {
    MovableClock clock = new MovableClock(Fixtures.T0);
    List<ScenarioMigration> engines = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      JdbcStores s = JdbcStores.builder(dataSource).tablePrefix(prefix).dialect(owner.dialect())
          .createSchema(false).clock(clock).currentVersionCacheTtl(TTL).build();
      engines.add(ScenarioMigration.builder().clock(clock)
          .config(MigrationConfig.custom()
              .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build())
          .sessionStore(s.sessionStore()).scenarioStore(s.scenarioStore()).planStore(s.planStore())
          .profileStore(s.profileStore())
          // every other node runs its operator calls in one transaction (ScenarioMigration.builder().stores(JdbcStores)), the others
          // as resumable sequences: both kinds of node share the database in one run
          .unitOfWork(i % 2 == 0 ? s.unitOfWork() : UnitOfWork.NONE).build());
    }
    MultiNodeModel.run("tenant-" + TENANTS.incrementAndGet(), engines, new MultiNodeModel.Shared(
        owner.sessionStore(), owner.sessionStore(), owner.scenarioStore(), owner.planStore()), clock, TTL, steps);
  }

  void drop(TestDatabase db) {
    owner.downgradeSchema(0);
    db.dropBookkeeping(dataSource, prefix);
  }
}
