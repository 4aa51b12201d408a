package org.scenariomigration.scenario;

import org.scenariomigration.json.MalformedJsonException;
import org.scenariomigration.plan.InvalidPlanException;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanFixtures;
import org.scenariomigration.plan.PlanJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.scenariomigration.ScenarioMigrationException;
import org.scenariomigration.condition.BuiltInConditionEngine;
import org.scenariomigration.condition.CompiledCondition;
import org.scenariomigration.condition.ConditionEngine;
import org.scenariomigration.condition.ConditionEvaluationException;

/**
 * Hostile input: random bytes decoded as UTF-8, JSON-like noise, nesting 10,000 to 100,000 levels deep, huge numbers,
 * odd Unicode (lone surrogates, right-to-left marks, zero-width characters, NUL), strings of several MiB and random
 * mutations of valid documents, fed to {@link ScenarioJson#read(String)}, {@link PlanJson#read(String)} and
 * {@link ConditionEngine#compile(String)} (and the conditions that compile are evaluated against hostile variables).
 *
 * <p>Only the documented exceptions may escape: subclasses of {@link ScenarioMigrationException} (for the readers
 * {@link MalformedJsonException}, {@link InvalidScenarioException} and {@link InvalidPlanException}; for compilation
 * {@link org.scenariomigration.condition.ConditionSyntaxException}; for evaluation
 * {@link ConditionEvaluationException}), and from the builders also {@link IllegalArgumentException}. Never a
 * {@link StackOverflowError}, {@link OutOfMemoryError}, {@link NullPointerException}, {@link ClassCastException} or
 * any other exception. Whatever a reader accepts must survive a write and a second read unchanged.
 */
class HostileInputProperties {

  private static final String SCENARIO = ScenarioJson.write(Seeds.v2AgeFork());
  private static final String PLAN = PlanJson.write(PlanFixtures.gapFillPlan()
      .withApproval("lead@example.com", Instant.parse("2025-03-05T10:00:00Z")));
  private static final String SCENARIO_FIXTURE = resource("/fixtures/scenario-v1.json");
  private static final String PLAN_FIXTURE = resource("/fixtures/plan-format-v1.json");

  private static final List<String> CONDITIONS = List.of("age >= 18", "customer.tier in ['gold', 'platinum']",
      "has(customer.email) && !(x < 1.5) || y == null", "a.b.c != -9223372036854775808 && [1, 2.0, 'x'] == l",
      "(a || b) && (c || !d)", "s < \"\\u00e9\" // comment\n && t >= 0x1f", "x in m && m.k == true");

  /** Odd Unicode: lone surrogates, right-to-left override, zero-width characters, NUL, BOM, combining marks. */
  private static final List<String> ODD_UNICODE = List.of("\uD800", "\uDC00", "\uDBFF\uDFFF", "\uDC00\uD800",
      "\u202E", "\u202Egnp.exe", "\u200F\u200E", "\u200B", "\u200C\u200D", "\uFEFF", "\u0000", "a\u0000b",
      "e\u0301", "\uFFFF", "\uFFFE", "\u2028\u2029", "😀", "\u0085", "\u001F", "\\u0000", "\\ud800", "\\udc00\\ud800",
      "\\uDBFF\\uDFFF", "\\u202e");

  /** Huge or odd numbers, as JSON tokens. */
  private static final List<String> HUGE_NUMBERS = List.of("1e400", "-1e400", "1E+999999999", "1e-400",
      "1" + "0".repeat(50), "-1" + "0".repeat(50), "9" .repeat(5000), "0." + "0".repeat(1000) + "1",
      "123456789012345678901234567890123", "9223372036854775808", "-9223372036854775809", "2147483648",
      "-2147483649", "-0", "-0.0", "0.5", "1.0", "1e2", "NaN", "Infinity", "-Infinity", "0x10", "01", "+1", ".5",
      "1.", "1e", "--1");

  /** Strings of 2, 4 and 6 MiB: made once, reused. */
  private static final List<String> GIANT = List.of(giant(2, 'a'), giant(4, ' '), giant(6, '['));

