package org.scenariomigration.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.constraints.IntRange;

/** Nesting of any kind and any size never overflows the stack: it compiles or is rejected as too deep. */
class ConditionNestingProperties {

  private static final Map<String, Object> VARS = variables();

  /** {@code a} is true, {@code x} is 1 and {@code m} is a map that contains itself under the key {@code m}. */
  private static Map<String, Object> variables() {
    Map<String, Object> cyclic = new HashMap<>();
    cyclic.put("m", cyclic);
    Map<String, Object> vars = new HashMap<>();
    vars.put("a", true);
    vars.put("x", 1);
    vars.put("m", cyclic);
    return vars;
  }

  /** The kinds of nesting, each rendered as text nested {@code n} levels deep. */
  enum Nesting {
    NOTS {
      @Override
      String render(int n) {
        return "!".repeat(n) + "a";
      }
    },
    MINUSES {
      @Override
      String render(int n) {
        return "-".repeat(n) + "x < 0";
      }
    },
    PARENTHESES {
      @Override
      String render(int n) {
        return "(".repeat(n) + "a" + ")".repeat(n);
      }
    },
    UNCLOSED_PARENTHESES {
      @Override
      String render(int n) {
        return "(".repeat(n);
      }
    },
    LISTS {
      @Override
      String render(int n) {
        return "x in " + "[".repeat(n) + "1" + "]".repeat(n);
      }
    },
    UNCLOSED_LISTS {
      @Override
      String render(int n) {
        return "[".repeat(n);
      }
    },
    NEGATED_PARENTHESES {
      @Override
      String render(int n) {
        return "!(".repeat(n) + "a" + ")".repeat(n);
      }
    },
    RELATION_CHAIN {
      @Override
      String render(int n) {
        return "a" + " == a".repeat(n);
      }
    },
    RIGHT_NESTED_RELATIONS {
      @Override
      String render(int n) {
        return "(a == ".repeat(n) + "a" + ")".repeat(n);
      }
    },
    AND_CHAIN {
      @Override
      String render(int n) {
        return "a" + " && a".repeat(n);
      }
    },
    OR_CHAIN {
      @Override
      String render(int n) {
        return "a" + " || a".repeat(n);
      }
    },
    RIGHT_NESTED_ANDS {
      @Override
      String render(int n) {
        return "(a && ".repeat(n) + "a" + ")".repeat(n);
      }
    },
    LONG_PATH {
      @Override
      String render(int n) {
        return "has(m" + ".m".repeat(n) + ")";
      }
    },
    NEGATED_PARENTHESES_OF_NUMBERS {
      @Override
      String render(int n) {
        return "-(".repeat(n) + "x" + ")".repeat(n) + " < 0";
      }
    },
    MIXED {
      @Override
      String render(int n) {
        return "!([(".repeat(n) + "a" + ")] == [a])".repeat(n);
      }
    };

    abstract String render(int n);
  }

  @Property(tries = 300)
  void nesting_of_any_kind_up_to_200000_never_overflows_the_stack(
      @ForAll Nesting nesting, @ForAll("depths") int depth, @ForAll("engines") ConditionEngine engine) {
    String text = nesting.render(depth);
    try {
      CompiledCondition condition = engine.compile(text);
      try {
        condition.evaluate(VARS);
      } catch (ConditionEvaluationException e) {
        assertThat(e.expression()).isEqualTo(text);
      }
    } catch (ConditionSyntaxException e) {
      assertThat(e.expression()).isEqualTo(text);
    }
  }

  @Property(tries = 1000)
  void shallow_nesting_within_the_limit_always_compiles_and_evaluates(
      @ForAll Nesting nesting, @ForAll @IntRange(min = 1, max = 6) int depth) {
    if (nesting == Nesting.UNCLOSED_LISTS || nesting == Nesting.UNCLOSED_PARENTHESES) {
      return;
    }
    CompiledCondition condition = ConditionEngine.builtIn().compile(nesting.render(depth));

    assertThat(condition.fieldsRead()).isNotEmpty();
    assertThat(condition.evaluate(VARS)).isIn(true, false);
  }

  /** Depths spread uniformly up to 200,000, plus the largest. */
  @Provide
  Arbitrary<Integer> depths() {
    return Arbitraries.oneOf(List.of(
        Arbitraries.integers().between(1, 200_000).withDistribution(RandomDistribution.uniform()),
        Arbitraries.just(200_000)));
  }

  @Provide
  Arbitrary<ConditionEngine> engines() {
    return Arbitraries.of(
        ConditionEngine.builtIn(),
        BuiltInConditionEngine.builder().maxLength(Integer.MAX_VALUE).build(),
        BuiltInConditionEngine.builder().maxLength(Integer.MAX_VALUE).maxDepth(256).build(),
        BuiltInConditionEngine.builder().maxLength(Integer.MAX_VALUE).maxDepth(1).build());
  }
}
