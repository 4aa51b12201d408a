package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.scenariomigration.spi.StoreFixtures;

/**
 * Everything on PostgreSQL again, through a pool whose connections come with auto-commit off and no transaction
 * manager (HikariCP {@code autoCommit=false}; db-scheduler's no-autocommit variant): the stores are built with
 * {@code commitWhenAutoCommitOff(true)}, commit every operation's work themselves and never switch auto-commit, and
 * the pool rolls back what was left uncommitted when a connection comes back. Skipped when PostgreSQL is unreachable
 * unless {@code -Dsm.test.require-databases=true}.
 */
class PostgresNoAutoCommitCompatibilityTest extends CompatibilityTest {
  @Override
  protected TestDatabase database() {
    return TestDatabase.postgres();
  }

  @Override
  protected boolean autoCommitOff() {
    return true;
  }

  @Test
  void the_pool_hands_out_connections_with_auto_commit_off_and_the_stores_commit_their_writes() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      assertThat(c.getAutoCommit()).isFalse();
    }
    freshStores().sessionStore().insert(StoreFixtures.session(TENANT, "s1", "checkout"));

    assertThat(db.count(plain, prefix + "sessions")).isEqualTo(1);
  }

  @Test
  void without_commit_when_auto_commit_off_the_stores_commit_nothing_and_the_pool_rolls_their_writes_back() {
    freshStores();
    JdbcStores joined = JdbcStores.builder(dataSource).tablePrefix(prefix).dialect(owner.dialect())
        .createSchema(false).build();

    joined.sessionStore().insert(StoreFixtures.session(TENANT, "s1", "checkout"));

    assertThat(db.count(plain, prefix + "sessions")).isZero();
  }

  @Nested
  class SessionStore extends SessionStoreSuite {}

  @Nested
  class VisitLog extends VisitLogSuite {}

  @Nested
  class ScenarioStore extends ScenarioStoreSuite {}

  @Nested
  class PlanStore extends PlanStoreSuite {}

  @Nested
  class ProfileStore extends ProfileStoreSuite {}

  @Nested
  class ThroughScenarioMigration extends ThroughScenarioMigrationTests {}

  @Nested
  class HotPath extends HotPathTests {}

  @Nested
  class Faults extends FaultTests {}

  @Nested
  class Values extends ValueTests {}

  @Nested
  class Schema extends SchemaTests {}
}
