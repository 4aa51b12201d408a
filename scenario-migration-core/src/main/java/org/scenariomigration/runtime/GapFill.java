package org.scenariomigration.runtime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.scenariomigration.condition.ConditionEvaluationException;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.scenario.ForkBranch;
import org.scenariomigration.scenario.InsertedNode;
import org.scenariomigration.scenario.InvalidFieldValueException;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.NewFork;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.Transition;
import org.scenariomigration.spi.Extractor;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.session.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gap resolver: moves a session to a target step, filling first the gaps the move leaves. The fields that new
 * upstream steps on the way the session came collect (and that new forks read) are looked up in the session, then the
 * customer profile, then the conversation ({@link Extractor}, with confidence thresholds), and asked of the customer
 * last; new forks may divert the session; the required actions of new steps on its way are owed to the host. The move
 * itself is written by the {@link MoveWriter}, after the {@link CheckpointGuard}. Package-private.
 */
final class GapFill {
  private static final Logger LOG = LoggerFactory.getLogger(ScenarioMigration.class);

  private final MigrationConfig config;
  private final ProfileStore profiles;
  private final Clock clock;
  private final PlanCatalogue catalogue;
  private final CheckpointGuard guard;
  private final WayCame way;
  private final MoveWriter writer;

  GapFill(MigrationConfig config, ProfileStore profiles, Clock clock, PlanCatalogue catalogue, CheckpointGuard guard,
      WayCame way, MoveWriter writer) {
    this.config = config;
    this.profiles = profiles;
    this.clock = clock;
    this.catalogue = catalogue;
    this.guard = guard;
    this.way = way;
    this.writer = writer;
  }

