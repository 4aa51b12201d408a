package org.scenariomigration.spi;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic rollout buckets. A session's bucket depends only on its id, so widening a rollout from 10% to 50% to
 * 100% keeps every session picked before.
 */
public final class Rollout {
  private Rollout() {}

  /**
   * The bucket of a session id, from 0 to 99: FNV-1a (32 bit) over the id's UTF-8 bytes, unsigned, modulo 100. Stores
   * that mark in SQL must compute the same function or precompute it into a column.
   */
  public static int bucket(String sessionId) {
    int h = 0x811c9dc5;
    for (byte b : sessionId.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    return (int) (Integer.toUnsignedLong(h) % 100);
  }
}
