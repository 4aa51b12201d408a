package org.scenariomigration.spi;

/**
 * Thrown by {@link VisitLog#append} when the session's log holds a different visit under the same ordinal (an
 * identical one is a retried write and changes nothing). The message names the tenant, the session, the ordinal and
 * both visits; nothing is changed.
 */
public class VisitConflictException extends DuplicateRecordException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code offered}, refused because {@code stored} holds its ordinal. */
  public VisitConflictException(String tenantId, String sessionId, LoggedVisit stored, LoggedVisit offered) {
    super("the visit log of session '" + sessionId + "' of tenant '" + tenantId + "' holds visit "
        + stored.ordinal() + " already, and differently: stored " + stored + ", offered " + offered);
  }
}
