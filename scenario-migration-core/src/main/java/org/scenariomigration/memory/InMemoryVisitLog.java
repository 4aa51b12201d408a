package org.scenariomigration.memory;

import org.scenariomigration.spi.LoggedVisit;
import org.scenariomigration.spi.VisitConflictException;
import org.scenariomigration.spi.VisitLog;
import org.scenariomigration.spi.VisitPage;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/**
 * The visit log in the heap: by tenant, by session, by ordinal. Thread-safe. For tests and single-node hosts that keep
 * everything in memory; its rows are as lost as the in-memory stores' sessions when the process ends.
 */
public final class InMemoryVisitLog implements VisitLog {
  private final Map<String, Map<String, NavigableMap<Long, LoggedVisit>>> tenants = new ConcurrentHashMap<>();

  /** An empty log. */
  public InMemoryVisitLog() {}

  @Override
  public void append(String tenantId, String sessionId, LoggedVisit visit) {
    Ids.require(IdKind.TENANT, tenantId);
    Ids.require(IdKind.SESSION, sessionId);
    requireNonNull(visit, "visit must not be null");
    NavigableMap<Long, LoggedVisit> log = tenants.computeIfAbsent(tenantId, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(sessionId, k -> new ConcurrentSkipListMap<>());
    LoggedVisit stored = log.putIfAbsent(visit.ordinal(), visit);
    if (stored != null && !stored.equals(visit)) {
      throw new VisitConflictException(tenantId, sessionId, stored, visit);
    }
  }

  @Override
  public VisitPage visits(String tenantId, String sessionId, long afterOrdinal, int limit) {
    VisitLog.requireAfterOrdinal(afterOrdinal);
    VisitLog.requireLimit(limit);
    Map<String, NavigableMap<Long, LoggedVisit>> t = tenants.get(requireNonNull(tenantId, "tenantId"));
    NavigableMap<Long, LoggedVisit> log = t == null ? null : t.get(requireNonNull(sessionId, "sessionId"));
    if (log == null) {
      return new VisitPage(List.of(), false);
    }
    List<LoggedVisit> page = new ArrayList<>(Math.min(limit, 64));
    for (LoggedVisit v : log.tailMap(afterOrdinal, false).values()) {
      if (page.size() == limit) {
        return new VisitPage(page, true);
      }
      page.add(v);
    }
    return new VisitPage(page, false);
  }

  @Override
  public int deleteSessions(String tenantId, List<String> sessionIds) {
    requireNonNull(sessionIds, "sessionIds must not be null");
    Map<String, NavigableMap<Long, LoggedVisit>> t = tenants.get(requireNonNull(tenantId, "tenantId"));
    int n = 0;
    for (String id : sessionIds) {
      NavigableMap<Long, LoggedVisit> log = t == null ? null : t.remove(requireNonNull(id, "sessionId"));
      n += log == null ? 0 : log.size();
    }
    return n;
  }

  @Override
  public int deleteOlderThan(String tenantId, Instant cutoff, int limit) {
    VisitLog.requireLimit(limit);
    requireNonNull(cutoff, "cutoff must not be null");
    Map<String, NavigableMap<Long, LoggedVisit>> t = tenants.get(requireNonNull(tenantId, "tenantId"));
    if (t == null) {
      return 0;
    }
    record Row(String sessionId, LoggedVisit visit) {}
    List<Row> old = new ArrayList<>();
    t.forEach((session, log) -> log.values().stream().filter(v -> v.visitedAt().isBefore(cutoff))
        .forEach(v -> old.add(new Row(session, v))));
    old.sort(Comparator.comparing((Row r) -> r.visit().visitedAt()).thenComparing(Row::sessionId)
        .thenComparingLong(r -> r.visit().ordinal()));
    int n = 0;
    for (Row r : old.subList(0, Math.min(limit, old.size()))) {
      NavigableMap<Long, LoggedVisit> log = t.get(r.sessionId());
      if (log != null && log.remove(r.visit().ordinal(), r.visit())) {
        n++;
      }
    }
    return n;
  }

  @Override
  public int deleteCustomer(String tenantId, String customerId) {
    requireNonNull(customerId, "customerId must not be null");
    Map<String, NavigableMap<Long, LoggedVisit>> t = tenants.get(requireNonNull(tenantId, "tenantId"));
    if (t == null) {
      return 0;
    }
    int n = 0;
    for (NavigableMap<Long, LoggedVisit> log : t.values()) {
      for (LoggedVisit v : log.values()) {
        if (v.customerId().equals(customerId) && log.remove(v.ordinal(), v)) {
          n++;
        }
      }
    }
    return n;
  }
}
