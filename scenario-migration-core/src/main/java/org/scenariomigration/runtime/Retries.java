package org.scenariomigration.runtime;

import java.util.function.IntFunction;
import org.scenariomigration.spi.ConcurrentUpdateException;

/**
 * The one retry loop on {@link ConcurrentUpdateException}: a write whose revision check failed because another call
 * wrote the session first is tried again from what is stored now, up to {@link #MAX_ATTEMPTS} times. Package-private.
 */
final class Retries {
  /** Attempts of a write that keeps losing its revision check before the last conflict is thrown. */
  static final int MAX_ATTEMPTS = 8;

  private Retries() {}

  /**
   * Runs {@code attempt} (given its number, from 1) until it returns without a {@link ConcurrentUpdateException};
   * each attempt reads what it writes again. Any other exception ends the loop at once.
   *
   * @throws ConcurrentUpdateException the last attempt's, when all {@link #MAX_ATTEMPTS} failed on one
   */
  static <T> T onConcurrentUpdate(IntFunction<T> attempt) {
    for (int n = 1; ; n++) {
      try {
        return attempt.apply(n);
      } catch (ConcurrentUpdateException e) {
        if (n >= MAX_ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
