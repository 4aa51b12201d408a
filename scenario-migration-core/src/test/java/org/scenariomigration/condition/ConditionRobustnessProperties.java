package org.scenariomigration.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever text it is given, compiling only ever succeeds or throws a {@link ConditionSyntaxException}. */
class ConditionRobustnessProperties {

  private static final ConditionEngine ENGINE = ConditionEngine.builtIn();
  private static final ConditionEngine SMALL = BuiltInConditionEngine.builder().maxLength(40).maxDepth(4).build();

  private static final List<String> TOKENS = List.of(
      "a", "b", "m", "l", "s", "n", "m.k", "m.inner.x", "has", "has(", "has(a)", "has(m.k)", "foo", "size",
      "1", "0", "-1", "42", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "0x1F", "1u",
      "1.5", "1e3", ".5", "1e", "1e999", "'a'", "\"b\"", "''", "'\\n'", "'\\u00e9'", "'\\q'", "'", "\"", "'''",
      "true", "false", "null", "in", "if", "for",
      "&&", "||", "==", "!=", "<", "<=", ">", ">=", "!", "-", "+", "*", "/", "%", "?", ":", "=", "&", "|",
      "(", ")", "[", "]", "{", "}", ",", ".", "`", "#", "//", "\n", " ", "\t", "é", "😀", "\u0000");

  private static final Map<String, Object> VARS = variables();

  private static Map<String, Object> variables() {
    Map<String, Object> inner = new HashMap<>();
    inner.put("x", 1);
    Map<String, Object> m = new HashMap<>();
    m.put("k", "v");
    m.put("inner", inner);
    Map<String, Object> vars = new HashMap<>();
    vars.put("a", true);
    vars.put("b", 2.5);
    vars.put("m", m);
    vars.put("l", List.of(1, "two", 3.0));
    vars.put("s", "text");
    vars.put("n", null);
    return vars;
  }

  /** Compiles and, if that succeeds, evaluates; fails on anything but the two documented exceptions. */
  private static void compileAndEvaluate(ConditionEngine engine, String text) {
    CompiledCondition condition;
    try {
      condition = engine.compile(text);
    } catch (ConditionSyntaxException e) {
      assertThat(e.expression()).isEqualTo(text);
      assertThat(e.position()).isBetween(0, text.length());
      assertThat(e.getMessage()).startsWith("condition syntax error at position " + e.position());
      return;
    }
    assertThat(condition.expression()).isEqualTo(text);
    try {
      condition.evaluate(VARS);
    } catch (ConditionEvaluationException e) {
      assertThat(e.expression()).isEqualTo(text);
    }
  }

  @Property(tries = 1000)
  void arbitrary_strings_only_compile_or_raise_a_syntax_error(@ForAll String text) {
    compileAndEvaluate(ENGINE, text);
    compileAndEvaluate(SMALL, text);
  }

  @Property(tries = 1000)
  void arbitrary_bytes_decoded_as_utf8_or_latin1_only_compile_or_raise_a_syntax_error(
      @ForAll @Size(max = 200) byte[] bytes) {
    compileAndEvaluate(ENGINE, new String(bytes, StandardCharsets.UTF_8));
    compileAndEvaluate(ENGINE, new String(bytes, StandardCharsets.ISO_8859_1));
  }

  @Property(tries = 1000)
  void ascii_strings_only_compile_or_raise_a_syntax_error(@ForAll("ascii") String text) {
    compileAndEvaluate(ENGINE, text);
  }

  @Property(tries = 1000)
  void token_soup_only_compiles_or_raises_a_syntax_error(@ForAll("tokenSoup") String text) {
    compileAndEvaluate(ENGINE, text);
    compileAndEvaluate(SMALL, text);
  }

  @Provide
  Arbitrary<String> ascii() {
    return Arbitraries.strings().withCharRange(' ', '~').withChars('\n', '\t').ofMaxLength(60);
  }

  @Provide
  Arbitrary<String> tokenSoup() {
    Arbitrary<String> token = Arbitraries.of(TOKENS);
    Arbitrary<String> separator = Arbitraries.of("", " ", " ", " ");
    return token.list().ofMaxSize(30).flatMap(tokens -> separator.list().ofSize(tokens.size()).map(separators -> {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < tokens.size(); i++) {
        text.append(tokens.get(i)).append(separators.get(i));
      }
      return text.toString();
    }));
  }
}
