package org.scenariomigration.runtime;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.session.OwedEffects;
import org.scenariomigration.session.StepVisit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every move of a session the same way, whatever path decided it: the session's new state, its journal record,
 * what the move owes the host ({@link OwedEffects}), its events and its log lines. Staying ({@link #pin}), a checkpoint
 * block ({@link #block}), a teleport ({@link #teleport}, which asks the {@link CheckpointGuard} first) and an exit
 * ({@link #exit}). Package-private.
 */
final class MoveWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ScenarioMigration.class);

  private final MigrationConfig config;
  private final SessionStore sessions;
  private final Clock clock;
  private final CheckpointGuard guard;

  MoveWriter(MigrationConfig config, SessionStore sessions, Clock clock, CheckpointGuard guard) {
    this.config = config;
    this.sessions = sessions;
    this.clock = clock;
    this.guard = guard;
  }

  /** Keeps the session where it is, on its version: pinned, its plans settled, journaled with the reason. */
  Outcome pin(Move move, String warning, Effects fx) {
    SessionState s = move.session();
    SessionState after = settle(s.withPending(null).withPin(move.deployment()), move.planIds());
    fx.commit(after, s.revision(), record(move.stored(), after, move.planId(), JournalRecord.Kind.PINNED, null,
        List.of(), warning));
    if (warning != null && config.logReRoutes() && fx.writes()) {
      fx.afterCommit(() -> LOG.warn("session kept on its version tenant={} session={} plan={} warning={}",
          s.tenantId(), s.sessionId(), move.planId(), warning));
    }
    return warning == null ? Outcome.CONTINUE : new Outcome.Continue(warning);
  }

  /** A move the checkpoint guard refused: the session stays on its version, pinned, and the journal says why. */
  Outcome block(Move move, MigrationScenario scenario, List<FilledField> filled, String violation,
      Effects fx) {
    SessionState s = move.session();
    String planId = move.planId();
    SessionState after = settle(s.withPending(null).withPin(move.deployment()), move.planIds());
    fx.commit(after, s.revision(), record(move.stored(), after, planId, JournalRecord.Kind.CHECKPOINT_BLOCKED,
        scenario, filled, violation));
    fx.publish(new MigrationEvent.CheckpointBlocked(s.tenantId(), s.sessionId(), planId, violation,
        clock.instant()));
    if (config.logCheckpointBlocks() && fx.writes()) {
      fx.afterCommit(() -> LOG.warn("checkpoint block tenant={} session={} plan={} warning={}", s.tenantId(),
          s.sessionId(), planId, violation));
    }
    return new Outcome.CheckpointBlocked(violation);
  }

  Outcome teleport(Move move, String target, boolean reroute, JournalRecord.Kind kind,
      MigrationScenario scenario, Outcome.TeleportReason reason, String message, List<FilledField> filled,
      List<String> actions, Effects fx) {
    return teleport(move, target, reroute, kind, scenario, reason, message, filled, actions, fx, null);
  }

  /**
   * {@link #teleport(Move, String, boolean, JournalRecord.Kind, MigrationScenario, Outcome.TeleportReason, String,
   * List, List, Effects)} with {@code note} as the journal record's warning (who moved the session, why it restarted).
   * A {@link JournalRecord.Kind#MOVED} publishes no event here: the operator move publishes its own.
   */
  Outcome teleport(Move move, String target, boolean reroute, JournalRecord.Kind kind,
      MigrationScenario scenario, Outcome.TeleportReason reason, String message, List<FilledField> filled,
      List<String> actions, Effects fx, String note) {
    SessionState s = move.session();
    ScenarioVersion to = move.to();
    String planId = move.planId();
    String violation = guard.checkpointViolation(s, move.from(), to, target, reroute, move.map());
    if (violation != null) {
      return block(move, scenario, filled, violation, fx);
    }
    Instant now = clock.instant();
    // required actions and a re-route notice are owed; eager batch migration owes every outcome (nobody has it yet)
    String effectId = fx.writes() && (fx.owes() || !actions.isEmpty() || message != null) ? effectId(s) : null;
    Outcome outcome = actions.isEmpty() ? new Outcome.Teleport(target, to.version(), reason, message, effectId)
        : new Outcome.ExecuteActions(actions, target, to.version(), effectId);
    SessionState after = arrived(s, move.variables(), to, target, filled, move.planIds(), now);
    JournalRecord rec = record(move.stored(), after, planId, kind, scenario, filled, note, now);
    if (effectId != null && stillOwed(fx)) {
      String why = reason.jsonName();
      after = after.withOwed(actions.isEmpty()
          ? new OwedEffects(effectId, OwedEffects.Kind.TELEPORT, planId, target, to.version(), why, message, List.of())
          : new OwedEffects(effectId, OwedEffects.Kind.EXECUTE_ACTIONS, planId, target, to.version(), why, message,
              actions));
      rec = record(move.stored(), after, planId, kind, scenario, filled, note, now, rec.id());
    }
    fx.commit(after, s.revision(), rec);
    // (a move's event is published by the operator move, with who moved it)
    if (kind == JournalRecord.Kind.RELOCATED) {
      fx.publish(new MigrationEvent.Relocated(s.tenantId(), s.sessionId(), planId, to.version(), target, now));
    } else {
      fx.publish(new MigrationEvent.MigrationApplied(s.tenantId(), s.sessionId(), planId, scenario, reason.jsonName(),
          to.version(), target, now));
    }
    for (FilledField f : filled) {
      fx.publish(new MigrationEvent.GapFilled(s.tenantId(), s.sessionId(), planId, f.field(), f.source(), now));
      if (f.source() == FilledField.Source.EXTRACTION) {
        fx.putProfile(s.tenantId(), s.customerId(), new ProfileField(f.field(), f.value(), "extraction",
            f.confidence(), null));
      }
      if (config.logGapFills() && fx.writes()) {
        fx.afterCommit(() -> LOG.info("gap filled tenant={} session={} plan={} field={} source={}", s.tenantId(),
            s.sessionId(), planId, f.field(), f.source().jsonName()));
      }
    }
    if (reroute && config.logReRoutes() && fx.writes()) {
      fx.afterCommit(() -> LOG.info("re-route tenant={} session={} plan={} target={}@v{}", s.tenantId(),
          s.sessionId(), planId, target, to.version()));
    }
    if (config.logMigrations() && fx.writes()) {
      fx.afterCommit(() -> LOG.info("migration applied tenant={} session={} plan={} kind={} from={}@v{} to={}@v{}",
          s.tenantId(), s.sessionId(), planId, kind.jsonName(), s.currentStepId(), s.version(), target,
          to.version()));
    }
    return outcome;
  }

  /** Tells the session to leave the scenario; the journal says why, and the message is owed as {@link #teleport}'s. */
  Outcome exit(Move move, String why, Effects fx) {
    SessionState s = move.session();
    String planId = move.planId();
    Instant now = clock.instant();
    SessionState after = settle(s.withPending(null).withPin(move.deployment()), move.planIds());
    JournalRecord rec = record(move.stored(), after, planId, JournalRecord.Kind.EXITED, null, List.of(), why, now);
    String effectId = fx.writes() ? effectId(s) : null;
    if (effectId != null && stillOwed(fx)) {
      after = after.withOwed(new OwedEffects(effectId, OwedEffects.Kind.EXIT_SCENARIO, planId, null, s.version(),
          null, config.exitMessage(), List.of()));
      rec = record(move.stored(), after, planId, JournalRecord.Kind.EXITED, null, List.of(), why, now, rec.id());
    }
    fx.commit(after, s.revision(), rec);
    fx.publish(new MigrationEvent.Exited(s.tenantId(), s.sessionId(), planId, now));
    if (fx.writes()) {
      fx.afterCommit(() -> LOG.info("exit scenario tenant={} session={} plan={} reason={}", s.tenantId(),
          s.sessionId(), planId, why));
    }
    return new Outcome.ExitScenario(config.exitMessage(), effectId);
  }

  /**
   * Whether what a move hands over stays owed after the move's write: always for eager batch migration (no host has
   * it yet); at a message, unless the write joins the host's transaction, whose commit then retires it.
   */
  boolean stillOwed(Effects fx) {
    return fx.owes() || !sessions.joinsHostTransaction();
  }

  static SessionState settle(SessionState s, List<String> planIds) {
    SessionState out = s;
    for (String id : planIds) {
      out = out.withSettled(id);
    }
    return out;
  }

  JournalRecord record(SessionState before, SessionState after, String planId, JournalRecord.Kind kind,
      MigrationScenario scenario, List<FilledField> filled, String warning) {
    return record(before, after, planId, kind, scenario, filled, warning, clock.instant());
  }

  static JournalRecord record(SessionState before, SessionState after, String planId, JournalRecord.Kind kind,
      MigrationScenario scenario, List<FilledField> filled, String warning, Instant at) {
    return record(before, after, planId, kind, scenario, filled, warning, at, fastUuid(at));
  }

  /** {@code vars} with the filled fields merged in, later values winning, in insertion order. */
  private static Map<String, Object> withFilled(Map<String, Object> vars, List<FilledField> filled) {
    if (vars instanceof com.google.common.collect.ImmutableMap<String, Object> m && noNullValue(filled)) {
      // the usual case: no null values, so the immutable map the state keeps is built directly (one copy, not two)
      com.google.common.collect.ImmutableMap.Builder<String, Object> b =
          com.google.common.collect.ImmutableMap.builderWithExpectedSize(m.size() + filled.size());
      b.putAll(m);
      for (FilledField f : filled) {
        b.put(f.field(), f.value());
      }
      return b.buildKeepingLast();
    }
    Map<String, Object> out = new LinkedHashMap<>(vars);
    for (FilledField f : filled) {
      out.put(f.field(), f.value());
    }
    return out;
  }

  private static boolean noNullValue(List<FilledField> filled) {
    for (FilledField f : filled) {
      if (f.value() == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * The state of {@code s} after a teleport to {@code target} of {@code to}, built in one copy: like
   * {@link ScenarioMigration#advance}, the arrival is a visit (so a checkpoint it lands on is on record), the filled
   * fields are merged into the variables (those the plans' mappings made, {@code mapped}), the marker is cleared, the
   * session is unpinned and {@code planIds} are settled; the revision is already the one the store gives the write, so
   * neither the journal record nor the store copies it again.
   */
  private SessionState arrived(SessionState s, Map<String, Object> mapped, ScenarioVersion to, String target,
      List<FilledField> filled, List<String> planIds, java.time.Instant now) {
    boolean complete = config.completeAtFinalStep();
    List<StepVisit> history = s.historyWith(StepVisit.of(to.requireStep(target), now));
    Map<String, Object> vars = mapped;
    if (!filled.isEmpty()) {
      vars = withFilled(vars, filled);
    }
    Set<String> settled = s.settledPlans();
    if (!planIds.isEmpty()) {
      settled = com.google.common.collect.ImmutableSet.<String>builderWithExpectedSize(settled.size()
          + planIds.size()).addAll(settled).addAll(planIds).build();
    }
    Step at = to.requireStep(target);
    // with sessions.complete_at_final_step, a migration that lands on a step with no outgoing transition completes
    // the session (an ended one stays ended)
    org.scenariomigration.session.SessionEnd end = s.end() != null ? s.end() : complete && at.transitions().isEmpty()
        ? new org.scenariomigration.session.SessionEnd(org.scenariomigration.session.EndReason.COMPLETED, now) : null;
    return s.toBuilder().version(to.version()).scenarioChecksum(to.checksum()).currentStepId(target).history(history)
        .variables(vars).pending(null).settledPlans(settled).pinned(false).revision(s.revision() + 1).owed(null)
        .end(end).pinGeneration(0).build();
  }

  /** The outcome that hands over {@code o}, with its id. */
  static Outcome offered(OwedEffects o) {
    return switch (o.kind()) {
      case TELEPORT -> new Outcome.Teleport(o.targetStepId(), o.targetVersion(),
          Outcome.TeleportReason.fromJson(o.reason()), o.message(), o.id());
      case EXECUTE_ACTIONS -> new Outcome.ExecuteActions(o.actions(), o.targetStepId(), o.targetVersion(), o.id());
      case EXIT_SCENARIO -> new Outcome.ExitScenario(o.message(), o.id());
    };
  }

  /**
   * The id of what a move of {@code before} owes the host: derived from the tenant, the session and the revision the
   * move starts from (each move of a session starts from another revision), so that a move undone with the host's
   * transaction and made again from the same state owes the same id.
   */
  static String effectId(SessionState before) {
    return UUID.nameUUIDFromBytes(("scenario-migration owed effect\n" + before.tenantId() + "\n"
        + before.sessionId() + "\n" + before.revision()).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
  }

  /** Whether a journal record is of a move that owed the host {@code effectId}. */
  static boolean owedBy(JournalRecord r, String effectId) {
    if (r.after().owed() != null && r.after().owed().id().equals(effectId)) {
      return true;
    }
    boolean move = r.kind() == JournalRecord.Kind.MIGRATED || r.kind() == JournalRecord.Kind.RELOCATED
        || r.kind() == JournalRecord.Kind.EXITED || r.kind() == JournalRecord.Kind.MOVED;
    return move && effectId(r.before()).equals(effectId);
  }

  /**
   * The journal record of retiring what {@code s} owes, {@code after} owing nothing: no plan (neither a rollback nor
   * the plan's counts see it), the effect and how it was retired in the warning, the effect in the before-state.
   */
  static JournalRecord retirement(SessionState s, SessionState after, String how, Instant at) {
    OwedEffects o = s.owed();
    return record(s, after, null, JournalRecord.Kind.EFFECT_RETIRED, null, List.of(), "owed effect '" + o.id()
        + "' (" + o.kind().jsonName() + (o.planId() == null ? "" : " of plan '" + o.planId() + "'") + ") " + how, at);
  }

  /**
   * A time-ordered (version 7, RFC 9562) UUID: the milliseconds of {@code at} then 74 random bits from
   * ThreadLocalRandom (journal ids need uniqueness, not unpredictability). Ids of records written one after another
   * sort together, so the journal's unique index on them grows at one end instead of at random places (fewer pages
   * touched per insert, and on PostgreSQL fewer full-page images in the write-ahead log).
   */
  static String fastUuid(java.time.Instant at) {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long msb = ((at.toEpochMilli() & 0xFFFFFFFFFFFFL) << 16) | 0x7000L | (r.nextInt() & 0xFFFL);
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  static JournalRecord record(SessionState before, SessionState after, String planId, JournalRecord.Kind kind,
      MigrationScenario scenario, List<FilledField> filled, String warning, Instant at, String id) {
    List<String> asked = before.pending() == null ? List.of() : before.pending().askedFields();
    return new JournalRecord(id, before.tenantId(), before.sessionId(), planId, kind,
        scenario, before, after.withRevision(before.revision() + 1), filled, asked, warning, at);
  }
}
