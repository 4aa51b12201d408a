package org.scenariomigration.runtime;

import java.util.Optional;
import org.scenariomigration.spi.Extractor;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.session.SessionState;

/**
 * Every side effect of a reconcile goes through one of these, so that the same logic serves live traffic, eager batch
 * migration (which never asks the customer) and dry runs (which write nothing). Package-private.
 */
interface Effects {

  SessionState update(SessionState session, long expectedRevision);

  SessionState commit(SessionState session, long expectedRevision, JournalRecord record);

  /** {@link #update} that also requires the scenario's change generation to be {@code expectedGeneration}. */
  default SessionState update(SessionState session, long expectedRevision, long expectedGeneration) {
    return update(session, expectedRevision);
  }

  /** {@link #commit} that also requires the scenario's change generation to be {@code expectedGeneration}. */
  default SessionState commit(SessionState session, long expectedRevision, long expectedGeneration,
      JournalRecord record) {
    return commit(session, expectedRevision, record);
  }

  /**
   * These effects with every session write made conditional on the scenario's change generation being
   * {@code generation}: a reconcile decides on the facts of one generation, and its writes fail (and it looks again)
   * when an operator change began since.
   */
  default Effects at(long generation) {
    Effects inner = this;
    return new Effects() {
      @Override
      public SessionState update(SessionState session, long expectedRevision) {
        return inner.update(session, expectedRevision, generation);
      }

      @Override
      public SessionState commit(SessionState session, long expectedRevision, JournalRecord record) {
        return inner.commit(session, expectedRevision, generation, record);
      }

      @Override
      public void putProfile(String tenantId, String customerId, ProfileField field) {
        inner.putProfile(tenantId, customerId, field);
      }

      @Override
      public void publish(MigrationEvent event) {
        inner.publish(event);
      }

      @Override
      public Optional<Extractor.Extraction> extract(Extractor.ExtractionRequest request) {
        return inner.extract(request);
      }

      @Override
      public void afterCommit(Runnable action) {
        inner.afterCommit(action);
      }

      @Override
      public boolean interactive() {
        return inner.interactive();
      }

      @Override
      public boolean writes() {
        return inner.writes();
      }

      @Override
      public boolean owes() {
        return inner.owes();
      }
    };
  }

  void putProfile(String tenantId, String customerId, ProfileField field);

  void publish(MigrationEvent event);

  Optional<Extractor.Extraction> extract(Extractor.ExtractionRequest request);

  /**
   * Runs {@code action} (a log line) once the commit just made is stored: at once here; eager batch migration holds
   * it back with the commit, so that a commit left out by its revision check logs nothing.
   */
  default void afterCommit(Runnable action) {
    action.run();
  }

  /** Whether a collect or confirm outcome records the asked fields on the marker (false: nobody was asked). */
  boolean interactive();

  /** Whether anything is written (false for dry runs). */
  boolean writes();

  /**
   * Whether every outcome of a move is owed to the host and stored with the session, whatever the transaction (true
   * for eager batch migration, where no host is waiting for the outcome: the session's reconciles offer it until the
   * host retires it). Otherwise only required actions, a re-route notice and an exit message are owed, and stored
   * unless the write joins the host's transaction.
   */
  default boolean owes() {
    return false;
  }

  /** The effects of a dry run: nothing is written or published; the extractor is called only when asked. */
  static Effects dryRun(Extractor extractor, boolean useExtractor) {
    return new Effects() {
      @Override
      public SessionState update(SessionState session, long expectedRevision) {
        return session.withRevision(expectedRevision + 1);
      }

      @Override
      public SessionState commit(SessionState session, long expectedRevision, JournalRecord record) {
        return session.withRevision(expectedRevision + 1);
      }

      @Override
      public void putProfile(String tenantId, String customerId, ProfileField field) {}

      @Override
      public void publish(MigrationEvent event) {}

      @Override
      public Optional<Extractor.Extraction> extract(Extractor.ExtractionRequest request) {
        return useExtractor ? extractor.extract(request) : Optional.empty();
      }

      @Override
      public boolean interactive() {
        return false;
      }

      @Override
      public boolean writes() {
        return false;
      }
    };
  }

  /**
   * Effects that write to the stores and publish events; {@code interactive=false} for eager batch migration (never
   * asks, owes every outcome).
   */
  static Effects live(SessionStore sessions, ProfileStore profiles, Extractor extractor, VisitLogging visits,
      EventPublisher events, boolean interactive) {
    return new Effects() {
      @Override
      public SessionState update(SessionState session, long expectedRevision) {
        return sessions.update(session, expectedRevision);
      }

      @Override
      public SessionState commit(SessionState session, long expectedRevision, JournalRecord record) {
        return visits.write(record.before(), session, () -> sessions.commit(session, expectedRevision, record));
      }

      @Override
      public SessionState update(SessionState session, long expectedRevision, long expectedGeneration) {
        return sessions.update(session, expectedRevision, expectedGeneration);
      }

      @Override
      public SessionState commit(SessionState session, long expectedRevision, long expectedGeneration,
          JournalRecord record) {
        return visits.write(record.before(), session,
            () -> sessions.commit(session, expectedRevision, expectedGeneration, record));
      }

      @Override
      public void putProfile(String tenantId, String customerId, ProfileField field) {
        profiles.put(tenantId, customerId, field);
      }

      @Override
      public void publish(MigrationEvent event) {
        events.publish(event);
      }

      @Override
      public Optional<Extractor.Extraction> extract(Extractor.ExtractionRequest request) {
        return extractor.extract(request);
      }

      @Override
      public boolean interactive() {
        return interactive;
      }

      @Override
      public boolean writes() {
        return true;
      }

      @Override
      public boolean owes() {
        return !interactive;
      }
    };
  }
}
