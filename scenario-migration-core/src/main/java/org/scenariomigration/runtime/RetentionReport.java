package org.scenariomigration.runtime;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * What a retention run purged or kept.
 *
 * @param purgedVersions purged scenario versions, as {@code scenarioId@version}
 * @param purgedPlans ids of purged plans
 * @param expiredPlans ids of pending or approved plans marked expired
 * @param keptReferenced versions and plans kept because pending markers still reference them
 * @param sessionsUnmarked sessions whose markers were removed by a forced purge (they fall back to relocation)
 * @param endedSessionsDeleted ended sessions deleted, with their journal records, after
 *     {@code retention.session_retention_days}
 * @param journalRecordsDeleted journal records deleted after {@code retention.journal_retention_days}
 * @param journalRecordsKept journal records past {@code retention.journal_retention_days} kept because a deployed
 *     plan's rollback reads them
 * @param keptJournal why they were kept, one line per plan with its count
 * @param visitsDeleted rows of the full visit log deleted: older than {@code retention.visit_log_retention_days}
 *     (of every scenario of the tenant: the log is kept by tenant) or of the ended sessions deleted
 * @param keptVersions the versions old enough to be purged that were kept because they are not safe to retire, each
 *     with its drain status and the reasons ({@link VersionStatus#reasons()}); empty for a forced purge
 */
public record RetentionReport(List<String> purgedVersions, List<String> purgedPlans, List<String> expiredPlans,
    List<String> keptReferenced, long sessionsUnmarked, long endedSessionsDeleted, long journalRecordsDeleted,
    long journalRecordsKept, List<String> keptJournal, long visitsDeleted, List<VersionStatus> keptVersions) {

  /** Copies the lists. */
  public RetentionReport {
    keptVersions = keptVersions == null ? List.of() : ImmutableList.copyOf(keptVersions);
    purgedVersions = ImmutableList.copyOf(purgedVersions);
    purgedPlans = ImmutableList.copyOf(purgedPlans);
    expiredPlans = ImmutableList.copyOf(expiredPlans);
    keptReferenced = ImmutableList.copyOf(keptReferenced);
    keptJournal = keptJournal == null ? List.of() : ImmutableList.copyOf(keptJournal);
  }

  /** A report without the drain status of kept versions. */
  public RetentionReport(List<String> purgedVersions, List<String> purgedPlans, List<String> expiredPlans,
      List<String> keptReferenced, long sessionsUnmarked, long endedSessionsDeleted, long journalRecordsDeleted,
      long journalRecordsKept, List<String> keptJournal, long visitsDeleted) {
    this(purgedVersions, purgedPlans, expiredPlans, keptReferenced, sessionsUnmarked, endedSessionsDeleted,
        journalRecordsDeleted, journalRecordsKept, keptJournal, visitsDeleted, List.of());
  }

  /** A report without visit-log retention. */
  public RetentionReport(List<String> purgedVersions, List<String> purgedPlans, List<String> expiredPlans,
      List<String> keptReferenced, long sessionsUnmarked, long endedSessionsDeleted, long journalRecordsDeleted,
      long journalRecordsKept, List<String> keptJournal) {
    this(purgedVersions, purgedPlans, expiredPlans, keptReferenced, sessionsUnmarked, endedSessionsDeleted,
        journalRecordsDeleted, journalRecordsKept, keptJournal, 0);
  }

  /** A report of versions and plans only (no session or journal retention). */
  public RetentionReport(List<String> purgedVersions, List<String> purgedPlans, List<String> expiredPlans,
      List<String> keptReferenced, long sessionsUnmarked) {
    this(purgedVersions, purgedPlans, expiredPlans, keptReferenced, sessionsUnmarked, 0, 0, 0, List.of());
  }

  /** This report with the session and journal retention's counts. */
  public RetentionReport withRecords(long sessionsDeleted, long recordsDeleted, long recordsKept, List<String> why) {
    return new RetentionReport(purgedVersions, purgedPlans, expiredPlans, keptReferenced, sessionsUnmarked,
        sessionsDeleted, recordsDeleted, recordsKept, why, visitsDeleted, keptVersions);
  }

  /** This report with the visit-log retention's count. */
  public RetentionReport withVisitsDeleted(long count) {
    return new RetentionReport(purgedVersions, purgedPlans, expiredPlans, keptReferenced, sessionsUnmarked,
        endedSessionsDeleted, journalRecordsDeleted, journalRecordsKept, keptJournal, count, keptVersions);
  }
}
