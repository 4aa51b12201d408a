package org.scenariomigration.spi;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Change generations for stores ({@link SessionStore#beginChange}): odd while a change runs, even otherwise, and never
 * handed out twice. A generation is random (62 bits of it) rather than a counter, so that a change undone with a
 * rolled-back transaction (a library joined to the host's transaction) and done again gets a new generation: a node
 * that read facts at the undone one cannot take them for the new one's.
 */
public final class Generations {
  private Generations() {}

  /** A fresh odd generation: a change is running. */
  public static long odd() {
    return (ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE & ~1L) | 1L;
  }

  /** A fresh even generation, never 0 (0 means the scenario never changed). */
  public static long even() {
    long g;
    do {
      g = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE & ~1L;
    } while (g == 0);
    return g;
  }

  /** Whether a change is running at this generation. */
  public static boolean changing(long generation) {
    return (generation & 1L) == 1L;
  }
}
