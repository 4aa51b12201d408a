package org.scenariomigration.runtime;

import java.util.function.Supplier;
import org.scenariomigration.spi.LoggedVisit;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;
import org.scenariomigration.spi.UnitOfWork;
import org.scenariomigration.spi.VisitLog;

/**
 * Appends the visits that session writes make to the full visit log ({@code sessions.visit_log}), each in the same
 * unit of work as the write that made it. Off, it only runs the write: nothing is read or written besides it.
 * Package-private.
 */
final class VisitLogging {
  /** The log, or {@code null} when {@code sessions.visit_log} is off. */
  private final VisitLog log;
  private final UnitOfWork unitOfWork;

  VisitLogging(VisitLog log, boolean on, UnitOfWork unitOfWork) {
    this.log = on ? log : null;
    this.unitOfWork = unitOfWork;
  }

  /** Whether the log is on. */
  boolean on() {
    return log != null;
  }

  /**
   * The ordinal of the visit that brought the session to {@code after}: its number in the session, from 0. The one
   * place that says how a visit is counted.
   */
  static long visitOrdinal(SessionState after) {
    return after.visitCount() - 1;
  }

  /** The row of the visit that brought the session to {@code after}. */
  static LoggedVisit loggedVisit(SessionState after) {
    StepVisit last = after.history().get(after.history().size() - 1);
    return LoggedVisit.of(after, visitOrdinal(after), last);
  }

  /** Whether writing {@code after} over {@code before} ({@code null}: a new session) adds a visit. */
  static boolean visits(SessionState before, SessionState after) {
    return before == null || visitOrdinal(after) > visitOrdinal(before);
  }

  /**
   * Runs a session write that replaces {@code before} ({@code null}: inserts) with {@code after}, and, when the log
   * is on and the write adds a visit, appends that visit in the same unit of work: both happen or neither does (with
   * a unit of work that shares a transaction; without one the write comes first, so a failed revision check appends
   * nothing).
   *
   * @return what the write returned
   */
  SessionState write(SessionState before, SessionState after, Supplier<SessionState> write) {
    if (log == null || !visits(before, after)) {
      return write.get();
    }
    return unitOfWork.inOneTransaction(() -> {
      SessionState stored = write.get();
      append(stored);
      return stored;
    });
  }

  /** Appends the visit a stored commit made, when the log is on and it made one (eager batch migration's pages). */
  void appendIfVisited(SessionState before, SessionState stored) {
    if (log != null && visits(before, stored)) {
      append(stored);
    }
  }

  /** Runs {@code work} (a page of eager batch migration) in one unit of work when the log is on. */
  <T> T page(Supplier<T> work) {
    return log == null ? work.get() : unitOfWork.inOneTransaction(work);
  }

  private void append(SessionState stored) {
    log.append(stored.tenantId(), stored.sessionId(), loggedVisit(stored));
  }
}
