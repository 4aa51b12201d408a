package org.scenariomigration.scenario;

import org.scenariomigration.json.MalformedJsonException;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.scenariomigration.condition.ConditionEngine;

/**
 * {@link ScenarioJson#read(String)} reads the steps one at a time while it parses; it must answer exactly what
 * reading the whole document as one tree answers ({@link ScenarioJson#readWhole}): the same version, or the same
 * exception with the same message and path, error for error: on valid documents, on mutated and hostile ones (the
 * generators of {@link HostileInputProperties}), and on documents whose root fields come in any order, repeat, have the
 * wrong type or are followed by more text. (Only the length Jackson reports for a string over its limit may differ:
 * it is how far it had read when it checked.)
 */
class StreamedReadProperties {
  private final HostileInputProperties hostile = new HostileInputProperties();

  @Provide
  Arbitrary<String> documents() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, hostile.mutatedScenarios()),
        Tuple.of(2, hostile.hostileText().map(HostileInputProperties.Input::text)),
        Tuple.of(1, ScenarioGenerators.scenarios().map(ScenarioJson::write)),
        Tuple.of(4, Arbitraries.longs().map(StreamedReadProperties::shuffledRoot)));
  }

  @Property(tries = 1000)
  void reading_while_parsing_answers_what_reading_the_whole_tree_answers(@ForAll("documents") String json) {
    String streamed = outcome(() -> ScenarioJson.read(json));
    String whole = outcome(() -> ScenarioJson.readWhole(json, ConditionEngine.builtIn()));

    assertThat(streamed).isEqualTo(whole);
    Statistics.label("outcome").collect(streamed.substring(0, streamed.indexOf(':')));
    Statistics.label("outcome").coverage(c -> {
      c.check("read").percentage(p -> p >= 5);
      c.check("MalformedJsonException").percentage(p -> p >= 20);
      c.check("InvalidScenarioException").percentage(p -> p >= 3);
    });
  }

  private static String outcome(Supplier<ScenarioVersion> read) {
    try {
      ScenarioVersion v = read.get();
      return "read: " + ScenarioJson.write(v) + " " + v.warnings();
    } catch (MalformedJsonException e) {
      // Jackson checks a string's length as it fills its buffer, so the length it reports for a string over the
      // limit depends on how far it had read; the limit, the path and the rest of the message do not
      return "MalformedJsonException: " + e.path() + " "
          + e.getMessage().replaceFirst("String value length \\(\\d+\\)", "String value length (N)");
    } catch (InvalidScenarioException e) {
      return "InvalidScenarioException: " + e.getMessage() + " " + e.problems();
    } catch (RuntimeException e) {
      return "other: " + e;
    }
  }

  /** Root fields in random order, some missing, repeated or of the wrong type, steps good and bad, trailing text. */
  static String shuffledRoot(long seed) {
    Random r = new Random(seed);
    List<String> fields = new ArrayList<>();
    fields.add("\"format_version\": " + mostly(r, "1", "2", "\"1\"", "null"));
    fields.add("\"scenario_id\": " + mostly(r, "\"s\"", "\"\"", "5", "null"));
    fields.add("\"version\": " + mostly(r, "1", "0", "\"x\"", "null"));
    fields.add("\"name\": " + mostly(r, "\"N\"", "3", "null"));
    fields.add("\"start_step_id\": " + mostly(r, "\"a\"", "\"zz\"", "null", "[]"));
    fields.add("\"extra\": " + pick(r, "[1, {\"a\": 2}]", "{\"steps\": 1}", "\"x\""));
    List<String> elements = new ArrayList<>();
    int n = r.nextInt(5);
    boolean wellShaped = r.nextInt(3) > 0; // then only graph errors: repeated ids, unknown targets, bad conditions
    for (int i = 0; i < n; i++) {
      elements.add(wellShaped
          ? pick(r, "{\"id\": \"a\", \"transitions\": [{\"to_step_id\": \"b\"}]}", "{\"id\": \"b\"}",
              "{\"id\": \"b\", \"collects_fields\": [\"x\", {\"name\": \"y\", \"optional\": true}]}",
              "{\"id\": \"d\", \"transitions\": [{\"to_step_id\": \"nowhere\"}]}",
              "{\"id\": \"e\", \"transitions\": [{\"to_step_id\": \"a\", \"condition\": \"x >\"}]}",
              "{\"id\": \"f\", \"extra\": [[[]]]}")
          : pick(r, "{\"id\": \"a\"}", "{\"name\": \"no id\"}", "7", "null",
              "{\"id\": \"c\", \"transitions\": \"x\"}", "{\"id\": \"a\", \"is_checkpoint\": \"yes\"}"));
    }
    fields.add("\"steps\": " + (r.nextInt(12) == 0 ? pick(r, "{}", "\"x\"", "null") : elements.toString()));
    Collections.shuffle(fields, r);
    int keep = fields.size() - (r.nextInt(8) == 0 ? 1 : 0);
    List<String> root = new ArrayList<>(fields.subList(0, keep));
    if (r.nextInt(12) == 0) {
      root.add(root.get(r.nextInt(root.size()))); // a repeated key
    }
    return "{" + String.join(", ", root) + "}" + (r.nextInt(12) == 0 ? pick(r, " {}", " x", " ]", " 1", "  ") : "");
  }

  /** The first option four times in five, else one of the others. */
  private static String mostly(Random r, String usual, String... odd) {
    return r.nextInt(5) > 0 ? usual : pick(r, odd);
  }

  private static String pick(Random r, String... options) {
    return options[r.nextInt(options.length)];
  }
}
