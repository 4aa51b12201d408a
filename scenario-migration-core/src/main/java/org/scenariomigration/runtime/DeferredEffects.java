package org.scenariomigration.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.scenariomigration.spi.Extractor;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.MarkedPage;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.spi.SessionCommit;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.SessionStore;

/**
 * The effects of eager batch migration for one page: each session's {@link #commit} is held back and the page is
 * written with one {@link MarkedPage#commitAll}, inside the page's claim; a session's events and profile writes, which
 * follow its commit, run only once that commit is stored. Updates (a stale marker dropped) are written at once, inside
 * the claim too, as they come before the commit. Package-private; one page at a time, one thread.
 */
final class DeferredEffects implements Effects {
  private final Effects direct;
  private final SessionStore sessions;
  private final VisitLogging visits;
  /** The claimed page being applied, or {@code null}: then writes go to the store itself. */
  private MarkedPage page;
  private final List<SessionCommit> commits = new ArrayList<>();
  /** Per held-back commit: what runs once it is stored. */
  private final List<List<Runnable>> followUps = new ArrayList<>();
  /** Whether the session being reconciled has a held-back commit. */
  private boolean committed;

  DeferredEffects(Effects direct, SessionStore sessions, VisitLogging visits) {
    this.direct = direct;
    this.sessions = sessions;
    this.visits = visits;
  }

  /** Applies the next page inside its claim ({@code null}: outside any claim). */
  void page(MarkedPage claimed) {
    this.page = claimed;
  }

  /** Starts the next session of the page. */
  void begin() {
    committed = false;
  }

  /** Whether the session being reconciled has a held-back commit. */
  boolean committed() {
    return committed;
  }

  /**
   * Writes the held-back commits and runs the follow-ups of those stored; returns for each, in order, whether it was
   * stored (false: its revision check failed and nothing of it was written). Empties the page.
   */
  List<Boolean> flush() {
    try {
      if (commits.isEmpty() && page == null) {
        return List.of();
      }
      List<Optional<SessionState>> stored = page != null ? page.commitAll(List.copyOf(commits))
          : sessions.commitAll(List.copyOf(commits));
      if (stored.size() != commits.size()) {
        throw new IllegalStateException("the session store answered " + stored.size() + " results to "
            + commits.size() + " commits");
      }
      for (int i = 0; i < stored.size(); i++) {
        // the visits the stored commits made, before any follow-up: in the page's unit of work when the log is on
        if (stored.get(i).isPresent()) {
          visits.appendIfVisited(commits.get(i).record().before(), stored.get(i).get());
        }
      }
      List<Boolean> out = new ArrayList<>(stored.size());
      RuntimeException failed = null;
      for (int i = 0; i < stored.size(); i++) {
        boolean ok = stored.get(i).isPresent();
        out.add(ok);
        if (ok) {
          // every stored commit gets its events, profile writes and log lines, even when one of them fails
          for (Runnable r : followUps.get(i)) {
            try {
              r.run();
            } catch (RuntimeException e) {
              if (failed == null) {
                failed = e;
              } else {
                failed.addSuppressed(e);
              }
            }
          }
        }
      }
      if (failed != null) {
        throw failed;
      }
      return out;
    } finally {
      commits.clear();
      followUps.clear();
      committed = false;
    }
  }

  @Override
  public SessionState update(SessionState session, long expectedRevision) {
    return update(session, expectedRevision, SessionStore.ANY_GENERATION);
  }

  @Override
  public SessionState update(SessionState session, long expectedRevision, long expectedGeneration) {
    if (committed) {
      throw new IllegalStateException("session '" + session.sessionId() + "' was updated after its commit");
    }
    return page != null ? page.update(session, expectedRevision, expectedGeneration)
        : direct.update(session, expectedRevision, expectedGeneration);
  }

  @Override
  public SessionState commit(SessionState session, long expectedRevision, JournalRecord record) {
    return commit(session, expectedRevision, SessionStore.ANY_GENERATION, record);
  }

  @Override
  public SessionState commit(SessionState session, long expectedRevision, long expectedGeneration,
      JournalRecord record) {
    if (committed) {
      throw new IllegalStateException("session '" + session.sessionId() + "' was committed twice");
    }
    commits.add(new SessionCommit(session, expectedRevision, record, expectedGeneration));
    followUps.add(new ArrayList<>());
    committed = true;
    return session.withRevision(expectedRevision + 1);
  }

  @Override
  public void putProfile(String tenantId, String customerId, ProfileField field) {
    afterCommit(() -> direct.putProfile(tenantId, customerId, field));
  }

  @Override
  public void publish(MigrationEvent event) {
    afterCommit(() -> direct.publish(event));
  }

  /** Held back with the session's commit once there is one; before it (a pin, a dropped marker) at once. */
  @Override
  public void afterCommit(Runnable action) {
    if (committed) {
      followUps.get(followUps.size() - 1).add(action);
    } else {
      action.run();
    }
  }

  @Override
  public Optional<Extractor.Extraction> extract(Extractor.ExtractionRequest request) {
    return direct.extract(request);
  }

  @Override
  public boolean interactive() {
    return direct.interactive();
  }

  @Override
  public boolean writes() {
    return direct.writes();
  }

  @Override
  public boolean owes() {
    return direct.owes();
  }
}
