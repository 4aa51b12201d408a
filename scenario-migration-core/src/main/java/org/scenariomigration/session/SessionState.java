package org.scenariomigration.session;

import org.scenariomigration.spi.CurrentVersion;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the library tracks of one host session: identity, position, history, variables, a pending-migration marker and
 * a revision for optimistic concurrency. Immutable; the {@code with...} methods return changed copies with the same
 * revision (stores bump it when they write).
 *
 * @param tenantId the tenant
 * @param sessionId the session id, unique within the tenant
 * @param customerId the customer, for profile look-ups
 * @param channel the channel (for example {@code whatsapp})
 * @param createdAt when the session started
 * @param scenarioId the scenario the session runs
 * @param version the scenario version the session runs
 * @param scenarioChecksum that version's checksum
 * @param currentStepId the step the session is at, in that version
 * @param history the steps visited, one entry per distinct step ordered by last visit ({@link StepVisit}): bounded by
 *     the steps the session saw, not by how long it lived. A list of visits not numbered yet (oldest first, as an
 *     older version of the library kept it) is folded into that form
 * @param variables the session variables; values are strings, numbers, booleans, lists or maps
 * @param pending the pending-migration marker, or {@code null}
 * @param settledPlans ids of plans that already migrated this session or that it must never be marked by again
 * @param pinned whether the session stays on its version although it is not current (a policy or a checkpoint said so)
 * @param revision the revision, bumped by every store write
 * @param owed what a move still owes the host ({@link OwedEffects}), offered by every {@code reconcile} until retired;
 *     {@code null} when nothing is owed
 * @param end how and when the session ended ({@link SessionEnd}), or {@code null} while it lives
 * @param pinGeneration the deployment generation of its scenario ({@link CurrentVersion#generation()}) at which a
 *     pinned session was judged: it stays pinned without another look while the generation is the same, and is judged
 *     again at its next message once a deployment, a widened rollout or a rollback moved the generation on. 0 when it
 *     was pinned at no particular generation (by an older version of the library, or never pinned)
 */
public record SessionState(String tenantId, String sessionId, String customerId, String channel, Instant createdAt,
    String scenarioId, int version, String scenarioChecksum, String currentStepId, List<StepVisit> history,
    Map<String, Object> variables, PendingMigration pending, Set<String> settledPlans, boolean pinned,
    long revision, OwedEffects owed, SessionEnd end, long pinGeneration) {

  /** A session pinned at no particular deployment generation ({@link #pinGeneration()} 0). */
  public SessionState(String tenantId, String sessionId, String customerId, String channel, Instant createdAt,
      String scenarioId, int version, String scenarioChecksum, String currentStepId, List<StepVisit> history,
      Map<String, Object> variables, PendingMigration pending, Set<String> settledPlans, boolean pinned,
      long revision, OwedEffects owed, SessionEnd end) {
    this(tenantId, sessionId, customerId, channel, createdAt, scenarioId, version, scenarioChecksum, currentStepId,
        history, variables, pending, settledPlans, pinned, revision, owed, end, 0);
  }

  /** A session that has not ended. */
  public SessionState(String tenantId, String sessionId, String customerId, String channel, Instant createdAt,
      String scenarioId, int version, String scenarioChecksum, String currentStepId, List<StepVisit> history,
      Map<String, Object> variables, PendingMigration pending, Set<String> settledPlans, boolean pinned,
      long revision, OwedEffects owed) {
    this(tenantId, sessionId, customerId, channel, createdAt, scenarioId, version, scenarioChecksum, currentStepId,
        history, variables, pending, settledPlans, pinned, revision, owed, null);
  }

  /** A session that owes the host nothing. */
  public SessionState(String tenantId, String sessionId, String customerId, String channel, Instant createdAt,
      String scenarioId, int version, String scenarioChecksum, String currentStepId, List<StepVisit> history,
      Map<String, Object> variables, PendingMigration pending, Set<String> settledPlans, boolean pinned,
      long revision) {
    this(tenantId, sessionId, customerId, channel, createdAt, scenarioId, version, scenarioChecksum, currentStepId,
        history, variables, pending, settledPlans, pinned, revision, null);
  }

  /** Validates and copies the components. */
  public SessionState {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(sessionId, "sessionId");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(scenarioId, "scenarioId");
    requireNonNull(currentStepId, "currentStepId");
    customerId = customerId == null ? "" : customerId;
    channel = channel == null ? "" : channel;
    scenarioChecksum = scenarioChecksum == null ? "" : scenarioChecksum;
    history = CompactHistory.of(history);
    variables = copyVariables(variables);
    // Guava's immutable types throughout, so that the next copy's copyOf returns them as they are
    settledPlans = settledPlans == null ? ImmutableSet.of() : ImmutableSet.copyOf(settledPlans);
  }

  private static Map<String, Object> copyVariables(Map<String, Object> vars) {
    if (vars == null || vars.isEmpty()) {
      return Map.of();
    }
    if (vars instanceof ImmutableMap<String, Object> m) {
      return m; // holds no null values
    }
    if (noNulls(vars)) {
      // insertion order kept; an immutable map is not copied again by the next with... call
      return ImmutableMap.copyOf(vars);
    }
    // keeps insertion order and tolerates null values (a field that is present but empty)
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vars));
  }

  private static boolean noNulls(Map<String, Object> vars) {
    for (Map.Entry<String, Object> e : vars.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        return false;
      }
    }
    return true;
  }

  /** This session at another step (history unchanged). */
  public SessionState withPosition(int newVersion, String checksum, String stepId) {
    return new SessionState(tenantId, sessionId, customerId, channel, createdAt, scenarioId, newVersion, checksum,
        stepId, history, variables, pending, settledPlans, pinned, revision, owed, end, pinGeneration);
  }

  /** This session with a visit appended to its history and its position moved there. */
  public SessionState withVisit(StepVisit visit) {
    List<StepVisit> h = historyWith(visit);
    return new SessionState(tenantId, sessionId, customerId, channel, createdAt, scenarioId, version,
        scenarioChecksum, visit.stepId(), h, variables, pending, settledPlans, pinned, revision, owed, end,
        pinGeneration);
  }

  /**
   * This session's history with one more visit of {@code visit}'s step, numbered after the others: the step's entry
   * moves to the end (the position is not changed; {@link #withVisit} changes both).
   */
  public List<StepVisit> historyWith(StepVisit visit) {
    return CompactHistory.of(history).append(visit);
  }

  /**
   * {@code visits} in the bounded form a session keeps ({@link #history()}): an already bounded history is returned as
   * it is, a list of visits not numbered yet (oldest first) is folded into one entry per step. A store that reads a
   * history back hands this to the constructor, which then keeps it without another copy.
   *
   * @throws IllegalArgumentException when numbered entries are out of order or name one step twice
   */
  public static List<StepVisit> boundedHistory(List<StepVisit> visits) {
    return CompactHistory.of(visits);
  }

  /** How many visits the session made in all: the number its next visit gets. */
  public long visitCount() {
    return CompactHistory.of(history).visitCount();
  }

  /** This session with variables merged in (a {@code null} value keeps the key with no value). */
  public SessionState withVariables(Map<String, ?> more) {
    if (more.isEmpty()) {
      return this;
    }
    Map<String, Object> v = new LinkedHashMap<>(variables);
    v.putAll(more);
    return new SessionState(tenantId, sessionId, customerId, channel, createdAt, scenarioId, version,
        scenarioChecksum, currentStepId, history, v, pending, settledPlans, pinned, revision, owed, end, pinGeneration);
  }

  /** This session with another marker ({@code null} clears it). */
  public SessionState withPending(PendingMigration marker) {
    if (marker == pending) {
      return this; // immutable: no copy needed
    }
    return new SessionState(tenantId, sessionId, customerId, channel, createdAt, scenarioId, version,
        scenarioChecksum, currentStepId, history, variables, marker, settledPlans, pinned, revision, owed, end,
        pinGeneration);
  }

  /** This session with a plan added to its settled plans. */
  public SessionState withSettled(String planId) {
    if (settledPlans.isEmpty()) {
      return new SessionState(tenantId, sessionId, customerId, channel, createdAt, scenarioId, version,
          scenarioChecksum, currentStepId, history, variables, pending, ImmutableSet.of(planId), pinned, revision,
          owed, end, pinGeneration);
    }
    Set<String> s = new java.util.LinkedHashSet<>(settledPlans);
    s.add(planId);
    return new SessionState(tenantId, sessionId, customerId, channel, createdAt, scenarioId, version,
        scenarioChecksum, currentStepId, history, variables, pending, s, pinned, revision, owed, end, pinGeneration);
  }

  /** This session pinned (at the generation it was pinned at before) or unpinned (generation 0). */
  public SessionState withPinned(boolean pin) {
    if (pin == pinned) {
      return this; // immutable: no copy needed
    }
    return new SessionState(tenantId, sessionId, customerId, channel, createdAt, scenarioId, version,
        scenarioChecksum, currentStepId, history, variables, pending, settledPlans, pin, revision, owed, end,
        pin ? pinGeneration : 0);
  }

  /** This session pinned, judged at deployment generation {@code generation}. */
  public SessionState withPin(long generation) {
    if (pinned && generation == pinGeneration) {
      return this; // immutable: no copy needed
    }
    return new SessionState(tenantId, sessionId, customerId, channel, createdAt, scenarioId, version,
        scenarioChecksum, currentStepId, history, variables, pending, settledPlans, true, revision, owed, end,
        generation);
  }

  /**
   * Whether the session stays where it is without another look: pinned, judged at {@code generation} (the current
   * deployment generation of its scenario).
   */
  public boolean pinnedAt(long generation) {
    return pinned && pinGeneration == generation;
  }

  /** This session with another revision (stores use this). */
  public SessionState withRevision(long rev) {
    if (rev == revision) {
      return this; // immutable: no copy needed
    }
    return new SessionState(tenantId, sessionId, customerId, channel, createdAt, scenarioId, version,
        scenarioChecksum, currentStepId, history, variables, pending, settledPlans, pinned, rev, owed, end,
        pinGeneration);
  }

  /** This session owing the host {@code effects} ({@code null}: nothing). */
  public SessionState withOwed(OwedEffects effects) {
    if (effects == owed) {
      return this; // immutable: no copy needed
    }
    return new SessionState(tenantId, sessionId, customerId, channel, createdAt, scenarioId, version,
        scenarioChecksum, currentStepId, history, variables, pending, settledPlans, pinned, revision, effects, end,
        pinGeneration);
  }

  /**
   * This session ended ({@code null}: not ended). Ending also clears the pending-migration marker: an ended session is
   * never migrated.
   */
  public SessionState withEnd(SessionEnd e) {
    if (e == end) {
      return this; // immutable: no copy needed
    }
    return new SessionState(tenantId, sessionId, customerId, channel, createdAt, scenarioId, version,
        scenarioChecksum, currentStepId, history, variables, e == null ? pending : null, settledPlans, pinned,
        revision, owed, e, pinGeneration);
  }

  /** Whether the session has ended ({@link #end()} is set). */
  public boolean ended() {
    return end != null;
  }

  /** This session with its variables replaced by {@code vars} (erasure uses this). */
  public SessionState withVariablesReplaced(Map<String, Object> vars) {
    return new SessionState(tenantId, sessionId, customerId, channel, createdAt, scenarioId, version,
        scenarioChecksum, currentStepId, history, vars, pending, settledPlans, pinned, revision, owed, end,
        pinGeneration);
  }

  /** The same session state ignoring the revision, for comparisons. */
  public boolean sameStateAs(SessionState other) {
    return withRevision(0).equals(other.withRevision(0));
  }
}
