package org.scenariomigration.memory;

import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.MarkedPage;
import org.scenariomigration.spi.SessionCommit;
import static org.scenariomigration.spi.SessionStore.ANY_GENERATION;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A page claimed from the in-memory session store ({@link InMemorySessionStore#claimMarked},
 * {@link InMemorySessionStore#claimEligible}), as a database store claims one: another open page's sessions are
 * skipped, the page's writes go through at once (there are no transactions here) and {@link #close} without
 * {@link #commitAll} undoes the page's updates that nobody wrote over since.
 */
final class MemoryPage implements MarkedPage {
  private final InMemorySessionStore store;
  private final String tenantId;
  /** The store's sessions, by tenant and id. */
  private final Map<String, ? extends Map<String, SessionState>> all;
  private final Set<String> held;
  private final List<SessionState> sessions;
  /** The state before the page's first update of each session, and the revision its last update wrote. */
  private final Map<String, SessionState> undo = new LinkedHashMap<>();
  private final Map<String, Long> written = new HashMap<>();
  private boolean open = true;

  /**
   * A page of {@code sessions} of tenant {@code tenantId} of {@code store} (whose sessions by tenant and id are
   * {@code all}), held in {@code held} until the page commits or closes.
   */
  MemoryPage(InMemorySessionStore store, Map<String, ? extends Map<String, SessionState>> all, String tenantId,
      Set<String> held, List<SessionState> sessions) {
    this.store = store;
    this.all = all;
    this.tenantId = tenantId;
    this.held = held;
    this.sessions = List.copyOf(sessions);
  }

  @Override
  public List<SessionState> sessions() {
    return sessions;
  }

  @Override
  public SessionState update(SessionState session, long expectedRevision) {
    return update(session, expectedRevision, ANY_GENERATION);
  }

  @Override
  public SessionState update(SessionState session, long expectedRevision, long expectedGeneration) {
    SessionState before = store.find(session.tenantId(), session.sessionId()).orElse(null);
    SessionState stored = store.update(session, expectedRevision, expectedGeneration);
    if (before != null) {
      undo.putIfAbsent(session.sessionId(), before);
      written.put(session.sessionId(), stored.revision());
    }
    return stored;
  }

  @Override
  public List<Optional<SessionState>> commitAll(List<SessionCommit> commits) {
    try {
      return commits.isEmpty() ? List.of() : store.commitAll(commits);
    } finally {
      undo.clear();
      written.clear();
      release();
    }
  }

  @Override
  public void close() {
    if (!open) {
      return;
    }
    Map<String, SessionState> t = sessions.isEmpty() && undo.isEmpty() ? null : all.get(tenantId);
    // undo the page's updates as a database rolls its transaction back, unless another write came after them
    undo.forEach((id, before) -> t.computeIfPresent(id, (k, now) -> now.revision() == written.get(id) ? before
        : now));
    undo.clear();
    written.clear();
    release();
  }

  private void release() {
    if (open) {
      open = false;
      synchronized (held) {
        for (SessionState s : sessions) {
          held.remove(s.sessionId());
        }
      }
    }
  }
}
