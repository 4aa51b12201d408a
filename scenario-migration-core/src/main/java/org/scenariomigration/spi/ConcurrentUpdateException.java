package org.scenariomigration.spi;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown by a store when an optimistic-concurrency check fails: someone else changed the record first. The message
 * says what collided: tenant, kind of record, id, the expected revision or status and the one found.
 */
public class ConcurrentUpdateException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ConcurrentUpdateException(String tenantId, String what, String id, Object expected, Object actual) {
    super(what + " '" + id + "' of tenant '" + tenantId + "' was changed concurrently: expected " + expected
        + " but found " + actual);
  }
}
