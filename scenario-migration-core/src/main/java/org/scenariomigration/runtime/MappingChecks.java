package org.scenariomigration.runtime;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.scenariomigration.condition.CompiledCondition;
import org.scenariomigration.condition.ConditionSyntaxException;
import org.scenariomigration.plan.InvalidVariableMappingException;
import org.scenariomigration.plan.InvalidVariableMappingException.Problem;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.VariableMapping;
import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.scenario.FieldType;
import org.scenariomigration.scenario.InvalidFieldValueException;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.Transition;

/**
 * Checks a plan's variable mappings against its two versions: every field a mapping reads is known in the old version
 * (collected, required, set by a step, or read by a condition), a rename keeps the declared type (an integer may
 * become a number, an enum may gain values, an undeclared side takes anything), a default converts to the new
 * field's declared type, a computed field's expression compiles with the version's condition engine, reads known
 * fields and writes a field that may hold a boolean. Package-private.
 */
final class MappingChecks {
  private MappingChecks() {}

  /** Throws {@link InvalidVariableMappingException} naming the plan, the variable and the bad value of the first. */
  static void check(MigrationPlan plan, ScenarioVersion from, ScenarioVersion to, List<VariableMapping> mappings) {
    Set<String> known = known(from);
    String where = "plan '" + plan.id() + "' (version " + from.version() + " to " + to.version() + "): ";
    for (VariableMapping m : mappings) {
      if (m instanceof VariableMapping.Rename r) {
        requireKnown(where, known, r.from(), r.to(), from);
        FieldType a = from.fieldType(r.from());
        FieldType b = to.fieldType(r.to());
        if (!fits(a, b)) {
          throw new InvalidVariableMappingException(Problem.TYPE_MISMATCH, r.to(), r.from(), where + "rename of '"
              + r.from() + "' (" + a + " in version " + from.version() + ") to '" + r.to() + "' (" + b
              + " in version " + to.version() + ") changes its type");
        }
      } else if (m instanceof VariableMapping.Drop d) {
        requireKnown(where, known, d.field(), d.field(), from);
      } else if (m instanceof VariableMapping.Default d) {
        try {
          to.fieldType(d.field()).convert(d.field(), d.value());
        } catch (InvalidFieldValueException e) {
          throw new InvalidVariableMappingException(Problem.TYPE_MISMATCH, d.field(), String.valueOf(d.value()),
              where + "default of '" + d.field() + "': " + e.getMessage());
        }
      } else if (m instanceof VariableMapping.Computed c) {
        CompiledCondition compiled;
        try {
          compiled = from.conditionEngine().compile(c.expression());
        } catch (ConditionSyntaxException e) {
          throw new InvalidVariableMappingException(Problem.BAD_EXPRESSION, c.field(), c.expression(), where
              + "computed variable '" + c.field() + "' has an expression that does not compile: " + e.getMessage());
        }
        for (String path : compiled.fieldsRead()) {
          requireKnown(where, known, path, c.field(), from);
        }
        FieldType t = to.fieldType(c.field());
        if (t.isDeclared() && t.kind() != FieldType.Kind.BOOLEAN) {
          throw new InvalidVariableMappingException(Problem.TYPE_MISMATCH, c.field(), c.expression(), where
              + "computed variable '" + c.field() + "' is a boolean, but version " + to.version() + " declares it "
              + t);
        }
      }
    }
  }

  private static void requireKnown(String where, Set<String> known, String path, String variable,
      ScenarioVersion from) {
    int dot = path.indexOf('.');
    if (!known.contains(path) && (dot < 0 || !known.contains(path.substring(0, dot)))) {
      throw new InvalidVariableMappingException(Problem.UNKNOWN_FIELD, variable, path, where + "field '" + path
          + "' is not known in version " + from.version() + " (no step collects, requires or sets it, and no "
          + "condition reads it)");
    }
  }

  /** Whether a value of declared type {@code a} keeps its meaning as a value of {@code b}. */
  private static boolean fits(FieldType a, FieldType b) {
    if (!a.isDeclared() || !b.isDeclared() || a.equals(b)) {
      return true;
    }
    if (a.kind() == FieldType.Kind.INTEGER && b.kind() == FieldType.Kind.NUMBER) {
      return true;
    }
    return a.kind() == FieldType.Kind.ENUM && b.kind() == FieldType.Kind.ENUM && b.values().containsAll(a.values());
  }

  /** The fields version {@code v} knows: collected, required or set by a step, or read by a condition. */
  static Set<String> known(ScenarioVersion v) {
    Set<String> out = new HashSet<>();
    for (Step s : v.steps()) {
      for (CollectedField f : s.collectsFields()) {
        out.add(f.name());
      }
      out.addAll(s.requiresFields());
      out.addAll(s.setsFields());
      for (Transition t : s.transitions()) {
        if (t.isConditional()) {
          out.addAll(v.condition(t).fieldsRead());
        }
      }
    }
    return out;
  }
}
