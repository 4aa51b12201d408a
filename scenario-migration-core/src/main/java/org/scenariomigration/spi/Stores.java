package org.scenariomigration.spi;

import org.scenariomigration.condition.ConditionEngine;

/**
 * A set of stores that belong together (one database, one transaction), handed to
 * {@link org.scenariomigration.runtime.ScenarioMigration.Builder#stores(Stores)} in one call: the JDBC module's
 * {@code JdbcStores} is one. The builder takes every store, the visit log and the unit of work from it, and gives it
 * its own {@link ConditionEngine} through {@link #withConditionEngine}, so a host sets the engine once.
 */
public interface Stores {
  /** The scenario version store. */
  ScenarioStore scenarioStore();

  /** The plan store. */
  PlanStore planStore();

  /** The session store. */
  SessionStore sessionStore();

  /** The journal store (often the session store itself, so that a move and its record commit together). */
  JournalStore journalStore();

  /** The customer profile store. */
  ProfileStore profileStore();

  /** The visit log. */
  VisitLog visitLog();

  /**
   * The unit of work every store of this set takes part in ({@link UnitOfWork#NONE} when they share no transaction).
   */
  UnitOfWork unitOfWork();

  /**
   * The store of the modes every engine on these stores shares (the kill switch, per-tenant modes, the soft-launch
   * list and their journal), or {@code null} (the default) for none: each engine then keeps its own, in memory.
   */
  default ModeStore modeStore() {
    return null;
  }

  /**
   * These stores reading stored scenario versions with {@code engine} (the engine's, set by
   * {@link org.scenariomigration.runtime.ScenarioMigration.Builder#conditionEngine}); {@code this} when they keep
   * versions as objects and never compile a condition.
   */
  default Stores withConditionEngine(ConditionEngine engine) {
    return this;
  }
}
