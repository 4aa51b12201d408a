package org.scenariomigration.spi;

import java.time.Instant;
import java.util.List;

/**
 * The full visit log, when a host wants it ({@code sessions.visit_log = true}; off by default): every visit of every
 * session, one append per visit, kept outside the session's state, so that the per-message read never carries it.
 * Read it page by page with {@link #visits}; {@code ScenarioMigration.purge} deletes rows older than
 * {@code retention.visit_log_retention_days} ({@link #deleteOlderThan}) and the rows of the ended sessions it deletes
 * ({@link #deleteSessions}); {@code ScenarioMigration.forgetCustomer} deletes the customer's rows
 * ({@link #deleteCustomer}).
 *
 * <p>The library appends a visit in the same unit of work as the session write that made it (one transaction with
 * the JDBC stores and their unit of work). Scoped by tenant like every store. Ids follow {@link StoredIds}: an append
 * with an id that breaks the grammar throws {@link org.scenariomigration.InvalidIdException}, a read or delete by one
 * finds nothing. An argument out of range throws {@link InvalidVisitLogRequestException} naming it. Implementations
 * must pass the contract suite {@code VisitLogContract} in the core test-jar.
 */
public interface VisitLog {

  /**
   * Appends one visit of a session. Ordinals are unique per session and may arrive out of order; the same visit again
   * (a retried write) changes nothing.
   *
   * @throws VisitConflictException when the session's log holds another visit under {@code visit.ordinal()}; nothing
   *     is changed
   * @throws org.scenariomigration.InvalidIdException when the tenant or session id breaks the id grammar
   */
  void append(String tenantId, String sessionId, LoggedVisit visit);

  /**
   * A page of a session's visits, oldest first: those whose ordinal is above {@code afterOrdinal} ({@code -1}: from
   * the first), at most {@code limit}. The next page is read after {@link VisitPage#nextAfter}.
   *
   * @throws InvalidVisitLogRequestException when {@code afterOrdinal} is below -1 or {@code limit} below 1
   */
  VisitPage visits(String tenantId, String sessionId, long afterOrdinal, int limit);

  /** Deletes every visit of the sessions (of the tenant) and returns how many. */
  int deleteSessions(String tenantId, List<String> sessionIds);

  /** Deletes every visit of a session and returns how many. */
  default int deleteSession(String tenantId, String sessionId) {
    return deleteSessions(tenantId, List.of(java.util.Objects.requireNonNull(sessionId, "sessionId")));
  }

  /**
   * Deletes visits of the tenant made before {@code cutoff}, at most {@code limit} of them (the oldest first), and
   * returns how many: the caller calls again until it returns less than {@code limit}.
   *
   * @throws InvalidVisitLogRequestException when {@code limit} is below 1
   */
  int deleteOlderThan(String tenantId, Instant cutoff, int limit);

  /** Deletes every visit of the customer's sessions (of the tenant), for erasure, and returns how many. */
  int deleteCustomer(String tenantId, String customerId);

  /**
   * Checks a page or delete limit.
   *
   * @return {@code limit}
   * @throws InvalidVisitLogRequestException when it is below 1
   */
  static int requireLimit(int limit) {
    if (limit < 1) {
      throw new InvalidVisitLogRequestException("limit", limit,
          "the limit of a visit log read or delete must be at least 1 but was " + limit);
    }
    return limit;
  }

  /**
   * Checks the ordinal a page is read after.
   *
   * @return {@code afterOrdinal}
   * @throws InvalidVisitLogRequestException when it is below -1
   */
  static long requireAfterOrdinal(long afterOrdinal) {
    if (afterOrdinal < -1) {
      throw new InvalidVisitLogRequestException("afterOrdinal", afterOrdinal,
          "afterOrdinal of a visit log read must be -1 (from the first) or more"
          + " but was " + afterOrdinal);
    }
    return afterOrdinal;
  }
}
