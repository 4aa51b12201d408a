package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What a host may retry: {@link JdbcStoreException#isTransient()} and {@link JdbcStoreException#sqlState()}. */
class JdbcStoreExceptionTest {

  @ParameterizedTest(name = "state {0}, code {1}: transient {2}")
  @CsvSource({
      "40001, 0, true",      // serialization failure
      "40P01, 0, true",      // PostgreSQL deadlock
      "40000, 0, true",      // transaction rollback
      "40002, 0, false",     // integrity constraint violation at commit: retrying does not help
      "55P03, 0, true",      // PostgreSQL lock_not_available (lock_timeout)
      "08006, 0, true",      // connection failure
      "08S01, 0, true",      // communication link failure (MariaDB, MySQL)
      "57P01, 0, true",      // PostgreSQL admin shutdown
      "53300, 0, true",      // too many connections
      "HY000, 1205, true",   // MariaDB/MySQL lock wait timeout
      "40001, 1213, true",   // MariaDB/MySQL deadlock
      "HY000, 2013, true",   // MySQL lost connection during query
      "70100, 1927, true",   // MariaDB connection killed
      "HYT00, 50200, true",  // H2 lock timeout
      "90131, 90131, true",  // H2 concurrent update
      "23505, 0, false",     // unique violation
      "23000, 1062, false",  // MariaDB duplicate entry
      "42P01, 0, false",     // undefined table
      "42S02, 1146, false",  // MariaDB table does not exist
      "22001, 0, false",     // string too long
      "25P02, 0, false",     // in failed transaction: the earlier failure decides
  })
  void the_sql_state_and_vendor_code_decide_whether_a_failure_is_transient(String state, int code, boolean expected) {
    JdbcStoreException e = Jdbc.failure("find of session 's1' of tenant 't1'", new SQLException("boom", state, code));

    assertThat(e.isTransient()).isEqualTo(expected);
    assertThat(e.sqlState()).isEqualTo(state);
    assertThat(e.operation()).isEqualTo("find of session 's1' of tenant 't1'");
    assertThat(e).hasMessageContaining("find of session 's1'").hasMessageContaining("(sql state " + state + ")");
  }

  @Test
  void the_drivers_transient_and_recoverable_exceptions_are_transient_whatever_their_state() {
    // HikariCP's "Connection is not available, request timed out after 250ms." has no state
    assertThat(new JdbcStoreException("op", "x", new SQLTransientConnectionException("timed out")).isTransient())
        .isTrue();
    assertThat(new JdbcStoreException("op", "x", new SQLRecoverableException("reconnect")).isTransient()).isTrue();
    assertThat(new JdbcStoreException("op", "x", new SQLTransientConnectionException("timed out")).sqlState()).isNull();
  }

  @Test
  void the_state_is_found_down_the_cause_chain_and_in_next_exceptions() {
    SQLException deadlock = new SQLException("deadlock detected", "40P01");
    BatchUpdateException batch = new BatchUpdateException("batch entry 0 was aborted", null, 0, new int[0], null);
    batch.setNextException(deadlock);
    JdbcStoreException e = new JdbcStoreException("commit of 2 sessions", "commit of 2 sessions failed",
        new RuntimeException("wrapped", batch));

    assertThat(e.sqlState()).isEqualTo("40P01");
    assertThat(e.isTransient()).isTrue();
  }

  @Test
  void an_exception_without_a_driver_cause_is_not_transient_and_has_no_state() {
    JdbcStoreException unsupported = new JdbcStoreException("dialect detection", "unsupported database product 'Foo'");
    assertThat(unsupported.isTransient()).isFalse();
    assertThat(unsupported.sqlState()).isNull();
    assertThat(unsupported.operation()).isEqualTo("dialect detection");
    assertThat(new JdbcStoreException("op", "x", new IllegalStateException("y")).isTransient()).isFalse();
    SQLException cycle = new SQLException("a", "42000");
    cycle.setNextException(cycle);
    assertThat(new JdbcStoreException("op", "x", cycle).isTransient()).isFalse();
  }
}