  /**
   * Moves the session to {@code target} of the move's target version, filling the gaps the move leaves first: the
   * same code for every move (a planned migration at an anchor, a composite migration, a relocation). When
   * {@code anchor} (the anchor at the target; {@code null} when the target is no anchor) is a gap fill or a re-route,
   * the fields its new upstream steps collect (and its new forks read) are looked up in the session, the profile and
   * the conversation, and asked of the customer last; its new forks may divert the session; the required actions of
   * its inserted steps are owed to the host. The checkpoint guard then decides in {@link #teleport}.
   */
  Outcome moveAt(Move move, String anchorTarget, AnchorTransformation anchor, MigrationScenario scenario,
      JournalRecord.Kind kind, Effects fx) {
    SessionState s = move.session();
    ScenarioVersion to = move.to();
    List<FilledField> filled = List.of(); // a clean graft allocates neither list
    String target = anchorTarget;
    boolean rerouted = false;
    List<String> actions = List.of();
    if (anchor != null && scenario != MigrationScenario.CLEAN_GRAFT) {
      String orphan = guard.orphanedCheckpoint(s, move.from(), move.to(), move.map());
      if (orphan != null) {
        return writer.block(move, scenario, List.of(), orphan, fx); // before asking anything: no move is possible
      }
      filled = new ArrayList<>();
      // with re-routing disabled a re-route is a gap fill: fields only a fork reads are not needed
      Prepared prepared = catalogue.prepared(anchor, to);
      boolean reroute = scenario == MigrationScenario.RE_ROUTE && config.reRoutingEnabled();
      List<NewFork> forks = reroute ? way.counting(prepared.forks(), move, anchor) : List.of();
      reroute = !forks.isEmpty();
      List<CollectedField> needed = reroute ? prepared.fieldsFor(forks) : prepared.gapFillFields();
      // the new upstream steps the session came through: a step on another branch, or on a retry loop's way back
      // that the session never took, asks nothing and is owed nothing
      Set<String> onWay = new java.util.HashSet<>();
      Set<String> wayFields = new java.util.HashSet<>();
      List<String[]> path = null;
      for (List<InsertedNode> nodes : List.of(anchor.upstreamChanges().insertedNodes(),
          anchor.upstreamChanges().editedNodes())) {
        for (InsertedNode n : nodes) {
          Step st = to.step(n.nodeId()).orElse(null);
          boolean checkpoint = st != null && st.checkpoint() && nodes == anchor.upstreamChanges().insertedNodes();
          if (n.collectsFields().isEmpty() && !n.requiredAction() && !checkpoint) {
            continue;
          }
          path = path == null ? way.wayCame(s, move, anchor.toStepId()) : path;
          if (WayCame.onTheWay(path, n.nodeId(), move.to())) {
            if (checkpoint && config.blockTeleportPastCheckpoint() && !path.isEmpty()) {
              // a checkpoint new on the way the session came: it is past it and never passed it
              return writer.block(move, scenario, List.of(), "checkpoint '" + st.name() + "' ("
                  + st.checkpointDescription()
                  + ") is new in version " + to.version() + " on the way session '" + s.sessionId() + "' came to '"
                  + anchor.toStepId() + "', and it never passed it", fx);
            }
            onWay.add(n.nodeId());
            wayFields.addAll(n.collectsFields());
          }
        }
      }
      if (!needed.isEmpty()) {
        Set<String> forkFields = new java.util.HashSet<>();
        forks.forEach(f -> forkFields.addAll(f.fieldsRead()));
        List<CollectedField> kept = new ArrayList<>(needed.size());
        for (CollectedField c : needed) {
          if (wayFields.contains(c.name()) || forkFields.contains(c.name())) {
            kept.add(c);
          }
        }
        needed = kept;
      }
      if (reroute) {
        List<String> uncomputed = null;
        for (NewFork f : forks) {
          for (String c : f.computedFields()) {
            if (lookup(move.variables(), c) == null) {
              uncomputed = uncomputed == null ? new ArrayList<>() : uncomputed;
              if (!uncomputed.contains(c)) {
                uncomputed.add(c);
              }
            }
          }
        }
        if (uncomputed != null) {
          return computeFirst(move, anchor, uncomputed, fx);
        }
      }
      Outcome asking = fill(s, move.variables(), needed, filled, fx);
      if (asking != null) {
        markAsked(s, asking instanceof Outcome.Collect c ? c.fields() : List.of(((Outcome.Confirm) asking).field()),
            fx);
        return asking;
      }
      if (reroute) {
        Map<String, Object> vars = new HashMap<>(move.variables());
        for (FilledField f : filled) {
          vars.put(f.field(), f.value());
        }
        Diversion d = divert(forks, to, vars);
        if (d.failure() != null) {
          return conditionFailed(move, prepared, d, fx);
        }
        if (d.target() != null) {
          target = d.target();
          rerouted = true;
        }
      }
      if (!rerouted) {
        for (InsertedNode n : anchor.upstreamChanges().insertedNodes()) {
          if (n.requiredAction() && onWay.contains(n.nodeId()) && !ranFirst(s, to, n)) {
            actions = actions.isEmpty() ? new ArrayList<>() : actions;
            actions.add(n.nodeId());
          }
        }
        for (InsertedNode n : anchor.upstreamChanges().editedNodes()) {
          if (n.requiredAction() && onWay.contains(n.nodeId())) {
            actions = actions.isEmpty() ? new ArrayList<>() : actions;
            actions.add(n.nodeId());
          }
        }
      }
    }
    String message = rerouted && config.notifyUser() ? config.notificationTemplate() : null;
    if (kind == JournalRecord.Kind.RELOCATED) {
      return writer.teleport(move, target, rerouted, kind, null, Outcome.TeleportReason.RELOCATION, message, filled,
          actions, fx);
    }
    // what the migration applied: a re-route-class anchor whose session stayed on its branch was a gap fill
    MigrationScenario applied = rerouted ? MigrationScenario.RE_ROUTE
        : scenario == MigrationScenario.RE_ROUTE ? MigrationScenario.GAP_FILL : scenario;
    Outcome.TeleportReason reason = Outcome.TeleportReason.valueOf(applied.name());
    return writer.teleport(move, target, rerouted, kind, applied, reason, message, filled, actions, fx);
  }

  /**
   * A fork the session must pass reads fields the flow computes ({@code sets_fields}) that the session lacks: they are
   * never asked. When new upstream steps of the anchor compute them, the host runs those first
   * ({@code execute_actions}, the session staying where it is) and the next message decides; otherwise, or when that
   * did not set them, the session stays on its version with a warning.
   */
  private Outcome computeFirst(Move move, AnchorTransformation anchor, List<String> fields, Effects fx) {
    SessionState s = move.session();
    List<String> steps = new ArrayList<>();
    for (InsertedNode n : anchor.upstreamChanges().insertedNodes()) {
      Step st = move.to().step(n.nodeId()).orElse(null);
      if (st != null && !java.util.Collections.disjoint(st.setsFields(), fields)) {
        steps.add(st.id());
      }
    }
    boolean tried = s.pending() == null || s.pending().askedFields().containsAll(fields);
    if (!steps.isEmpty() && !tried) {
      if (!fx.interactive()) {
        return Outcome.CONTINUE; // eager batch migration runs nothing: the session's next message will
      }
      markAsked(s, fields, fx);
      return new Outcome.ExecuteActions(steps, s.currentStepId(), s.version());
    }
    return writer.pin(move, "re-route at '" + anchor.toStepId() + "' of version " + move.to().version()
        + " needs " + fields + ", computed by the flow" + (steps.isEmpty() ? " ahead of no new step"
        : " by " + steps + ", which did not set " + (fields.size() > 1 ? "them" : "it")) + "; session '"
        + s.sessionId() + "' kept on version " + s.version(), fx);
  }

