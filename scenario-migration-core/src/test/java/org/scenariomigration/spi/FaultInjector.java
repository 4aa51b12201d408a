package org.scenariomigration.spi;

/**
 * Injects one fault into the N-th operation a store makes (a statement execution or a commit of a JDBC store, a call
 * of an in-memory store), for the atomic operator call tests ({@code AtomicOperatorCallsContract}): first count the
 * operations of a clean run, then fail each one in turn, before it or after it.
 */
public interface FaultInjector {

  /** Where the fault strikes. */
  enum Kind {
    /** The operation is not done: it throws before. */
    BEFORE,
    /** The operation is done (a statement executed, a transaction committed), then it throws: its answer is lost. */
    AFTER
  }

  /** Counts operations from now on, failing none. */
  void count();

  /** The operations counted since {@link #count()} or {@link #failAt}. */
  int counted();

  /** Counts operations from now on and fails the {@code n}-th (from 1), as {@code kind} says; only that one. */
  void failAt(int n, Kind kind);

  /** Stops counting and failing. */
  void disarm();

  /** What the fault struck since it was armed ({@code null} when it did not strike): for assertion messages. */
  String struck();
}
