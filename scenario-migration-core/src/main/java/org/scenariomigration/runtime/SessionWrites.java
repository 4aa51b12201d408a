package org.scenariomigration.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.scenariomigration.scenario.FieldType;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.session.EndReason;
import org.scenariomigration.session.SessionEnd;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;
import org.scenariomigration.session.VariableValues;
import org.scenariomigration.spi.JournalRecord;

/**
 * The host's writes to a session between messages: a step reached, an effect acknowledged, variables set, the session
 * ended. Each reads the session, writes it under its revision and tries again ({@link Retries}) when a concurrent call
 * wrote it first. Package-private: {@link ScenarioMigration} is its surface.
 */
final class SessionWrites {
  private final Engine engine;

  SessionWrites(Engine engine) {
    this.engine = engine;
  }

  SessionState advance(String tenantId, String sessionId, String stepId) {
    return Retries.onConcurrentUpdate(attempt -> {
      SessionState stored = engine.session(tenantId, sessionId);
      if (stored.end() != null) {
        throw new SessionEndedException(tenantId, sessionId, stored.end(), "advance to '" + stepId + "'");
      }
      // judged where it is before it moves, as marking at the deploy judged it: the move keeps the answer
      Reconciler.Judged judged = engine.reconciler.judgedInPlace(stored);
      SessionState s = judged.session();
      long generation = judged.generation();
      ScenarioVersion v = engine.requireVersion(tenantId, s.scenarioId(), s.version());
      Step step = v.step(stepId).orElseThrow(() -> new UnknownStepException(tenantId, s.scenarioId(), s.version(),
          stepId, sessionId));
      Instant now = engine.clock.instant();
      SessionState after = s.withVisit(StepVisit.of(step, now));
      if (engine.config.completeAtFinalStep() && step.transitions().isEmpty()) {
        after = after.withEnd(new SessionEnd(EndReason.COMPLETED, now)); // nowhere to go from here: completed
      }
      if (s.owed() == null || stepId.equals(s.currentStepId())) {
        SessionState visited = after;
        return engine.visits.write(s, visited, () -> engine.sessions.update(visited, s.revision(), generation));
      }
      SessionState moved = after.withOwed(null);
      return engine.visits.write(s, moved, () -> engine.sessions.commit(moved, s.revision(), generation,
          MoveWriter.retirement(s, moved, "retired by advance from '" + s.currentStepId() + "' to '" + stepId
              + "'", now)));
    });
  }

  boolean acknowledge(String tenantId, String sessionId, String effectId) {
    return Retries.onConcurrentUpdate(attempt -> {
      SessionState s = engine.session(tenantId, sessionId);
      if (s.owed() == null || !s.owed().id().equals(effectId)) {
        for (JournalRecord r : engine.journal.forSession(tenantId, sessionId)) {
          if (MoveWriter.owedBy(r, effectId)) {
            return false; // issued for this session, and retired already
          }
        }
        throw new UnknownEffectException(tenantId, sessionId, effectId);
      }
      SessionState retired = s.withOwed(null);
      engine.sessions.commit(retired, s.revision(), MoveWriter.retirement(s, retired, "acknowledged by the host",
          engine.clock.instant()));
      return true;
    });
  }

  SessionState setVariables(String tenantId, String sessionId, Map<String, ?> variables) {
    return Retries.onConcurrentUpdate(attempt -> {
      SessionState s = engine.session(tenantId, sessionId);
      if (s.end() != null) {
        throw new SessionEndedException(s.tenantId(), s.sessionId(), s.end(), "set variables " + variables.keySet());
      }
      return engine.sessions.update(s.withVariables(VariableValues.normalizeVariables(typed(s, variables))),
          s.revision());
    });
  }

  SessionState endSession(String tenantId, String sessionId, EndReason reason) {
    return Retries.onConcurrentUpdate(attempt -> {
      SessionState s = engine.session(tenantId, sessionId);
      if (s.end() != null) {
        return s;
      }
      Instant now = engine.clock.instant();
      SessionState ended = s.withEnd(new SessionEnd(reason, now));
      if (s.owed() == null) {
        return engine.sessions.update(ended, s.revision());
      }
      SessionState retired = ended.withOwed(null);
      return engine.sessions.commit(retired, s.revision(), MoveWriter.retirement(s, retired,
          "retired by endSession (" + reason.name() + ")", now));
    });
  }

  /** The variables converted to the types the session's versions declare for them; the newest version decides. */
  private Map<String, ?> typed(SessionState s, Map<String, ?> variables) {
    List<ScenarioVersion> versions = new ArrayList<>(3);
    int current = engine.scenarios.currentVersion(s.tenantId(), s.scenarioId());
    int target = s.pending() == null ? 0 : s.pending().targetVersion();
    TreeSet<Integer> numbers = new TreeSet<>(Comparator.reverseOrder());
    numbers.add(s.version());
    numbers.add(current);
    numbers.add(target);
    for (int v : numbers) {
      if (v > 0) {
        engine.reconciler.version(s.tenantId(), s.scenarioId(), v).ifPresent(versions::add);
      }
    }
    Map<String, Object> out = null;
    for (Map.Entry<String, ?> e : variables.entrySet()) {
      for (ScenarioVersion v : versions) {
        FieldType type = v.fieldType(requireNonNull(e.getKey(), "variable name"));
        if (type.isDeclared()) {
          Object converted = type.convert(e.getKey(), e.getValue());
          if (converted != e.getValue()) {
            out = out == null ? new LinkedHashMap<>(variables) : out;
            out.put(e.getKey(), converted);
          }
          break;
        }
      }
    }
    return out == null ? variables : out;
  }
}
