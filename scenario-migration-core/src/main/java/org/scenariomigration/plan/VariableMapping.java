package org.scenariomigration.plan;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Set;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.session.VariableValues;

/**
 * One change a plan makes to a session's variables when it migrates the session: a {@link Rename} ({@code age} to
 * {@code customer_age}), a {@link Default} value, a {@link Drop}, or a {@link Computed} field (a condition over the old
 * variables, {@code is_adult = age >= 18}). Every mapping of a plan reads the variables as the old version left them
 * and the plan applies them together; along a chain of plans each plan's mappings apply in turn. Immutable; made with
 * the factory methods, which check the field names ({@link Ids}, {@link IdKind#FIELD}) and a default's value
 * ({@link VariableValues}).
 *
 * <pre>{@code
 * List<VariableMapping> mappings = List.of(
 *     VariableMapping.rename("age", "customer_age"),
 *     VariableMapping.defaultValue("tier", "standard"),
 *     VariableMapping.drop("legacy_flag"),
 *     VariableMapping.computed("is_adult", "age >= 18"));
 * }</pre>
 */
public sealed interface VariableMapping
    permits VariableMapping.Rename, VariableMapping.Default, VariableMapping.Drop, VariableMapping.Computed {

  /** The kind of a mapping, with its JSON name. */
  enum Kind {
    /** {@link Rename}. */
    RENAME,
    /** {@link Default}. */
    DEFAULT,
    /** {@link Drop}. */
    DROP,
    /** {@link Computed}. */
    COMPUTED;

    /** The JSON name: {@code rename}, {@code default}, {@code drop}, {@code computed}. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind with this JSON name; {@link IllegalArgumentException} naming the text when there is none. */
    public static Kind fromJson(String name) {
      for (Kind k : values()) {
        if (k.jsonName().equals(name)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown variable mapping type '" + name
          + "', expected rename, default, drop or computed");
    }
  }

  /** This mapping's kind. */
  Kind kind();

  /**
   * The variable this mapping writes in the new version ({@link Rename#to}, {@link Default#field},
   * {@link Computed#field}) or removes ({@link Drop#field}).
   */
  String field();

  /**
   * The old variables it reads by name: the renamed or the dropped field; empty for a default, and for a computed field
   * (the fields its expression reads are known once it is compiled, when the plan is validated).
   */
  Set<String> reads();

  /**
   * The mapping as the review shows it: {@code rename age -> customer_age}, {@code default tier = "standard"} (the
   * value as JSON), {@code drop legacy}, {@code computed is_adult = age >= 18}.
   */
  default String describe() {
    if (this instanceof Rename r) {
      return "rename " + r.from() + " -> " + r.to();
    } else if (this instanceof Default d) {
      return "default " + d.field() + " = " + org.scenariomigration.json.SessionJson.writeValue(d.field(), d.value());
    } else if (this instanceof Computed c) {
      return "computed " + c.field() + " = " + c.expression();
    }
    return "drop " + field();
  }

  /** Renames {@code from} to {@code to}: the value moves, the old name is gone. */
  static Rename rename(String from, String to) {
    return new Rename(from, to);
  }

  /** Sets {@code field} to {@code value} when the session holds no value for it after the migration. */
  static Default defaultValue(String field, Object value) {
    return new Default(field, value);
  }

  /** Removes {@code field}. */
  static Drop drop(String field) {
    return new Drop(field);
  }

  /**
   * Sets {@code field} to the boolean value of {@code expression}, a condition of the plan's condition language over
   * the old variables; left unset when the condition cannot be evaluated (a field it reads is missing).
   */
  static Computed computed(String field, String expression) {
    return new Computed(field, expression);
  }

  /**
   * A rename.
   *
   * @param from the old name
   * @param to the new name
   */
  record Rename(String from, String to) implements VariableMapping {
    /** Checks both names. */
    public Rename {
      Ids.require(IdKind.FIELD, from);
      Ids.require(IdKind.FIELD, to);
      if (from.equals(to)) {
        throw new InvalidVariableMappingException(InvalidVariableMappingException.Problem.CONFLICT, to, from,
            "variable mapping renames '" + from + "' to itself");
      }
    }

    @Override
    public Kind kind() {
      return Kind.RENAME;
    }

    @Override
    public String field() {
      return to;
    }

    @Override
    public Set<String> reads() {
      return Set.of(from);
    }
  }

  /**
   * A default value.
   *
   * @param field the variable
   * @param value its value when the session has none, normalised ({@link VariableValues#normalize(String, Object)})
   */
  record Default(String field, Object value) implements VariableMapping {
    /** Checks the name and normalises the value. */
    public Default {
      Ids.require(IdKind.FIELD, field);
      value = VariableValues.normalize(field, value);
    }

    @Override
    public Kind kind() {
      return Kind.DEFAULT;
    }

    @Override
    public Set<String> reads() {
      return Set.of();
    }
  }

  /**
   * A dropped variable.
   *
   * @param field the variable
   */
  record Drop(String field) implements VariableMapping {
    /** Checks the name. */
    public Drop {
      Ids.require(IdKind.FIELD, field);
    }

    @Override
    public Kind kind() {
      return Kind.DROP;
    }

    @Override
    public Set<String> reads() {
      return Set.of(field);
    }
  }

  /**
   * A computed variable.
   *
   * @param field the variable
   * @param expression a condition over the old variables; its value is a boolean
   */
  record Computed(String field, String expression) implements VariableMapping {
    /** Checks the name and that the expression is not blank (it is compiled when the plan is validated). */
    public Computed {
      Ids.require(IdKind.FIELD, field);
      requireNonNull(expression, "expression");
      if (expression.isBlank()) {
        throw new InvalidVariableMappingException(InvalidVariableMappingException.Problem.BAD_EXPRESSION, field,
            expression, "computed variable '" + field + "' has a blank expression");
      }
    }

    @Override
    public Kind kind() {
      return Kind.COMPUTED;
    }

    @Override
    public Set<String> reads() {
      return Set.of();
    }
  }
}
