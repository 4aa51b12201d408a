package org.scenariomigration.session;

import org.scenariomigration.spi.CurrentVersion;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the library tracks of one host session: identity, position, history, variables, a pending-migration marker and
 * a revision for optimistic concurrency. Immutable; the {@code with...} methods return changed copies with the same
 * revision (stores bump it when they write), each keeping every other component. Build one with {@link #builder()},
 * or change several components at once with {@link #toBuilder()}.
 */
public final class SessionState {
  private final String tenantId;
  private final String sessionId;
  private final String customerId;
  private final String channel;
  private final Instant createdAt;
  private final String scenarioId;
  private final int version;
  private final String scenarioChecksum;
  private final String currentStepId;
  private final List<StepVisit> history;
  private final Map<String, Object> variables;
  private final PendingMigration pending;
  private final Set<String> settledPlans;
  private final boolean pinned;
  private final long revision;
  private final OwedEffects owed;
  private final SessionEnd end;
  private final long pinGeneration;

  /** Validates and copies the components: every constructor and copy goes through here. */
  private SessionState(String tenantId, String sessionId, String customerId, String channel, Instant createdAt,
      String scenarioId, int version, String scenarioChecksum, String currentStepId, List<StepVisit> history,
      Map<String, Object> variables, PendingMigration pending, Set<String> settledPlans, boolean pinned, long revision,
      OwedEffects owed, SessionEnd end, long pinGeneration) {
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
    this.tenantId = tenantId;
    this.sessionId = sessionId;
    this.customerId = customerId;
    this.channel = channel;
    this.createdAt = createdAt;
    this.scenarioId = scenarioId;
    this.version = version;
    this.scenarioChecksum = scenarioChecksum;
    this.currentStepId = currentStepId;
    this.history = history;
    this.variables = variables;
    this.pending = pending;
    this.settledPlans = settledPlans;
    this.pinned = pinned;
    this.revision = revision;
    this.owed = owed;
    this.end = end;
    this.pinGeneration = pinGeneration;
  }

  /** A builder with no component set: tenant, session, start time, scenario and current step are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every component of this session, to change several of them at once. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.tenantId = tenantId;
    b.sessionId = sessionId;
    b.customerId = customerId;
    b.channel = channel;
    b.createdAt = createdAt;
    b.scenarioId = scenarioId;
    b.version = version;
    b.scenarioChecksum = scenarioChecksum;
    b.currentStepId = currentStepId;
    b.history = history;
    b.variables = variables;
    b.pending = pending;
    b.settledPlans = settledPlans;
    b.pinned = pinned;
    b.revision = revision;
    b.owed = owed;
    b.end = end;
    b.pinGeneration = pinGeneration;
    return b;
  }

  /** The tenant. */
  public String tenantId() {
    return tenantId;
  }

  /** The session id, unique within the tenant. */
  public String sessionId() {
    return sessionId;
  }

  /** The customer, for profile look-ups. */
  public String customerId() {
    return customerId;
  }

  /** The channel (for example {@code whatsapp}). */
  public String channel() {
    return channel;
  }

  /** When the session started. */
  public Instant createdAt() {
    return createdAt;
  }

  /** The scenario the session runs. */
  public String scenarioId() {
    return scenarioId;
  }

  /** The scenario version the session runs. */
  public int version() {
    return version;
  }

  /** That version's checksum. */
  public String scenarioChecksum() {
    return scenarioChecksum;
  }

  /** The step the session is at, in that version. */
  public String currentStepId() {
    return currentStepId;
  }

  /**
   * The steps visited, one entry per distinct step ordered by last visit ({@link StepVisit}): bounded by the steps the
   * session saw, not by how long it lived. A list of visits not numbered yet (oldest first, as an older version of the
   * library kept it) is folded into that form.
   */
  public List<StepVisit> history() {
    return history;
  }

  /** The session variables; values are strings, numbers, booleans, lists or maps. */
  public Map<String, Object> variables() {
    return variables;
  }

  /** The pending-migration marker, or {@code null}. */
  public PendingMigration pending() {
    return pending;
  }

  /** Ids of plans that already migrated this session or that it must never be marked by again. */
  public Set<String> settledPlans() {
    return settledPlans;
  }

  /** Whether the session stays on its version although it is not current (a policy or a checkpoint said so). */
  public boolean pinned() {
    return pinned;
  }

  /** The revision, bumped by every store write. */
  public long revision() {
    return revision;
  }

  /**
   * What a move still owes the host ({@link OwedEffects}), offered by every {@code reconcile} until retired; {@code
   * null} when nothing is owed.
   */
  public OwedEffects owed() {
    return owed;
  }

  /** How and when the session ended ({@link SessionEnd}), or {@code null} while it lives. */
  public SessionEnd end() {
    return end;
  }

  /**
   * The deployment generation of its scenario ({@link CurrentVersion#generation()}) at which a pinned session was
   * judged: it stays pinned without another look while the generation is the same, and is judged again at its next
   * message once a deployment, a widened rollout or a rollback moved the generation on. 0 when it was pinned at no
   * particular generation (by an older version of the library, or never pinned).
   */
  public long pinGeneration() {
    return pinGeneration;
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

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof SessionState o)) {
      return false;
    }
    return Objects.equals(tenantId, o.tenantId)
        && Objects.equals(sessionId, o.sessionId)
        && Objects.equals(customerId, o.customerId)
        && Objects.equals(channel, o.channel)
        && Objects.equals(createdAt, o.createdAt)
        && Objects.equals(scenarioId, o.scenarioId)
        && version == o.version
        && Objects.equals(scenarioChecksum, o.scenarioChecksum)
        && Objects.equals(currentStepId, o.currentStepId)
        && Objects.equals(history, o.history)
        && Objects.equals(variables, o.variables)
        && Objects.equals(pending, o.pending)
        && Objects.equals(settledPlans, o.settledPlans)
        && pinned == o.pinned
        && revision == o.revision
        && Objects.equals(owed, o.owed)
        && Objects.equals(end, o.end)
        && pinGeneration == o.pinGeneration;
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenantId, sessionId, customerId, channel, createdAt, scenarioId, version, scenarioChecksum,
        currentStepId, history, variables, pending, settledPlans, pinned, revision, owed, end, pinGeneration);
  }

  /** Every component by name, in the form a record prints. */
  @Override
  public String toString() {
    return "SessionState[tenantId=" + tenantId
        + ", sessionId=" + sessionId
        + ", customerId=" + customerId
        + ", channel=" + channel
        + ", createdAt=" + createdAt
        + ", scenarioId=" + scenarioId
        + ", version=" + version
        + ", scenarioChecksum=" + scenarioChecksum
        + ", currentStepId=" + currentStepId
        + ", history=" + history
        + ", variables=" + variables
        + ", pending=" + pending
        + ", settledPlans=" + settledPlans
        + ", pinned=" + pinned
        + ", revision=" + revision
        + ", owed=" + owed
        + ", end=" + end
        + ", pinGeneration=" + pinGeneration + "]";
  }

  /**
   * Builds a {@link SessionState}. {@link #build()} checks the required components (tenant, session, start time,
   * scenario and current step: {@link NullPointerException} naming the first missing) and copies the others as the
   * copies do: a missing customer, channel or checksum becomes {@code ""}, missing variables or settled plans become
   * empty.
   */
  public static final class Builder {
    private String tenantId;
    private String sessionId;
    private String customerId;
    private String channel;
    private Instant createdAt;
    private String scenarioId;
    private int version;
    private String scenarioChecksum;
    private String currentStepId;
    private List<StepVisit> history;
    private Map<String, Object> variables;
    private PendingMigration pending;
    private Set<String> settledPlans;
    private boolean pinned;
    private long revision;
    private OwedEffects owed;
    private SessionEnd end;
    private long pinGeneration;

    private Builder() {}

    /** Sets {@link SessionState#tenantId()}: the tenant. */
    public Builder tenantId(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /** Sets {@link SessionState#sessionId()}: the session id, unique within the tenant. */
    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /** Sets {@link SessionState#customerId()}: the customer, for profile look-ups. */
    public Builder customerId(String customerId) {
      this.customerId = customerId;
      return this;
    }

    /** Sets {@link SessionState#channel()}: the channel (for example {@code whatsapp}). */
    public Builder channel(String channel) {
      this.channel = channel;
      return this;
    }

    /** Sets {@link SessionState#createdAt()}: when the session started. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** Sets {@link SessionState#scenarioId()}: the scenario the session runs. */
    public Builder scenarioId(String scenarioId) {
      this.scenarioId = scenarioId;
      return this;
    }

    /** Sets {@link SessionState#version()}: the scenario version the session runs. */
    public Builder version(int version) {
      this.version = version;
      return this;
    }

    /** Sets {@link SessionState#scenarioChecksum()}: that version's checksum. */
    public Builder scenarioChecksum(String scenarioChecksum) {
      this.scenarioChecksum = scenarioChecksum;
      return this;
    }

    /** Sets {@link SessionState#currentStepId()}: the step the session is at, in that version. */
    public Builder currentStepId(String currentStepId) {
      this.currentStepId = currentStepId;
      return this;
    }

    /**
     * Sets {@link SessionState#history()}: the steps visited, one entry per distinct step ordered by last visit ({@link
     * StepVisit}): bounded by the steps the session saw, not by how long it lived. A list of visits not numbered yet
     * (oldest first, as an older version of the library kept it) is folded into that form.
     */
    public Builder history(List<StepVisit> history) {
      this.history = history;
      return this;
    }

    /**
     * Sets {@link SessionState#variables()}: the session variables; values are strings, numbers, booleans, lists or
     * maps.
     */
    public Builder variables(Map<String, Object> variables) {
      this.variables = variables;
      return this;
    }

    /** Sets {@link SessionState#pending()}: the pending-migration marker, or {@code null}. */
    public Builder pending(PendingMigration pending) {
      this.pending = pending;
      return this;
    }

    /**
     * Sets {@link SessionState#settledPlans()}: ids of plans that already migrated this session or that it must never
     * be marked by again.
     */
    public Builder settledPlans(Set<String> settledPlans) {
      this.settledPlans = settledPlans;
      return this;
    }

    /**
     * Sets {@link SessionState#pinned()}: whether the session stays on its version although it is not current (a policy
     * or a checkpoint said so).
     */
    public Builder pinned(boolean pinned) {
      this.pinned = pinned;
      return this;
    }

    /** Sets {@link SessionState#revision()}: the revision, bumped by every store write. */
    public Builder revision(long revision) {
      this.revision = revision;
      return this;
    }

    /**
     * Sets {@link SessionState#owed()}: what a move still owes the host ({@link OwedEffects}), offered by every {@code
     * reconcile} until retired; {@code null} when nothing is owed.
     */
    public Builder owed(OwedEffects owed) {
      this.owed = owed;
      return this;
    }

    /**
     * Sets {@link SessionState#end()}: how and when the session ended ({@link SessionEnd}), or {@code null} while it
     * lives.
     */
    public Builder end(SessionEnd end) {
      this.end = end;
      return this;
    }

    /**
     * Sets {@link SessionState#pinGeneration()}: the deployment generation of its scenario ({@link
     * CurrentVersion#generation()}) at which a pinned session was judged: it stays pinned without another look while
     * the generation is the same, and is judged again at its next message once a deployment, a widened rollout or a
     * rollback moved the generation on. 0 when it was pinned at no particular generation (by an older version of the
     * library, or never pinned).
     */
    public Builder pinGeneration(long pinGeneration) {
      this.pinGeneration = pinGeneration;
      return this;
    }

    /** The session, validated. */
    public SessionState build() {
      return new SessionState(tenantId, sessionId, customerId, channel, createdAt, scenarioId, version,
          scenarioChecksum, currentStepId, history, variables, pending, settledPlans, pinned, revision, owed, end,
          pinGeneration);
    }
  }
}
