package org.scenariomigration.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/**
 * That a customer's personal data was erased ({@code ScenarioMigration.forgetCustomer}): who asked, when, and how much
 * was removed. It holds no personal data, not even the customer's id: it is kept after the erasure as its proof, and
 * is what the call returns.
 *
 * @param id the record's id (random)
 * @param tenantId the tenant
 * @param requestedBy who asked for the erasure (an operator or a system, as the host names it)
 * @param at when the erasure was made
 * @param sessions sessions of the customer whose variables were erased (all of them, whether they had any or not)
 * @param variables variables removed from those sessions
 * @param journalRecords journal records of those sessions whose before and after values or filled fields were erased
 * @param profileFields profile fields removed
 * @param visits rows of the full visit log ({@link VisitLog}) of the customer's sessions removed
 */
public record ErasureRecord(String id, String tenantId, String requestedBy, Instant at, int sessions, int variables,
    int journalRecords, int profileFields, int visits) {

  /** A record that removed no visit-log rows. */
  public ErasureRecord(String id, String tenantId, String requestedBy, Instant at, int sessions, int variables,
      int journalRecords, int profileFields) {
    this(id, tenantId, requestedBy, at, sessions, variables, journalRecords, profileFields, 0);
  }

  /** Validates the components. */
  public ErasureRecord {
    requireNonNull(id, "id");
    Ids.require(IdKind.TENANT, tenantId);
    requireNonNull(requestedBy, "requestedBy");
    requireNonNull(at, "at");
  }

  /** What the stores removed, as counts; filled in by {@link SessionStore#eraseCustomer}. */
  public ErasureRecord withSessionData(int sessionCount, int variableCount, int journalRecordCount) {
    return new ErasureRecord(id, tenantId, requestedBy, at, sessionCount, variableCount, journalRecordCount,
        profileFields, visits);
  }

  /** With the number of profile fields removed. */
  public ErasureRecord withProfileFields(int count) {
    return new ErasureRecord(id, tenantId, requestedBy, at, sessions, variables, journalRecords, count, visits);
  }

  /** With the number of visit-log rows removed. */
  public ErasureRecord withVisits(int count) {
    return new ErasureRecord(id, tenantId, requestedBy, at, sessions, variables, journalRecords, profileFields,
        count);
  }
}