  /** Whether the host already ran inserted step {@code n} to compute a field a fork needed ({@link #computeFirst}). */
  private static boolean ranFirst(SessionState s, ScenarioVersion to, InsertedNode n) {
    if (s.pending() == null || s.pending().askedFields().isEmpty()) {
      return false;
    }
    Step st = to.step(n.nodeId()).orElse(null);
    return st != null && !java.util.Collections.disjoint(st.setsFields(), s.pending().askedFields());
  }

  /** Asks the customer for the missing fields, naming each with its declared type. */
  private Outcome ask(SessionState s, List<CollectedField> missing, Effects fx) {
    Outcome.Collect c = collect(missing);
    markAsked(s, c.fields(), fx);
    return c;
  }

  /** The {@code collect} of the missing fields, naming each with its declared type. */
  private static Outcome.Collect collect(List<CollectedField> missing) {
    List<String> names = new ArrayList<>(missing.size());
    for (CollectedField f : missing) {
      names.add(f.name());
    }
    return new Outcome.Collect(names, "Before we continue, could you tell me your " + String.join(", ", names)
        + "?", missing);
  }

  /**
   * A re-route condition that cannot be evaluated never falls through to a default branch: as
   * {@code re_routing.on_condition_error} says, the customer is asked for the fields it reads (once), or the session
   * is kept where it is; either way the journal says which condition failed and why.
   */
  private Outcome conditionFailed(Move move, Prepared prepared, Diversion d, Effects fx) {
    SessionState s = move.session();
    String warning = "re-route condition '" + d.condition() + "' at '" + d.forkStepId() + "' of version "
        + move.to().version() + " cannot be evaluated for session '" + s.sessionId() + "': " + d.failure();
    if (config.onConditionError() == MigrationConfig.ConditionErrorAction.ASK && fx.interactive()
        && s.pending() != null && !s.pending().askedFields().containsAll(d.fieldsRead())) {
      List<CollectedField> fields = new ArrayList<>();
      for (String f : d.fieldsRead()) {
        fields.add(prepared.field(f));
      }
      if (fx.writes()) {
        fx.afterCommit(() -> LOG.warn("{}; asking for {}", warning, d.fieldsRead()));
      }
      return ask(s, fields, fx);
    }
    if (!fx.interactive() && config.onConditionError() == MigrationConfig.ConditionErrorAction.ASK) {
      return Outcome.CONTINUE; // eager batch migration asks nobody: the session's next message will
    }
    return writer.pin(move, warning + "; kept on version " + s.version(), fx);
  }

  /**
   * Fills {@code needed}, for a migration's gap fill and an operator move ({@link OperatorMove}): each from the
   * session, the profile, the conversation; the filled ones are added to {@code filled}. Answers {@code null} when
   * every field is filled, else the {@code collect} naming the missing ones (or the {@code confirm} of an extracted
   * value below the confirmation threshold). Writes nothing.
   */
  Outcome fill(SessionState s, Map<String, Object> vars, List<CollectedField> needed, List<FilledField> filled,
      Effects fx) {
    List<CollectedField> missing = new ArrayList<>();
    Outcome.Confirm confirm = null;
    for (CollectedField f : needed) {
      Resolution r = resolve(s, vars, f, fx);
      if (r.filled != null) {
        filled.add(r.filled);
      } else if (r.confirm != null) {
        confirm = confirm == null ? r.confirm : confirm;
      } else {
        missing.add(f);
      }
    }
    return missing.isEmpty() ? confirm : collect(missing);
  }

  /** Records asked fields on the marker; writes only when something new was asked (no write per waiting message). */
  void markAsked(SessionState s, List<String> fields, Effects fx) {
    if (s.pending() == null) {
      return; // a relocation without a plan: nothing to record on (the next message looks again)
    }
    PendingMigration asked = s.pending().withAsked(fields);
    if (fx.interactive() && !asked.equals(s.pending())) {
      fx.update(s.withPending(asked), s.revision());
    }
  }

  private record Resolution(FilledField filled, Outcome.Confirm confirm) {}

