package org.scenariomigration.session;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.List;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/**
 * The marker a deployment puts on a session: the migration waits for the session's next message.
 *
 * @param planId the plan that marked the session
 * @param anchorContentHash the content hash of the anchor the session sits at, or of its relocation anchor when it
 *     sits at a deleted step; {@code null} when a deleted step has nowhere to go
 * @param targetVersion the plan's target version
 * @param markedAt when the session was marked
 * @param askedFields fields the customer has been asked for so far (kept for the journal)
 * @param rollback whether this marker undoes the plan's migration instead of applying it: the session goes back to
 *     its journaled before-state at its next message
 */
public record PendingMigration(String planId, String anchorContentHash, int targetVersion, Instant markedAt,
    List<String> askedFields, boolean rollback) {

  /** Validates and copies the components; the plan id must follow the id grammar ({@link Ids}). */
  public PendingMigration {
    Ids.require(IdKind.PLAN, planId);
    requireNonNull(markedAt, "markedAt");
    askedFields = askedFields == null ? List.of() : ImmutableList.copyOf(askedFields);
  }

  /** A forward (not rollback) marker. */
  public PendingMigration(String planId, String anchorContentHash, int targetVersion, Instant markedAt,
      List<String> askedFields) {
    this(planId, anchorContentHash, targetVersion, markedAt, askedFields, false);
  }

  /** A rollback marker for {@code planId}, restoring the session to a state on {@code fromVersion}. */
  public static PendingMigration rollback(String planId, int fromVersion, Instant markedAt) {
    return new PendingMigration(planId, null, fromVersion, markedAt, List.of(), true);
  }

  /** This marker with more fields asked for. */
  public PendingMigration withAsked(List<String> fields) {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(askedFields);
    all.addAll(fields);
    return new PendingMigration(planId, anchorContentHash, targetVersion, markedAt, List.copyOf(all), rollback);
  }
}
