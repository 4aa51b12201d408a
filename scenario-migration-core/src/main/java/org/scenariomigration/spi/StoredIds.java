package org.scenariomigration.spi;

import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/**
 * The id checks a store makes, the same in every store (the contract suites hold each store to them): a store never
 * writes an id that breaks the id grammar ({@link Ids}), and it finds nothing by one.
 *
 * <ul>
 *   <li>A write ({@link SessionStore#insert}, {@code update}, {@code commit}, {@code commitAll}, {@code mark},
 *       {@link ScenarioStore#save}, {@code setCurrentVersion}, {@link PlanStore#insert}, {@code replace},
 *       {@link ProfileStore#put}) checks every id it stores or selects by before it changes anything and throws
 *       {@link org.scenariomigration.InvalidIdException}. Values that carry ids ({@link MarkCriteria},
 *       {@link PendingMigration}, {@link JournalRecord}, {@link ProfileField}, plans and scenario versions) check
 *       them when they are built; {@link SessionState} does not, so a store calls {@link #requireValid} or
 *       {@link #requireValidChanges} on the sessions it writes.
 *   <li>A read, a count, {@code unmark} or {@code delete} by an id that breaks the grammar answers as if nothing were
 *       stored under it (empty, 0, {@code false}), without asking the database: nothing can be stored under such an
 *       id, and a database must never be asked for it, since its driver or collation could turn it into another
 *       tenant's id ({@code x\ud800} is sent as {@code x?}). An in-memory map gives that answer by itself.
 * </ul>
 *
 * <p>A host's own store does the same with these methods and proves it with the contract suites of the core test-jar.
 */
public final class StoredIds {
  private StoredIds() {}

  /**
   * Checks every id of a session a store is about to write: tenant, session, customer, channel, scenario, current
   * step, and the plan ids of its settled plans (its marker's plan id was checked when the marker was built).
   *
   * @return {@code session}
   * @throws org.scenariomigration.InvalidIdException naming the first id that breaks the grammar
   */
  public static SessionState requireValid(SessionState session) {
    Ids.require(IdKind.TENANT, session.tenantId());
    Ids.require(IdKind.SESSION, session.sessionId());
    Ids.require(IdKind.CUSTOMER, session.customerId());
    Ids.require(IdKind.CHANNEL, session.channel());
    Ids.require(IdKind.SCENARIO, session.scenarioId());
    Ids.require(IdKind.STEP, session.currentStepId());
    for (String plan : session.settledPlans()) {
      Ids.require(IdKind.PLAN, plan);
    }
    return session;
  }

  /**
   * {@link #requireValid} for a new state of a stored session, checking only the ids that are not the very objects
   * the stored state holds (a store that holds the checked state in memory saves re-checking what did not change).
   *
   * @param stored the state the store holds, which was checked when it was written
   * @param next the state about to be written
   * @return {@code next}
   */
  public static SessionState requireValidChanges(SessionState stored, SessionState next) {
    check(IdKind.TENANT, stored.tenantId(), next.tenantId());
    check(IdKind.SESSION, stored.sessionId(), next.sessionId());
    check(IdKind.CUSTOMER, stored.customerId(), next.customerId());
    check(IdKind.CHANNEL, stored.channel(), next.channel());
    check(IdKind.SCENARIO, stored.scenarioId(), next.scenarioId());
    check(IdKind.STEP, stored.currentStepId(), next.currentStepId());
    if (next.settledPlans() != stored.settledPlans()) {
      for (String plan : next.settledPlans()) {
        Ids.require(IdKind.PLAN, plan);
      }
    }
    return next;
  }

  private static void check(IdKind kind, String stored, String next) {
    if (next != stored) {
      Ids.require(kind, next);
    }
  }

  /**
   * Whether every id may name something stored: {@code false} when one breaks the grammar, so that a read answers
   * empty.
   *
   * @throws NullPointerException when one is {@code null}
   */
  public static boolean mayBeStored(String id) {
    return Ids.isValid(java.util.Objects.requireNonNull(id, "id"));
  }

  /** {@link #mayBeStored(String)} of two ids. */
  public static boolean mayBeStored(String a, String b) {
    return mayBeStored(a) & mayBeStored(b);
  }

  /** {@link #mayBeStored(String)} of three ids. */
  public static boolean mayBeStored(String a, String b, String c) {
    return mayBeStored(a) & mayBeStored(b) & mayBeStored(c);
  }
}
