package org.scenariomigration.spi;

import org.scenariomigration.runtime.ScenarioMigration;
import java.util.function.Supplier;

/**
 * Runs one operator call ({@code deploy}, {@code rollback}, {@code widenRollout}, {@code updatePolicies},
 * {@code approve}, {@code purge}, {@code markSessions}, {@code makeCurrent}) as one unit on stores that share a
 * transaction: every store call made inside {@link #inOneTransaction} happens, or none does.
 *
 * <p>Set it with {@link org.scenariomigration.runtime.ScenarioMigration.Builder#unitOfWork(UnitOfWork)} only when
 * every store given to that builder takes part in it. The JDBC stores implement it on one connection
 * ({@code JdbcStores.unitOfWork()}, set by {@code ScenarioMigration.builder().stores(JdbcStores)}): the call's statements run in one
 * transaction that the library opens and commits, or, when the call arrives inside the host's transaction, in the
 * host's (under a savepoint, never committed by the library).
 *
 * <p>Without one ({@link #NONE}, the default: the in-memory stores, or stores that do not share a database), each
 * store call is atomic on its own and an operator call is a resumable sequence instead: the scenario's change gate
 * ({@link SessionStore#beginChange}) records the operation until its last step, and the same call again completes it.
 */
public interface UnitOfWork {

  /** No shared transaction: runs the work as it is, each store call atomic on its own. */
  UnitOfWork NONE = new UnitOfWork() {
    @Override
    public <T> T inOneTransaction(Supplier<T> work) {
      return work.get();
    }

    @Override
    public String toString() {
      return "UnitOfWork.NONE";
    }
  };

  /**
   * Runs {@code work} so that every store call it makes on the current thread belongs to one transaction, and returns
   * its result once that transaction is committed (or, inside a host's transaction, once the work is part of it). When
   * the work throws, or the commit fails, nothing of the work is left and the exception is thrown. A call made while
   * one runs on the same thread joins it.
   *
   * <p>When the commit's outcome is unknown (the connection was lost during the commit), the work may have taken
   * effect even though this throws: the library's operator calls are written so that the same call again then
   * succeeds.
   *
   * @param work the store calls to run as one; must not start threads that call the stores
   * @param <T> the result type
   * @return what the work returned
   */
  <T> T inOneTransaction(Supplier<T> work);
}
