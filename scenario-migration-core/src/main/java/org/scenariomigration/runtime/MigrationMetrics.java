package org.scenariomigration.runtime;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and timers a host binds to its own metrics system (Micrometer, Prometheus, ...): no metrics library in
 * core. It is a {@link MigrationListener} that counts events by type, plus timers of the reconcile slow path (the fast
 * path is not timed: timing it would cost more than it does). Read it with {@link ScenarioMigration#metrics()}.
 *
 * <p>Counter names: {@code plans_generated}, {@code plans_approved}, {@code plans_deployed},
 * {@code plans_rolled_back}, {@code sessions_marked}, {@code migrations_applied}, {@code gap_fills},
 * {@code gap_fills.profile}, {@code gap_fills.session}, {@code gap_fills.extraction}, {@code checkpoint_blocks},
 * {@code relocations}, {@code exits}, {@code rollbacks_applied}.
 */
public final class MigrationMetrics implements MigrationListener {
  private static final String[] GAP_FILL_NAMES = java.util.Arrays.stream(
      org.scenariomigration.spi.FilledField.Source.values()).map(x -> "gap_fills." + x.jsonName())
      .toArray(String[]::new);
  private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final LongAdder slowPathCount = new LongAdder();
  private final LongAdder slowPathNanos = new LongAdder();
  private final java.util.concurrent.atomic.AtomicLong slowPathMaxNanos = new java.util.concurrent.atomic.AtomicLong();

  MigrationMetrics() {}

  @Override
  public void onEvent(MigrationEvent e) {
    if (e instanceof MigrationEvent.PlanGenerated) {
      add("plans_generated", 1);
    } else if (e instanceof MigrationEvent.PlanApproved) {
      add("plans_approved", 1);
    } else if (e instanceof MigrationEvent.PlanDeployed) {
      add("plans_deployed", 1);
    } else if (e instanceof MigrationEvent.PlanRolledBack) {
      add("plans_rolled_back", 1);
    } else if (e instanceof MigrationEvent.SessionsMarked m) {
      add("sessions_marked", m.count());
    } else if (e instanceof MigrationEvent.MigrationApplied) {
      add("migrations_applied", 1);
    } else if (e instanceof MigrationEvent.GapFilled g) {
      add("gap_fills", 1);
      add(GAP_FILL_NAMES[g.source().ordinal()], 1);
    } else if (e instanceof MigrationEvent.CheckpointBlocked) {
      add("checkpoint_blocks", 1);
    } else if (e instanceof MigrationEvent.Relocated) {
      add("relocations", 1);
    } else if (e instanceof MigrationEvent.Exited) {
      add("exits", 1);
    } else if (e instanceof MigrationEvent.RolledBack) {
      add("rollbacks_applied", 1);
    } else if (e instanceof MigrationEvent.SessionMoved) {
      add("sessions_moved", 1);
    }
  }

  private void add(String name, long n) {
    counters.computeIfAbsent(name, k -> new LongAdder()).add(n);
  }

  void recordSlowPath(long nanos) {
    slowPathCount.increment();
    slowPathNanos.add(nanos);
    slowPathMaxNanos.accumulateAndGet(nanos, Math::max);
  }

  /** A counter's value; 0 when it never counted. */
  public long count(String name) {
    LongAdder a = counters.get(name);
    return a == null ? 0 : a.sum();
  }

  /** A snapshot of every counter. */
  public Map<String, Long> counters() {
    ImmutableMap.Builder<String, Long> b = ImmutableMap.builder();
    counters.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> b.put(e.getKey(), e.getValue().sum()));
    return b.build();
  }

  /** How many reconcile calls took the slow path (something was pending or the version was outdated). */
  public long slowPathCount() {
    return slowPathCount.sum();
  }

  /** Total nanoseconds spent in the reconcile slow path. */
  public long slowPathTotalNanos() {
    return slowPathNanos.sum();
  }

  /** The longest reconcile slow path, in nanoseconds. */
  public long slowPathMaxNanos() {
    return slowPathMaxNanos.get();
  }
}
