package org.scenariomigration.spi;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown by a store when an optimistic-concurrency check fails: someone else changed the record first. The message
 * says what collided: tenant, kind of record, id, the expected revision or status and the one found; the getters give
 * each.
 */
public class ConcurrentUpdateException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String tenantId;
  private final String recordKind;
  private final String recordId;
  private final String expected;
  private final String found;

  /**
   * Creates the exception.
   *
   * @param tenantId the tenant
   * @param recordKind the kind of record: {@code session}, {@code plan} or {@code scenario}
   * @param recordId its id (the session id, plan id or scenario id)
   * @param expected what the write expected, for example {@code revision 3} or {@code status approved}
   * @param found what the store held, for example {@code revision 4} or {@code no session}
   */
  public ConcurrentUpdateException(String tenantId, String recordKind, String recordId, Object expected,
      Object found) {
    super(recordKind + " '" + recordId + "' of tenant '" + tenantId + "' was changed concurrently: expected "
        + expected + " but found " + found);
    this.tenantId = tenantId;
    this.recordKind = recordKind;
    this.recordId = recordId;
    this.expected = String.valueOf(expected);
    this.found = String.valueOf(found);
  }

  /** The tenant. */
  public String tenantId() {
    return tenantId;
  }

  /** The kind of record that collided: {@code session}, {@code plan} or {@code scenario}. */
  public String recordKind() {
    return recordKind;
  }

  /** The id of the record that collided (the session id for a session, and so on). */
  public String recordId() {
    return recordId;
  }

  /** What the write expected, for example {@code revision 3} or {@code status approved}. */
  public String expected() {
    return expected;
  }

  /** What the store held instead, for example {@code revision 4} or {@code no session}. */
  public String found() {
    return found;
  }
}
