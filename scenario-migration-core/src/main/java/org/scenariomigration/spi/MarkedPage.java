package org.scenariomigration.spi;

import org.scenariomigration.session.SessionState;
import java.util.List;
import java.util.Optional;

/**
 * A page of sessions marked by one plan, claimed for eager batch migration by {@link SessionStore#claimMarked}: while
 * the page is open, another node claiming pages of the same plan skips these sessions. Updates and the commits of the
 * page's migrations are written inside the claim; {@link #commitAll} writes them and ends the claim, {@link #close}
 * ends it, undoing what was not committed. One thread, one page at a time.
 */
public interface MarkedPage extends AutoCloseable {

  /** The claimed sessions, ordered by session id. */
  List<SessionState> sessions();

  /** {@link SessionStore#update}, inside the claim. */
  SessionState update(SessionState session, long expectedRevision);

  /** {@link SessionStore#update(SessionState, long, long)}, inside the claim. The default checks no generation. */
  default SessionState update(SessionState session, long expectedRevision, long expectedGeneration) {
    return update(session, expectedRevision);
  }

  /**
   * {@link SessionStore#commitAll}, inside the claim, and then ends the claim: the page's updates and commits are
   * stored together. An empty list stores the page's updates.
   */
  List<Optional<SessionState>> commitAll(List<SessionCommit> commits);

  /** Ends the claim; whatever {@link #commitAll} did not store is undone. Idempotent. */
  @Override
  void close();

  /**
   * A page that claims nothing: its sessions are read as they are, and its writes go to {@code store} at once. For
   * stores whose writes are checked by revision only (the in-memory store); two nodes may then look at the same
   * sessions, and the revision checks keep each migration to one of them.
   */
  static MarkedPage unclaimed(SessionStore store, List<SessionState> sessions) {
    List<SessionState> copy = List.copyOf(sessions);
    return new MarkedPage() {
      @Override
      public List<SessionState> sessions() {
        return copy;
      }

      @Override
      public SessionState update(SessionState session, long expectedRevision) {
        return store.update(session, expectedRevision);
      }

      @Override
      public SessionState update(SessionState session, long expectedRevision, long expectedGeneration) {
        return store.update(session, expectedRevision, expectedGeneration);
      }

      @Override
      public List<Optional<SessionState>> commitAll(List<SessionCommit> commits) {
        return commits.isEmpty() ? List.of() : store.commitAll(commits);
      }

      @Override
      public void close() {}
    };
  }
}