  /**
   * Fills one field: the session's own value first, then the profile, then the conversation. Each value is converted
   * to the field's declared type; a value that cannot be converted is passed over (with a warning naming the field,
   * the value and the type), so the next source, or the customer, is asked instead.
   */
  private Resolution resolve(SessionState s, Map<String, Object> vars, CollectedField f, Effects fx) {
    String name = f.name();
    // a value the session already holds is no gap: the profile must not overwrite what the customer answered
    // (the migrated session keeps every variable) nor route it on another value than its own
    Object v = typed(s, f, lookup(vars, name), "session");
    if (v != null) {
      return new Resolution(new FilledField(name, v, FilledField.Source.SESSION, 1.0), null);
    }
    Optional<ProfileField> p = profiles.find(s.tenantId(), s.customerId(), name);
    if (p.isPresent() && !p.get().isExpired(clock.instant())) {
      Object pv = typed(s, f, p.get().value(), "profile");
      if (pv != null) {
        return new Resolution(new FilledField(name, pv, FilledField.Source.PROFILE, p.get().confidence()), null);
      }
    }
    if (config.extractionEnabled()) {
      Optional<Extractor.Extraction> e = fx.extract(new Extractor.ExtractionRequest(s.tenantId(),
          s.sessionId(), s.customerId(), name, f.extractionHint(), config.maxConversationTurns()));
      Object ev = e.isPresent() ? typed(s, f, e.get().value(), "extractor") : null;
      if (ev != null && e.get().confidence() >= config.extractionConfidenceThreshold()) {
        double c = e.get().confidence();
        if (c < config.confirmationThreshold()) {
          return new Resolution(null, new Outcome.Confirm(name, ev, c,
              "Just to confirm, is your " + name + " " + ev + "?", f.type()));
        }
        return new Resolution(new FilledField(name, ev, FilledField.Source.EXTRACTION, c), null);
      }
    }
    return new Resolution(null, null);
  }

  /** {@code value} converted to the field's declared type, or {@code null} (with a warning) when it cannot be. */
  private static Object typed(SessionState s, CollectedField f, Object value, String source) {
    if (value == null) {
      return null;
    }
    try {
      return f.type().convert(f.name(), value);
    } catch (InvalidFieldValueException e) {
      LOG.warn("gap fill passes over a {} value tenant={} session={}: {}", source, s.tenantId(), s.sessionId(),
          e.getMessage());
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  static Object lookup(Map<String, Object> vars, String path) {
    Object v = vars.get(path);
    if (v != null || !path.contains(".")) {
      return v;
    }
    Object cur = vars;
    for (String part : path.split("\\.")) {
      if (!(cur instanceof Map)) {
        return null;
      }
      cur = ((Map<String, Object>) cur).get(part);
    }
    return cur;
  }

  /**
   * The outcome of evaluating the diverting forks: the diverted target ({@code null} to stay on the anchor's branch),
   * or, when a condition could not be evaluated, the failure with the condition, its fork and the fields it reads.
   */
  private record Diversion(String target, String failure, String condition, String forkStepId,
      List<String> fieldsRead) {
    static final Diversion STAY = new Diversion(null, null, null, null, List.of());
  }

  /**
   * Evaluates the diverting forks nearest the start first. A condition that cannot be evaluated stops the evaluation:
   * falling through to the fork's default branch would route the session on a value nobody checked.
   */
  private Diversion divert(List<NewFork> forks, ScenarioVersion to, Map<String, Object> vars) {
    for (NewFork fork : forks) {
      Step step = to.step(fork.forkStepId()).orElse(null);
      if (step == null) {
        continue;
      }
      String chosen = null;
      String fallback = null;
      for (Transition tr : step.transitions()) {
        if (!tr.isConditional()) {
          fallback = fallback == null ? tr.toStepId() : fallback;
          continue;
        }
        try {
          if (to.condition(tr).evaluate(vars)) {
            chosen = tr.toStepId();
            break;
          }
        } catch (ConditionEvaluationException e) {
          return new Diversion(null, e.getMessage(), tr.condition(), step.id(),
              List.copyOf(to.condition(tr).fieldsRead()));
        }
      }
      chosen = chosen == null ? fallback : chosen;
      if (chosen == null) {
        continue;
      }
      for (ForkBranch b : fork.branches()) {
        if (b.targetStepId().equals(chosen) && !b.leadsToAnchor()) {
          return new Diversion(chosen, null, null, null, List.of());
        }
      }
    }
    return Diversion.STAY;
  }
}
