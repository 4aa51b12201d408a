package org.scenariomigration.spi;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown by a store when a record that must be new already exists (a session id, a plan id, a journal record id), or
 * when a scenario version is saved again with different content. Nothing is changed. The getters name the tenant, the
 * kind of record and its id.
 */
public class DuplicateRecordException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String tenantId;
  private final String recordKind;
  private final String recordId;

  /**
   * Creates the exception.
   *
   * @param tenantId the tenant
   * @param recordKind the kind of record: {@code session}, {@code plan}, {@code journal record},
   *     {@code scenario version} or {@code visit}
   * @param recordId its id: the session, plan or journal record id; for a scenario version the scenario id; for a
   *     visit the session id
   * @param message the whole message
   */
  public DuplicateRecordException(String tenantId, String recordKind, String recordId, String message) {
    super(message);
    this.tenantId = tenantId;
    this.recordKind = recordKind;
    this.recordId = recordId;
  }

  /** The tenant. */
  public String tenantId() {
    return tenantId;
  }

  /**
   * The kind of record: {@code session}, {@code plan}, {@code journal record}, {@code scenario version} or
   * {@code visit}.
   */
  public String recordKind() {
    return recordKind;
  }

  /** The record's id: for a scenario version the scenario id, for a visit the session id. */
  public String recordId() {
    return recordId;
  }
}
