package org.scenariomigration.spi;

/**
 * Thrown by {@link VisitLog#append} when the session's log holds a different visit under the same ordinal (an
 * identical one is a retried write and changes nothing). The message names the tenant, the session, the ordinal and
 * both visits; nothing is changed.
 */
public class VisitConflictException extends DuplicateRecordException {
  private static final long serialVersionUID = 1L;

  private final long ordinal;
  private final transient LoggedVisit stored;
  private final transient LoggedVisit offered;

  /** Creates the exception for {@code offered}, refused because {@code stored} holds its ordinal. */
  public VisitConflictException(String tenantId, String sessionId, LoggedVisit stored, LoggedVisit offered) {
    super(tenantId, "visit", sessionId, "the visit log of session '" + sessionId + "' of tenant '" + tenantId
        + "' holds visit " + stored.ordinal() + " already, and differently: stored " + stored + ", offered "
        + offered);
    this.ordinal = stored.ordinal();
    this.stored = stored;
    this.offered = offered;
  }

  /** The session whose log refused the visit (the same as {@link #recordId()}). */
  public String sessionId() {
    return recordId();
  }

  /** The ordinal both visits claim. */
  public long ordinal() {
    return ordinal;
  }

  /** The visit the log holds under that ordinal ({@code null} in a deserialized copy). */
  public LoggedVisit stored() {
    return stored;
  }

  /** The visit that was refused ({@code null} in a deserialized copy). */
  public LoggedVisit offered() {
    return offered;
  }
}
