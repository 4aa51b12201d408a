package org.scenariomigration.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.scenariomigration.condition.CompiledCondition;
import org.scenariomigration.condition.ConditionEngine;
import org.scenariomigration.condition.ConditionEvaluationException;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.VariableMapping;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.VariableValues;
import org.scenariomigration.spi.JournalRecord;

/**
 * Applies plans' variable mappings to a session's variables when it migrates, and undoes them when the migration is
 * rolled back. A plan's mappings all read the variables as its source version left them: renamed and dropped fields
 * are removed, renamed ones set under their new names, computed fields set to their condition's value (left unset
 * when it cannot be evaluated), and defaults set where the session holds no value then. A chain of plans applies each
 * plan's mappings in turn. Package-private.
 */
final class MappingApplier {
  private static final int MAX_COMPILED = 1024;

  /** Compiled expressions of computed fields, by engine and text (bounded: cleared when full). */
  private final Map<ConditionEngine, Map<String, CompiledCondition>> compiled = new ConcurrentHashMap<>();

  /**
   * {@code vars} after the mappings of every plan of {@code chain}, in order; {@code vars} itself when none has any.
   */
  Map<String, Object> apply(List<MigrationPlan> chain, Map<String, Object> vars, ConditionEngine engine) {
    Map<String, Object> out = vars;
    for (MigrationPlan p : chain) {
      if (!p.variableMappings().isEmpty()) {
        out = applyOne(p.variableMappings(), out, engine);
      }
    }
    return out;
  }

  /** {@code old} after one plan's {@code mappings}, normalised. */
  Map<String, Object> applyOne(List<VariableMapping> mappings, Map<String, Object> old, ConditionEngine engine) {
    Map<String, Object> out = new LinkedHashMap<>(old);
    List<VariableMapping.Default> defaults = new ArrayList<>();
    for (VariableMapping m : mappings) {
      if (m instanceof VariableMapping.Rename r) {
        out.remove(r.from());
      } else if (m instanceof VariableMapping.Drop) {
        out.remove(m.field());
      }
    }
    for (VariableMapping m : mappings) {
      if (m instanceof VariableMapping.Rename r && old.containsKey(r.from())) {
        out.put(r.to(), old.get(r.from()));
      } else if (m instanceof VariableMapping.Computed c) {
        try {
          out.put(c.field(), condition(engine, c.expression()).evaluate(old));
        } catch (ConditionEvaluationException e) {
          // a field it reads is missing or of another type: the variable stays as it is (gap fill may ask for it)
        }
      } else if (m instanceof VariableMapping.Default d) {
        defaults.add(d);
      }
    }
    for (VariableMapping.Default d : defaults) {
      if (out.get(d.field()) == null) {
        out.put(d.field(), d.value());
      }
    }
    return VariableValues.normalizeVariables(out);
  }

  private CompiledCondition condition(ConditionEngine engine, String expression) {
    Map<String, CompiledCondition> byText = compiled.computeIfAbsent(engine, e -> new ConcurrentHashMap<>());
    if (byText.size() >= MAX_COMPILED) {
      byText.clear();
    }
    return byText.computeIfAbsent(expression, engine::compile);
  }

  /**
   * The plans whose mappings a journaled move applied (those it settled), in chain order, from {@code find}; empty
   * when none of them has mappings (or none is found any more).
   */
  static List<MigrationPlan> appliedBy(JournalRecord r, Function<String, Optional<MigrationPlan>> find) {
    if (r.planId() == null) {
      return List.of();
    }
    Set<String> ids = new LinkedHashSet<>(r.after().settledPlans());
    ids.removeAll(r.before().settledPlans());
    ids.add(r.planId());
    List<MigrationPlan> out = new ArrayList<>();
    boolean any = false;
    for (String id : ids) {
      MigrationPlan p = find.apply(id).orElse(null);
      if (p != null) {
        out.add(p);
        any |= !p.variableMappings().isEmpty();
      }
    }
    out.sort(Comparator.comparingInt(MigrationPlan::fromVersion));
    return any ? out : List.of();
  }

  /**
   * The variables a rollback of the journaled move {@code r} gives session {@code now}: each variable the plans'
   * mappings touched goes back to its value before the move (renamed back, a computed or default value removed, a
   * dropped one restored), unless it changed since the move; a value given since under a renamed field's new name
   * is kept, and also given to the old name. Every other variable is kept as it is now.
   */
  static Map<String, Object> undo(List<MigrationPlan> chain, JournalRecord r, SessionState now) {
    if (chain.isEmpty()) {
      return now.variables();
    }
    Map<String, Object> before = r.before().variables();
    Map<String, Object> after = r.after().variables();
    Map<String, Object> vars = now.variables();
    Map<String, Object> out = new LinkedHashMap<>(vars);
    Set<String> touched = new LinkedHashSet<>();
    Map<String, Object> carried = new HashMap<>(); // values given since the move, by the names they had before it
    for (int i = chain.size() - 1; i >= 0; i--) {
      List<VariableMapping> ms = chain.get(i).variableMappings();
      for (int j = ms.size() - 1; j >= 0; j--) {
        VariableMapping m = ms.get(j);
        touched.add(m.field());
        if (m instanceof VariableMapping.Rename rn) {
          touched.add(rn.from());
          if (carried.containsKey(rn.to())) {
            carried.put(rn.from(), carried.get(rn.to()));
          } else if (vars.containsKey(rn.to()) && changed(rn.to(), after, vars)) {
            carried.put(rn.from(), vars.get(rn.to()));
          }
        }
      }
    }
    for (String k : touched) {
      if (changed(k, after, vars)) {
        continue; // given since the move: kept
      }
      if (before.containsKey(k)) {
        out.put(k, before.get(k));
      } else {
        out.remove(k);
      }
    }
    for (Map.Entry<String, Object> e : carried.entrySet()) {
      if (before.containsKey(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return VariableValues.normalizeVariables(out);
  }

  private static boolean changed(String k, Map<String, Object> after, Map<String, Object> now) {
    return after.containsKey(k) != now.containsKey(k) || !Objects.equals(after.get(k), now.get(k));
  }
}
