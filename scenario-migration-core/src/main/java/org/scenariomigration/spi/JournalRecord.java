package org.scenariomigration.spi;

import org.scenariomigration.session.SessionState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/**
 * One entry of the migration journal: what happened to a session, with its state before and after. The journal is
 * append-only; nothing in it is ever deleted by the library except by retention.
 *
 * @param id the record id
 * @param tenantId the tenant
 * @param sessionId the session
 * @param planId the plan, or {@code null} for a relocation without a plan
 * @param kind what happened
 * @param migrationScenario the class applied, or {@code null}
 * @param before the session state before
 * @param after the session state after
 * @param filledFields gap-filled fields with their sources
 * @param askedFields fields the customer was asked for along the way
 * @param checkpointWarning the checkpoint block warning, or {@code null}
 * @param at when
 */
public record JournalRecord(String id, String tenantId, String sessionId, String planId, Kind kind,
    MigrationScenario migrationScenario, SessionState before, SessionState after, List<FilledField> filledFields,
    List<String> askedFields, String checkpointWarning, Instant at) {

  /** Validates and copies the components; the ids must follow the id grammar ({@link Ids}). */
  public JournalRecord {
    requireNonNull(id, "id");
    requireNonNull(tenantId, "tenantId");
    requireNonNull(sessionId, "sessionId");
    Ids.require(IdKind.JOURNAL_RECORD, id);
    Ids.require(IdKind.TENANT, tenantId);
    Ids.require(IdKind.SESSION, sessionId);
    Ids.requireOptional(IdKind.PLAN, planId);
    requireNonNull(kind, "kind");
    requireNonNull(before, "before");
    requireNonNull(after, "after");
    requireNonNull(at, "at");
    filledFields = filledFields == null ? List.of() : ImmutableList.copyOf(filledFields);
    askedFields = askedFields == null ? List.of() : ImmutableList.copyOf(askedFields);
  }

  /** What a journal record records. */
  public enum Kind {
    /** A plan's migration was applied. */
    MIGRATED,
    /** A teleport was blocked by a passed checkpoint; the session stays on its path. */
    CHECKPOINT_BLOCKED,
    /** A policy kept the session on its old version ({@code update_downstream=false}). */
    PINNED,
    /** The session was relocated (no plan, or a deleted step). */
    RELOCATED,
    /** The session could not be placed and was told to exit the scenario. */
    EXITED,
    /** A migration was undone by a rollback. */
    ROLLED_BACK,
    /**
     * What a move owed the host was retired: the host acknowledged it, moved the session on with {@code advance}, or
     * was handed it inside its own transaction. The record names no plan (the plan's counts are unchanged); its
     * warning names the effect and how it was retired, and its before-state holds the effect.
     */
    EFFECT_RETIRED,
    /**
     * The host reported that the session failed after a migration ({@code ScenarioMigration.reportFailure}): the
     * record names the plan that last moved the session (or none), its warning holds the host's reason, and its
     * before- and after-states are the session as it was. A rollback and a restore pass over it; the rollout's
     * {@code failure_rate} gate counts it (issue 19).
     */
    HOST_FAILURE,

    /**
     * An operator moved the session to a step of a version ({@code MigrationOperations.moveSession} or
     * {@code moveSessions}): through the checkpoint guard and gap fill, as a migration. The record names no plan; its
     * warning names who moved it.
     */
    MOVED;

    private final String jsonName = name().toLowerCase(Locale.ROOT);

    /** The JSON name. */
    public String jsonName() {
      return jsonName;
    }
  }
}