  private static String giant(int mib, char c) {
    return String.valueOf(c).repeat(mib << 20);
  }

  private static String resource(String name) {
    try (InputStream in = HostileInputProperties.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Checks

  /**
   * Runs {@code action}; returns its result, or null when it threw one of the {@code allowed} exceptions; fails on
   * anything else, naming the input.
   */
  @SafeVarargs
  private static <T> T onlyDocumented(String what, String input, Supplier<T> action,
      Class<? extends Throwable>... allowed) {
    try {
      return action.get();
    } catch (Throwable t) { // the point of the property: nothing else may escape, not even an Error
      for (Class<? extends Throwable> type : allowed) {
        if (type.isInstance(t)) {
          assertThat(t.getMessage()).as("message of %s", t).isNotBlank();
          // a message may quote the input, but it must not blow up
          assertThat(t.getMessage().length()).as("length of the message of %s", t.getClass())
              .isLessThanOrEqualTo(4 * input.length() + 10_000);
          return null;
        }
      }
      throw new AssertionError(what + " let " + t.getClass().getName() + " escape for input " + excerpt(input), t);
    }
  }

  private static String excerpt(String input) {
    String shown = input.length() <= 300 ? input : input.substring(0, 300) + "... (" + input.length() + " chars)";
    return "'" + shown.replace("\n", "\\n") + "'";
  }

  /** Reads a scenario; returns "read" or "rejected". */
  private static String readScenario(String json) {
    ScenarioVersion v = onlyDocumented("ScenarioJson.read", json, () -> ScenarioJson.read(json),
        ScenarioMigrationException.class);
    if (v == null) {
      return "rejected";
    }
    assertThat(ScenarioJson.read(ScenarioJson.write(v))).isEqualTo(v);
    return "read";
  }

  /** Reads a plan; returns "read" or "rejected". */
  private static String readPlan(String json) {
    MigrationPlan p = onlyDocumented("PlanJson.read", json, () -> PlanJson.read(json),
        ScenarioMigrationException.class);
    if (p == null) {
      return "rejected";
    }
    assertThat(PlanJson.read(PlanJson.write(p))).isEqualTo(p);
    return "read";
  }

  private static final ConditionEngine WIDE = BuiltInConditionEngine.builder().maxLength(Integer.MAX_VALUE)
      .maxDepth(256).build();

  /**
   * Compiles with the default engine and with one without a length limit, and evaluates what compiles; returns the
   * outcome with the default engine: "syntax error", "evaluation error" or "boolean".
   */
  private static String compile(String text, Map<String, Object> vars) {
    String outcome = null;
    for (ConditionEngine engine : List.of(ConditionEngine.builtIn(), WIDE)) {
      CompiledCondition c = onlyDocumented("compile", text, () -> engine.compile(text),
          ScenarioMigrationException.class);
      String o = "syntax error";
      if (c != null) {
        assertThat(c.expression()).isSameAs(text);
        Boolean result = onlyDocumented("evaluate", text, () -> c.evaluate(vars), ConditionEvaluationException.class);
        o = result == null ? "evaluation error" : "boolean";
      }
      outcome = outcome == null ? o : outcome;
    }
    return outcome;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Properties

  @Property(tries = 1000)
  void scenario_json_read_throws_only_documented_exceptions_on_hostile_text(@ForAll("hostileText") Input json) {
    Statistics.label("category").collect(json.category());
    Statistics.label("outcome").collect(readScenario(json.text()));
    coverHostileText();
    coverReads();
  }

  @Property(tries = 1000)
  void plan_json_read_throws_only_documented_exceptions_on_hostile_text(@ForAll("hostileText") Input json) {
    Statistics.label("category").collect(json.category());
    Statistics.label("outcome").collect(readPlan(json.text()));
    coverHostileText();
    coverReads();
  }

  @Property(tries = 1000)
  void scenario_json_read_throws_only_documented_exceptions_on_mutated_scenarios(
      @ForAll("mutatedScenarios") String json) {
    Statistics.label("outcome").collect(readScenario(json));
    coverReads();
  }

  @Property(tries = 1000)
  void plan_json_read_throws_only_documented_exceptions_on_mutated_plans(@ForAll("mutatedPlans") String json) {
    Statistics.label("outcome").collect(readPlan(json));
    coverReads();
  }

  @Property(tries = 1000)
  void compiling_hostile_text_throws_only_syntax_errors_and_evaluating_it_only_evaluation_errors(
      @ForAll("hostileConditions") Input text, @ForAll("hostileVariables") Vars vars) {
    Statistics.label("category").collect(text.category());
    Statistics.label("outcome").collect(compile(text.text(), vars.values()));
    Statistics.label("category").coverage(c -> {
      for (String category : List.of("random bytes as UTF-8", "condition-like noise", "deep nesting", "huge number",
          "long flat chain", "odd unicode")) {
        c.check(category).percentage(p -> p >= 5);
      }
      c.check("giant string").percentage(p -> p >= 1.5);
    });
    coverCompilations(4, 2);
  }

  @Property(tries = 1000)
  void compiling_mutated_conditions_throws_only_syntax_errors_and_evaluating_them_only_evaluation_errors(
      @ForAll("mutatedConditions") String text, @ForAll("hostileVariables") Vars vars) {
    Statistics.label("outcome").collect(compile(text, vars.values()));
    coverCompilations(3, 0.3);
  }

  /** Every category of {@link #hostileText()} is drawn, the giant strings (weight 1 of 15) least. */
  private static void coverHostileText() {
    Statistics.label("category").coverage(c -> {
      for (String category : List.of("random bytes as UTF-8", "JSON-like noise", "deep nesting",
          "huge number in a valid document", "odd unicode in a valid document")) {
        c.check(category).percentage(p -> p >= 6);
      }
      c.check("giant string").percentage(p -> p >= 3);
    });
  }

  /** Most documents are rejected, and a few in a hundred are read (and then written and read again). */
  private static void coverReads() {
    Statistics.label("outcome").coverage(c -> {
      c.check("rejected").percentage(p -> p >= 50);
      c.check("read").percentage(p -> p >= 2);
    });
  }

  /** Most texts are syntax errors; some compile and fail to evaluate, some evaluate to a boolean. */
  private static void coverCompilations(double evaluationErrors, double booleans) {
    Statistics.label("outcome").coverage(c -> {
      c.check("syntax error").percentage(p -> p >= 50);
      c.check("evaluation error").percentage(p -> p >= evaluationErrors);
      c.check("boolean").percentage(p -> p >= booleans);
    });
  }

  @Property(tries = 1000)
  void evaluating_valid_conditions_over_hostile_variables_throws_only_evaluation_errors(
      @ForAll("probes") String text, @ForAll("hostileVariables") Vars vars) {
    CompiledCondition c = ConditionEngine.builtIn().compile(text);

    Boolean result = onlyDocumented("evaluate", text, () -> c.evaluate(vars.values()),
        ConditionEvaluationException.class);
    Statistics.label("outcome").collect(result == null ? "evaluation error" : "boolean");
    Statistics.label("outcome").coverage(cov -> {
      cov.check("evaluation error").percentage(p -> p >= 25);
      cov.check("boolean").percentage(p -> p >= 25);
    });
  }

  @Property(tries = 1000)
  void builders_given_hostile_strings_throw_only_illegal_argument_or_documented_exceptions(
      @ForAll("hostileStrings") String id, @ForAll("hostileStrings") String other,
      @ForAll("hostileStrings") String condition) {
    ScenarioVersion v = onlyDocumented("ScenarioVersion.builder", id + " / " + other + " / " + condition,
        () -> ScenarioVersion.builder(id, 1).name(other)
            .step(Step.builder(id).name(other).description(condition).ruleIds(other).collects(other)
                .requires(other).checkpoint(condition).when(condition, other).to(id))
            .step(Step.builder(other).to(id))
            .build(),
        ScenarioMigrationException.class, IllegalArgumentException.class);
    if (v != null) {
      assertThat(ScenarioJson.read(ScenarioJson.write(v))).isEqualTo(v);
    }
    Statistics.label("outcome").collect(v == null ? "rejected" : "built");
    Statistics.label("outcome").coverage(c -> {
      c.check("rejected").percentage(p -> p >= 50);
      c.check("built").percentage(p -> p >= 5);
    });
  }

  @Example
  void a_map_key_nested_100000_levels_deep_is_an_evaluation_error_not_a_stack_overflow() {
    Map<String, Object> vars = new HashMap<>();
    vars.put("x", deepList(100_000));
    vars.put("m", Map.of("k", 1L, "nested", Map.of(deepMap(100_000), 1L)));

    assertThatThrownBy(() -> ConditionEngine.builtIn().compile("x in m").evaluate(vars))
        .isInstanceOf(ConditionEvaluationException.class)
        .hasMessageContaining("nested more than 256 levels deep");
    assertThat(ConditionEngine.builtIn().compile("x in m || true").evaluate(vars)).isTrue();
    assertThatThrownBy(() -> ConditionEngine.builtIn().compile("m.nested == m.nested").evaluate(vars))
        .isInstanceOf(ConditionEvaluationException.class)
        .hasMessageContaining("nested more than 256 levels deep");
  }

  @Example
  void a_shallow_list_key_of_a_host_map_is_still_found() {
    Map<String, Object> vars = Map.of("m", Map.of(List.of(1L), "v"));

    assertThat(ConditionEngine.builtIn().compile("[1] in m").evaluate(vars)).isTrue();
    assertThat(ConditionEngine.builtIn().compile("m == m").evaluate(vars)).isTrue();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Hostile text

  @Provide
  Arbitrary<Input> hostileText() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, label("random bytes as UTF-8", randomUtf8())),
        Tuple.of(3, label("JSON-like noise", noise("{}[]:,\"\\ \n\t0123456789.eE+-truefalsn", 400))),
        Tuple.of(2, label("deep nesting", deepNesting())),
        Tuple.of(3, label("huge number in a valid document", validDocument().flatMap(doc ->
            Arbitraries.of(HUGE_NUMBERS).flatMap(n -> replaceValue(doc, n))))),
        Tuple.of(3, label("odd unicode in a valid document", validDocument().flatMap(doc ->
            Arbitraries.of(ODD_UNICODE).flatMap(u -> replaceString(doc, u))))),
        Tuple.of(1, label("giant string", giantDocuments())));
  }

  /** A generated input and its category; shown cut short, since some inputs are several MiB long. */
  record Input(String category, String text) {
    @Override
    public String toString() {
      return category + ": " + excerpt(text);
    }
  }

  private static Arbitrary<Input> label(String category, Arbitrary<String> arbitrary) {
    return arbitrary.map(text -> new Input(category, text));
  }

  private static Arbitrary<String> randomUtf8() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000)
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  private static Arbitrary<String> noise(String alphabet, int maxLength) {
    return Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.of(alphabet.chars().mapToObj(c -> String.valueOf((char) c)).toList())),
        Tuple.of(1, Arbitraries.of(ODD_UNICODE)))
        .list().ofMaxSize(maxLength).map(parts -> String.join("", parts));
  }

  /** Nesting 10,000 to 100,000 levels deep, alone or in place of a value of a valid document. */
  private static Arbitrary<String> deepNesting() {
    Arbitrary<Integer> depth = Arbitraries.integers().between(10_000, 100_000);
    Arbitrary<String> nest = Combinators.combine(depth, Arbitraries.of(
        "[", "{\"a\":", "[{\"steps\":", "{\"anchors\":[")).as((d, open) -> {
          StringBuilder sb = new StringBuilder(open.repeat(d)).append("1");
          for (int i = 0; i < d; i++) {
            sb.append(closing(open));
          }
          return sb.toString();
        });
    Arbitrary<String> unclosed = Combinators.combine(depth, Arbitraries.of("[", "{\"a\":", "{", "\"")).as(
        (d, open) -> open.repeat(d));
    Arbitrary<String> inDocument = Combinators.combine(validDocument(), nest).as(Tuple::of)
        .flatMap(t -> replaceValue(t.get1(), t.get2()));
    return Arbitraries.oneOf(List.of(nest, unclosed, inDocument));
  }

  private static String closing(String open) {
    return switch (open) {
      case "[" -> "]";
      case "{\"a\":" -> "}";
      case "[{\"steps\":" -> "}]";
      default -> "]}";
    };
  }

  private static Arbitrary<String> giantDocuments() {
    return Combinators.combine(Arbitraries.of(GIANT), validDocument(), Arbitraries.integers().between(0, 3))
        .as((giant, doc, how) -> Tuple.of(giant, doc, how)).flatMap(t -> switch (t.get3()) {
          case 0 -> Arbitraries.just(t.get1());
          case 1 -> Arbitraries.just(t.get1().charAt(0) == ' ' ? t.get1() + t.get2() : "\"" + t.get1() + "\"");
          case 2 -> replaceString(t.get2(), t.get1());
          default -> Arbitraries.just(t.get2() + t.get1());
        });
  }

  private static Arbitrary<String> validDocument() {
    return Arbitraries.of(SCENARIO, PLAN, SCENARIO_FIXTURE, PLAN_FIXTURE);
  }

  /** JSON values in a document: strings, numbers, literals, and the empty array or object. */
  private static final Pattern VALUE = Pattern.compile(
      ":\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9][0-9.eE+-]*|true|false|null|\\[\\s*]|\\{\\s*})");

  /** String contents in a document (keys and values). */
  private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** Replaces one value of the document (chosen at random) with {@code replacement}. */
  private static Arbitrary<String> replaceValue(String doc, String replacement) {
    List<int[]> spans = spans(VALUE, doc);
    return Arbitraries.integers().between(0, spans.size() - 1).map(i -> splice(doc, spans.get(i), replacement));
  }

  /** Replaces the contents of one string of the document (key or value) with {@code contents}. */
  private static Arbitrary<String> replaceString(String doc, String contents) {
    List<int[]> spans = spans(STRING, doc);
    return Arbitraries.integers().between(0, spans.size() - 1).map(i -> splice(doc, spans.get(i), contents));
  }

  private static final Map<Pattern, Map<String, List<int[]>>> SPANS = new HashMap<>();

  /** The spans of group 1 of {@code pattern} (or of the whole match, without groups) in {@code doc}; cached. */
  private static synchronized List<int[]> spans(Pattern pattern, String doc) {
    return SPANS.computeIfAbsent(pattern, p -> new HashMap<>()).computeIfAbsent(doc, d -> {
      List<int[]> out = new ArrayList<>();
      Matcher m = pattern.matcher(d);
      int group = m.groupCount() == 0 ? 0 : 1;
      while (m.find()) {
        out.add(new int[] {m.start(group), m.end(group)});
      }
      return out;
    });
  }

  private static String splice(String doc, int[] span, String replacement) {
    return doc.substring(0, span[0]) + replacement + doc.substring(span[1]);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Mutations

  /** JSON tokens: strings, numbers, literals, punctuation. */
  private static final Pattern JSON_TOKEN = Pattern.compile(
      "\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9][0-9.eE+-]*|true|false|null|[{}\\[\\]:,]");

  /** Condition tokens: strings, numbers, words, operators, punctuation. */
  private static final Pattern CONDITION_TOKEN = Pattern.compile(
      "'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"|[0-9][0-9a-fA-FxX.eE]*|[A-Za-z_][A-Za-z0-9_]*"
          + "|&&|\\|\\||==|!=|<=|>=|[<>!()\\[\\].,-]");

  private static final List<String> JSON_REPLACEMENTS = List.of("{", "}", "[", "]", ":", ",", "\"\"", "\"x\"",
      "null", "true", "false", "0", "-1", "1e400", "1" + "0".repeat(50), "\"\\ud800\"", "\"\u202E\"", "\"\\u0000\"",
      "{}", "[]", "\"clean_graft\"", "\"gap_fill\"", "\"re_route\"", "\"deployed\"", "\"welcome\"",
      "\"age_check\"", "\"2025-03-04T05:06:07Z\"", "\"not a time\"", "2", "101", "-2147483648");

  private static final List<String> CONDITION_REPLACEMENTS = List.of("(", ")", "[", "]", "&&", "||", "!", "-",
      "==", "in", "has", "has(", ".", ",", "1e400", "1" + "0".repeat(50), "'\\ud800'", "'\u202E'", "\u0000",
      "'", "\"", "\\", "0x", "1u", "b'x'", "?", ":", "+", "*", "/", "%", "size(", "a.?b", "`a`", "{", "}", "//",
      "if", "null", "true", "-9223372036854775808", "9223372036854775808");

  @Provide
  Arbitrary<String> mutatedScenarios() {
    return mutated(Arbitraries.of(SCENARIO, SCENARIO_FIXTURE), JSON_TOKEN, JSON_REPLACEMENTS);
  }

  @Provide
  Arbitrary<String> mutatedPlans() {
    return mutated(Arbitraries.of(PLAN, PLAN_FIXTURE), JSON_TOKEN, JSON_REPLACEMENTS);
  }

  @Provide
  Arbitrary<String> mutatedConditions() {
    return mutated(Arbitraries.of(CONDITIONS), CONDITION_TOKEN, CONDITION_REPLACEMENTS);
  }

  /**
   * Applies 1 to 8 random mutations to a valid text: delete, duplicate, replace or insert a character; delete,
   * duplicate, replace or swap a token. The edits are chosen on the valid text (whose tokens are found once) and
   * applied from right to left.
   */
  private static Arbitrary<String> mutated(Arbitrary<String> valid, Pattern token, List<String> replacements) {
    return Combinators.combine(valid, Arbitraries.longs(), Arbitraries.integers().between(1, 8))
        .as((text, seed, count) -> {
          Random random = new Random(seed);
          List<int[]> tokens = spans(token, text);
          TreeMap<Integer, Edit> edits = new TreeMap<>();
          for (int i = 0; i < count; i++) {
            for (Edit e : edits(text, tokens, random, replacements)) {
              Map.Entry<Integer, Edit> before = edits.floorEntry(e.end());
              if (before == null || before.getValue().end() <= e.start() && before.getKey() != e.start()) {
                edits.put(e.start(), e);
              }
            }
          }
          StringBuilder out = new StringBuilder(text);
          for (Edit e : edits.descendingMap().values()) {
            out.replace(e.start(), e.end(), e.replacement());
          }
          return out.toString();
        });
  }

  /** Replaces {@code [start, end)} with {@code replacement}; an insertion when the range is empty. */
  private record Edit(int start, int end, String replacement) {}

  private static List<Edit> edits(String text, List<int[]> tokens, Random random, List<String> replacements) {
    int at = random.nextInt(text.length());
    int[] tok = tokens.get(random.nextInt(tokens.size()));
    String tokText = text.substring(tok[0], tok[1]);
    switch (random.nextInt(8)) {
      case 0:
        return List.of(new Edit(at, at + 1, ""));
      case 1:
        return List.of(new Edit(at, at + 1, text.substring(at, at + 1).repeat(2)));
      case 2:
        return List.of(new Edit(at, at + 1, randomChar(random)));
      case 3:
        return List.of(new Edit(at, at, randomChar(random)));
      case 4:
        return List.of(new Edit(tok[0], tok[1], ""));
      case 5:
        return List.of(new Edit(tok[0], tok[1], tokText + tokText));
      case 6:
        return List.of(new Edit(tok[0], tok[1], replacements.get(random.nextInt(replacements.size()))));
      default:
        int[] other = tokens.get(random.nextInt(tokens.size()));
        if (other[0] >= tok[0] && other[0] < tok[1] || tok[0] >= other[0] && tok[0] < other[1]) {
          return List.of();
        }
        return List.of(new Edit(tok[0], tok[1], text.substring(other[0], other[1])),
            new Edit(other[0], other[1], tokText));
    }
  }

  private static String randomChar(Random random) {
    String punctuation = "{}[]:,\"\\'()!&|=<>.-+0123456789eExu ";
    return switch (random.nextInt(3)) {
      case 0 -> String.valueOf(punctuation.charAt(random.nextInt(punctuation.length())));
      case 1 -> ODD_UNICODE.get(random.nextInt(ODD_UNICODE.size()));
      default -> String.valueOf((char) random.nextInt(0x10000));
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Hostile conditions and variables

  @Provide
  Arbitrary<Input> hostileConditions() {
    Arbitrary<Integer> deep = Arbitraries.integers().between(10_000, 100_000);
    Arbitrary<Integer> shallow = Arbitraries.integers().between(1, 2000);
    Arbitrary<Integer> depth = Arbitraries.oneOf(List.of(deep, shallow));
    return Arbitraries.frequencyOf(
        Tuple.of(2, label("random bytes as UTF-8", randomUtf8())),
        Tuple.of(3, label("condition-like noise", noise("abxyhs.()[]!&|=<>-,'\"\\0123456789 in", 300))),
        Tuple.of(3, label("deep nesting", Combinators.combine(depth, Arbitraries.of("(", "!", "-", "[", "!(", "-(",
            "[(", "has(", "a.")).as((d, open) -> {
              String core = open.equals("a.") ? "b" : "x";
              String close = switch (open) {
                case "(", "!(", "-(", "has(" -> ")";
                case "[" -> "]";
                case "[(" -> ")]";
                default -> "";
              };
              return open.repeat(d) + core + close.repeat(d);
            }))),
        Tuple.of(2, label("long flat chain", Combinators.combine(depth, Arbitraries.of(" && a", " || a", " == a",
            " in a", ", a", ".a")).as((n, part) -> "a" + part.repeat(n)))),
        Tuple.of(2, label("huge number", Combinators.combine(Arbitraries.of(HUGE_NUMBERS), Arbitraries.of(
            "x == %s", "%s < x", "[%s] == l", "-%s > 0", "x in [%s, 1]")).as((n, f) -> String.format(f, n)))),
        Tuple.of(2, label("odd unicode", Combinators.combine(Arbitraries.of(ODD_UNICODE), Arbitraries.of(
            "x == '%s'", "'%s' < x", "x%s == 1", "%s", "x ==%s1", "\"%s\" in l", "has(m.%s)")).as((u, f) ->
            String.format(f, u)))),
        Tuple.of(1, label("giant string", Combinators.combine(Arbitraries.of(GIANT), Arbitraries.of("%s",
            "x == '%s'", "x == 1 && %s")).as((g, f) -> String.format(f, g)))));
  }

  @Provide
  Arbitrary<String> probes() {
    return Arbitraries.of("x == y", "x != y", "x in m", "x in l", "x in [y]", "y in [x, 1]", "x < y", "x >= y",
        "!x", "-x == 1", "x.a.b == 1", "has(x.a)", "has(m.a.b)", "m.a == x", "x == x", "l == l", "m == m",
        "x in m || true", "false && x == y", "x", "m", "l");
  }

  /**
   * Variables with hostile values: nesting 10,000 to 100,000 levels deep, giant strings, huge and odd numbers,
   * values of unsupported types, maps with keys that are not strings.
   */
  /**
   * Variables, described by the shape of each value: jqwik would otherwise walk values nested 100,000 deep to report
   * them.
   */
  static final class Vars {
    private final Map<String, Object> values;

    Vars(Map<String, Object> values) {
      this.values = values;
    }

    Map<String, Object> values() {
      return values;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("{");
      values.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(shape(v, 0)));
      return sb.append('}').toString();
    }

    private static String shape(Object v, int depth) {
      if (v instanceof List<?> l) {
        return l.size() == 1 && depth < 1_000_000 ? "[" + shapeOfNested(l.get(0), depth) : "list of " + l.size();
      }
      if (v instanceof Map<?, ?> m) {
        return m.size() == 1 ? "{" + shapeOfNested(m.values().iterator().next(), depth) : "map of " + m.size();
      }
      if (v instanceof String s) {
        return s.length() > 40 ? "string of " + s.length() + " chars" : "'" + s + "'";
      }
      return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
    }

    private static String shapeOfNested(Object v, int depth) {
      int levels = 1;
      Object cur = v;
      while ((cur instanceof List<?> l && l.size() == 1) || (cur instanceof Map<?, ?> m && m.size() == 1)) {
        cur = cur instanceof List<?> l ? l.get(0) : ((Map<?, ?>) cur).values().iterator().next();
        levels++;
      }
      return levels > 3 ? "... " + levels + " levels deep: " + shape(cur, depth + levels) : shape(v, depth + 1);
    }
  }

  @Provide
  Arbitrary<Vars> hostileVariables() {
    Arbitrary<Object> value = Arbitraries.oneOf(List.of(
        // built in map(), not offered to Arbitraries.of(), which would hash them
        Combinators.combine(Arbitraries.integers().between(10_000, 100_000), Arbitraries.integers().between(0, 2))
            .as((d, shape) -> shape == 0 ? deepList(d) : shape == 1 ? deepMap(d) : deepMixed(d)),
        Arbitraries.of(GIANT).map(g -> (Object) g),
        Arbitraries.of(new BigInteger("1" + "0".repeat(50)), new BigDecimal("1e400"), new BigDecimal("-1e-400"),
            BigInteger.TWO.pow(63), Double.NaN, Double.POSITIVE_INFINITY, -0.0, Float.NaN, Long.MIN_VALUE,
            Integer.MIN_VALUE, (short) -1, (byte) 0x7f, new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE),
            'c', new Object(), new int[] {1}, Optional.INSTANCE, "\uD800", "\u202E\u0000"),
        Arbitraries.<Object>of(List.of(), Map.of(), Map.of(1L, "one"), Map.of(List.of(1), "list key"),
            Map.of(Map.of("k", 1), "map key"))));
    return Combinators.combine(value, value, value, value).as((x, y, l, m) -> {
      Map<String, Object> vars = new LinkedHashMap<>();
      vars.put("x", x);
      vars.put("y", y);
      vars.put("l", l instanceof List ? l : java.util.Arrays.asList(l, x));
      Map<Object, Object> map = new HashMap<>();
      map.put("a", m);
      map.put(x instanceof String s && s.length() < 100 ? s : "k", y);
      vars.put("m", map);
      return new Vars(vars);
    });
  }

  /** A value of a type the condition language does not know. */
  private enum Optional {
    INSTANCE
  }

  private static Object deepList(int depth) {
    List<Object> list = new ArrayList<>();
    list.add(1L);
    for (int i = 0; i < depth; i++) {
      List<Object> outer = new ArrayList<>();
      outer.add(list);
      list = outer;
    }
    return list;
  }

  private static Object deepMap(int depth) {
    Map<String, Object> map = new HashMap<>();
    map.put("a", 1L);
    for (int i = 0; i < depth; i++) {
      Map<String, Object> outer = new HashMap<>();
      outer.put("a", map);
      map = outer;
    }
    return map;
  }

  private static Object deepMixed(int depth) {
    Object v = 1L;
    for (int i = 0; i < depth; i++) {
      v = i % 2 == 0 ? List.of(v) : Map.of("a", v);
    }
    return v;
  }

  @Provide
  Arbitrary<String> hostileStrings() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.of("a", "welcome", "x > 1", "age >= 18", "")),
        Tuple.of(4, Arbitraries.of(ODD_UNICODE)),
        Tuple.of(4, noise("ab ()!&|=<>'\"\\.1", 40)),
        Tuple.of(2, Arbitraries.of(" ", "\t", "\n", "\u00A0", "\u3000")),
        Tuple.of(1, Arbitraries.integers().between(10_000, 100_000).map("("::repeat)));
  }
}
