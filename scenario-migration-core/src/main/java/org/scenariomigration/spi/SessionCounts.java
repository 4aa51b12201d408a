package org.scenariomigration.spi;

/**
 * How many sessions that have not ended are on one scenario version ({@link SessionStore#countAtVersion}): what keeps
 * the version from being retired.
 *
 * @param sessions sessions on the version that have not ended
 * @param pinned of those, the pinned ones ({@link org.scenariomigration.session.SessionState#pinned()}: kept on the
 *     version by a scope filter, a checkpoint, a relocation without a safe target or a policy)
 * @param marked of those, the ones carrying a marker ({@link org.scenariomigration.session.SessionState#pending()}:
 *     a migration waits for them, often for the customer)
 */
public record SessionCounts(long sessions, long pinned, long marked) {
  /** No session. */
  public static final SessionCounts NONE = new SessionCounts(0, 0, 0);

  /** Checks that the counts are not negative and that the parts do not exceed the whole. */
  public SessionCounts {
    if (sessions < 0 || pinned < 0 || marked < 0 || pinned > sessions || marked > sessions) {
      throw new IllegalArgumentException("session counts must be 0 <= pinned, marked <= sessions but were sessions="
          + sessions + ", pinned=" + pinned + ", marked=" + marked);
    }
  }
}
