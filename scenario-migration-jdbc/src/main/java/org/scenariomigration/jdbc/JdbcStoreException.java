package org.scenariomigration.jdbc;

import org.scenariomigration.ScenarioMigrationException;

/**
 * A database operation of the JDBC stores failed for a reason other than a concurrent update or a duplicate record:
 * the connection was lost, a statement failed, the schema is missing. The message names the operation, for example
 * {@code commit of session 's1' of tenant 't1' failed: ...}, and the cause is the driver's exception. A failed
 * operation leaves no partial state: whatever it wrote in its transaction is rolled back.
 */
public class JdbcStoreException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public JdbcStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates the exception without a cause. */
  public JdbcStoreException(String message) {
    super(message);
  }
}
