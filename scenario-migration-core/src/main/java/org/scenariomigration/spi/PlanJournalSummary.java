package org.scenariomigration.spi;

import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.scenariomigration.scenario.MigrationScenario;

/**
 * Aggregate counts of a plan's journal records.
 *
 * @param byKind records per kind
 * @param migratedByScenario {@link JournalRecord.Kind#MIGRATED} records per migration class
 * @param lastMigrationAt the time of the newest MIGRATED or RELOCATED record, or {@code null}
 */
public record PlanJournalSummary(Map<JournalRecord.Kind, Long> byKind,
    Map<MigrationScenario, Long> migratedByScenario, Instant lastMigrationAt) {

  /** Copies the maps. */
  public PlanJournalSummary {
    byKind = ImmutableMap.copyOf(byKind);
    migratedByScenario = ImmutableMap.copyOf(migratedByScenario);
  }

  /** Folds records into a summary. */
  public static PlanJournalSummary of(List<JournalRecord> records) {
    Map<JournalRecord.Kind, Long> kinds = new EnumMap<>(JournalRecord.Kind.class);
    Map<MigrationScenario, Long> scenarios = new EnumMap<>(MigrationScenario.class);
    Instant last = null;
    for (JournalRecord r : records) {
      kinds.merge(r.kind(), 1L, Long::sum);
      if (r.kind() == JournalRecord.Kind.MIGRATED && r.migrationScenario() != null) {
        scenarios.merge(r.migrationScenario(), 1L, Long::sum);
      }
      if ((r.kind() == JournalRecord.Kind.MIGRATED || r.kind() == JournalRecord.Kind.RELOCATED)
          && (last == null || r.at().isAfter(last))) {
        last = r.at();
      }
    }
    return new PlanJournalSummary(kinds, scenarios, last);
  }

  /** The number of records of a kind. */
  public long count(JournalRecord.Kind kind) {
    return byKind.getOrDefault(kind, 0L);
  }
}
