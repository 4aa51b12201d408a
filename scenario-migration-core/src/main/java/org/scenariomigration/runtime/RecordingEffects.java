package org.scenariomigration.runtime;

import java.util.Optional;
import org.scenariomigration.spi.Extractor;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.session.SessionState;

/** Effects that remember the session state last read or written through them ({@link #reconcileWithState}). */
final class RecordingEffects implements Effects {
  private final Effects inner;
  SessionState last;
  Outcome outcome;

  RecordingEffects(Effects inner, SessionState read) {
    this.inner = inner;
    this.last = read;
  }

  @Override
  public SessionState update(SessionState session, long expectedRevision) {
    return last = inner.update(session, expectedRevision);
  }

  @Override
  public SessionState commit(SessionState session, long expectedRevision, JournalRecord record) {
    return last = inner.commit(session, expectedRevision, record);
  }

  @Override
  public SessionState update(SessionState session, long expectedRevision, long expectedGeneration) {
    return last = inner.update(session, expectedRevision, expectedGeneration);
  }

  @Override
  public SessionState commit(SessionState session, long expectedRevision, long expectedGeneration,
      JournalRecord record) {
    return last = inner.commit(session, expectedRevision, expectedGeneration, record);
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
}
