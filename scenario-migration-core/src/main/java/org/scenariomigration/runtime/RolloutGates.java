package org.scenariomigration.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scenariomigration.plan.RolloutSchedule;
import org.scenariomigration.spi.JournalRecord;

/**
 * The health gates of a rollout, computed from a plan's journal records (its moves and the host's failure reports).
 * Package-private: {@link RolloutStatus.GateValue} is what the status shows.
 *
 * @param settled records of sessions the plan settled: migrated, relocated, blocked by a checkpoint, pinned, exited
 * @param applied sessions migrated or relocated
 * @param migrated sessions migrated
 * @param disrupted sessions exited, relocated or blocked by a checkpoint
 * @param collected migrations that asked the customer for a field
 * @param failed distinct sessions the host reported failing ({@link JournalRecord.Kind#HOST_FAILURE})
 */
record RolloutGates(long settled, long applied, long migrated, long disrupted, long collected, long failed) {

  static RolloutGates of(List<JournalRecord> records) {
    long settled = 0;
    long applied = 0;
    long migrated = 0;
    long disrupted = 0;
    long collected = 0;
    Set<String> failed = new HashSet<>();
    for (JournalRecord r : records) {
      switch (r.kind()) {
        case MIGRATED -> {
          settled++;
          applied++;
          migrated++;
          collected += r.askedFields().isEmpty() ? 0 : 1;
        }
        case RELOCATED -> {
          settled++;
          applied++;
          disrupted++;
        }
        case EXITED -> {
          settled++;
          disrupted++;
        }
        case CHECKPOINT_BLOCKED -> {
          // a rollback that a checkpoint blocked is about a session counted as migrated already
          if (r.before().pending() == null || !r.before().pending().rollback()) {
            settled++;
            disrupted++;
          }
        }
        case PINNED -> settled++;
        case HOST_FAILURE -> failed.add(r.sessionId());
        default -> { }
      }
    }
    return new RolloutGates(settled, applied, migrated, disrupted, collected, failed.size());
  }

  /** Each gate of {@code schedule} with its value now. */
  List<RolloutStatus.GateValue> values(RolloutSchedule schedule) {
    List<RolloutStatus.GateValue> out = new ArrayList<>();
    for (Map.Entry<RolloutSchedule.Gate, Double> g : schedule.gates().entrySet()) {
      long over = switch (g.getKey()) {
        case DISRUPTION_RATE -> settled;
        case COLLECT_RATE -> migrated;
        case FAILURE_RATE -> applied;
      };
      long count = switch (g.getKey()) {
        case DISRUPTION_RATE -> disrupted;
        case COLLECT_RATE -> collected;
        case FAILURE_RATE -> failed;
      };
      double value = over == 0 ? 0 : Math.min(1.0, (double) count / over);
      boolean judged = settled >= schedule.gateMinSessions();
      out.add(new RolloutStatus.GateValue(g.getKey(), value, g.getValue(), over, !judged || value <= g.getValue()));
    }
    return out;
  }
}
