package org.scenariomigration.scenario;

import org.scenariomigration.json.JsonLimitException;
import org.scenariomigration.json.MalformedJsonException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scenariomigration.condition.ConditionEngine;
import org.scenariomigration.condition.ConditionSyntaxException;

class ScenarioJsonTest {

  /** The example of the ScenarioJson documentation. */
  private static final String DOC_EXAMPLE = """
      {
        "format_version": 1,
        "scenario_id": "order-flow",
        "version": 2,
        "name": "Order Flow",
        "start_step_id": "welcome",
        "steps": [
          {"id": "welcome", "name": "Welcome", "description": "Greets the customer",
           "transitions": [{"to_step_id": "age_check"}]},
          {"id": "age_check", "name": "Age Verification",
           "collects_fields": ["age", {"name": "nickname", "optional": true, "extraction_hint": "what to call them"}],
           "transitions": [{"to_step_id": "rejection", "condition": "age < 18"},
                           {"to_step_id": "checkout", "condition": "age >= 18"}]},
          {"id": "checkout", "name": "Checkout", "requires_fields": ["age"], "rule_ids": ["r-7"],
           "is_required_action": false, "is_checkpoint": true, "checkpoint_description": "payment taken"},
          {"id": "rejection", "name": "Rejection"}
        ]
      }
      """;

  /** The same version with every object's fields in another order and the steps in another order. */
  private static final String DOC_EXAMPLE_SHUFFLED = """
      {
        "steps": [
          {"name": "Rejection", "id": "rejection"},
          {"is_checkpoint": true, "checkpoint_description": "payment taken", "rule_ids": ["r-7"],
           "is_required_action": false, "requires_fields": ["age"], "name": "Checkout", "id": "checkout"},
          {"transitions": [{"condition": "age < 18", "to_step_id": "rejection"},
                           {"condition": "age >= 18", "to_step_id": "checkout"}],
           "collects_fields": ["age", {"extraction_hint": "what to call them", "optional": true, "name": "nickname"}],
           "name": "Age Verification", "id": "age_check"},
          {"transitions": [{"to_step_id": "age_check"}], "description": "Greets the customer", "name": "Welcome",
           "id": "welcome"}
        ],
        "start_step_id": "welcome",
        "name": "Order Flow",
        "version": 2,
        "scenario_id": "order-flow",
        "format_version": 1
      }
      """;

  private static ScenarioVersion rich() {
    return ScenarioVersion.builder("order-flow", 7).name("Order Flow").startStep("welcome")
        .step(Seeds.rejection())
        .step(Seeds.welcome().to("age_check"))
        .step(Step.builder("age_check").name("Age Verification").description("Asks for the customer's age")
            .collects(new CollectedField("age", false, "in years"), CollectedField.optional("nickname"),
                new CollectedField("email", true, "for the receipt"))
            .ruleIds("r-1", "r-2")
            .when("age < 18", "rejection").when("age >= 18", "payment").to("rejection"))
        .step(Seeds.payment().requires("age").requiredAction(true).to("confirm"))
        .step(Seeds.confirm().checkpoint(false, "kept although not a checkpoint").to("welcome"))
        .step(Step.builder("orphan").name("Orphan"))
        .build();
  }

  private static MalformedJsonException malformed(String json) {
    return catchThrowableOfType(MalformedJsonException.class, () -> ScenarioJson.read(json));
  }

  private static String withSteps(String steps) {
    return "{\"scenario_id\": \"order-flow\", \"version\": 1, \"steps\": " + steps + "}";
  }

  // ------------------------------------------------------------------------------------ round trip

  @Test
  void writing_and_reading_gives_back_an_equal_version() {
    ScenarioVersion v = rich();

    ScenarioVersion back = ScenarioJson.read(ScenarioJson.write(v));

    assertThat(back).isEqualTo(v);
    assertThat(back.checksum()).isEqualTo(v.checksum());
    assertThat(back.name()).isEqualTo("Order Flow");
    assertThat(back.startStepId()).isEqualTo("welcome");
    assertThat(back.steps()).isEqualTo(v.steps());
    assertThat(back.steps()).extracting(Step::checkpointDescription)
        .containsExactlyElementsOf(v.steps().stream().map(Step::checkpointDescription).toList());
    assertThat(back.warnings()).isEqualTo(v.warnings());
  }

  @Test
  void every_seed_version_survives_a_round_trip() {
    for (ScenarioVersion v : new ScenarioVersion[] {Seeds.v1(), Seeds.v2AgeInserted(), Seeds.v2PaymentDownstream(),
        Seeds.v2AgeFork(), Seeds.v1WithPayment(), Seeds.v2AgeForkBeforePayment()}) {
      assertThat(ScenarioJson.read(ScenarioJson.write(v))).isEqualTo(v);
    }
  }

  @Test
  void a_written_version_uses_the_documented_field_names() throws Exception {
    JsonNode root = new ObjectMapper().readTree(ScenarioJson.write(rich()));

    assertThat(root.get("format_version").intValue()).isEqualTo(ScenarioJson.FORMAT_VERSION).isEqualTo(1);
    assertThat(root.get("scenario_id").textValue()).isEqualTo("order-flow");
    assertThat(root.get("version").intValue()).isEqualTo(7);
    assertThat(root.get("start_step_id").textValue()).isEqualTo("welcome");
    JsonNode age = root.get("steps").get(2);
    assertThat(age.get("id").textValue()).isEqualTo("age_check");
    assertThat(age.get("rule_ids").toString()).isEqualTo("[\"r-1\",\"r-2\"]");
    assertThat(age.get("collects_fields").get(1).toString())
        .isEqualTo("{\"name\":\"nickname\",\"optional\":true,\"extraction_hint\":\"\"}");
    assertThat(age.get("transitions").get(0).toString())
        .isEqualTo("{\"to_step_id\":\"rejection\",\"condition\":\"age < 18\"}");
    assertThat(age.get("transitions").get(2).toString()).isEqualTo("{\"to_step_id\":\"rejection\"}");
    JsonNode payment = root.get("steps").get(3);
    assertThat(payment.get("requires_fields").toString()).isEqualTo("[\"age\"]");
    assertThat(payment.get("is_required_action").booleanValue()).isTrue();
    assertThat(payment.get("is_checkpoint").booleanValue()).isTrue();
    assertThat(payment.get("checkpoint_description").textValue()).isEqualTo("payment processed");
    assertThat(payment.get("collects_fields").toString()).isEqualTo("[\"card\"]");
  }

  @Test
  void the_documented_example_reads() {
    ScenarioVersion v = ScenarioJson.read(DOC_EXAMPLE);

    assertThat(v.scenarioId()).isEqualTo("order-flow");
    assertThat(v.version()).isEqualTo(2);
    assertThat(v.requireStep("age_check").collectsFields()).containsExactly(
        CollectedField.required("age"), new CollectedField("nickname", true, "what to call them"));
    Step checkout = v.requireStep("checkout");
    assertThat(checkout.checkpoint()).isTrue();
    assertThat(checkout.checkpointDescription()).isEqualTo("payment taken");
    assertThat(checkout.ruleIds()).containsExactly("r-7");
    assertThat(checkout.requiresFields()).containsExactly("age");
    assertThat(v.requireStep("age_check").transitions()).containsExactly(
        Transition.when("age < 18", "rejection"), Transition.when("age >= 18", "checkout"));
  }

  @Test
  void reading_does_not_depend_on_field_order_nor_on_step_order() {
    ScenarioVersion a = ScenarioJson.read(DOC_EXAMPLE);
    ScenarioVersion b = ScenarioJson.read(DOC_EXAMPLE_SHUFFLED);

    assertThat(b.checksum()).isEqualTo(a.checksum());
    assertThat(b).isEqualTo(a);
    for (Step s : a.steps()) {
      assertThat(b.requireStep(s.id()).contentHash()).isEqualTo(s.contentHash());
    }
    assertThat(b.steps()).extracting(Step::id).containsExactly("rejection", "checkout", "age_check", "welcome");
  }

  @Test
  void a_collected_field_object_without_optional_flag_or_hint_is_required_without_hint() {
    ScenarioVersion v = ScenarioJson.read(withSteps("[{\"id\": \"a\", \"collects_fields\": [{\"name\": \"age\"}]}]"));

    assertThat(v.requireStep("a").collectsFields()).containsExactly(CollectedField.required("age"));
  }

  @Test
  void omitted_optional_fields_take_their_defaults() {
    ScenarioVersion v = ScenarioJson.read(withSteps("[{\"id\": \"a\", \"transitions\": [{\"to_step_id\": \"b\"}]},"
        + " {\"id\": \"b\", \"name\": null, \"transitions\": null}]"));

    assertThat(v.name()).isEmpty();
    assertThat(v.startStepId()).isEqualTo("a");
    Step b = v.requireStep("b");
    assertThat(b.name()).isEqualTo("b");
    assertThat(b.description()).isEmpty();
    assertThat(b.transitions()).isEmpty();
    assertThat(b.checkpoint()).isFalse();
    assertThat(v.requireStep("a").transitions()).containsExactly(Transition.to("b"));
  }

  @Test
  void unknown_fields_are_ignored_everywhere() {
    String json = """
        {"scenario_id": "order-flow", "version": 1, "owner": {"team": "checkout"}, "tags": [1, 2],
         "steps": [
           {"id": "a", "colour": "blue", "transitions": [{"to_step_id": "b", "weight": 0.5}],
            "collects_fields": [{"name": "age", "validator": "int"}]},
           {"id": "b"}
         ]}
        """;

    ScenarioVersion v = ScenarioJson.read(json);

    assertThat(v).isEqualTo(ScenarioVersion.builder("order-flow", 1)
        .step(Step.builder("a").collects("age").to("b")).step(Step.builder("b")).build());
  }

  @Test
  void a_version_may_be_read_with_another_condition_engine() {
    ConditionEngine rejectAll = text -> {
      throw new ConditionSyntaxException(text, 1, "no conditions here");
    };
    String json = withSteps("[{\"id\": \"a\", \"transitions\": [{\"to_step_id\": \"a\", \"condition\": \"x > 1\"}]}]");

    assertThat(ScenarioJson.read(json).steps()).hasSize(1);
    assertThatThrownBy(() -> ScenarioJson.read(json, rejectAll)).isInstanceOf(InvalidScenarioException.class)
        .hasMessageContaining("no conditions here").hasMessageContaining("position 1");
  }

  // ------------------------------------------------------------------------------------ format version

  @Test
  void a_newer_format_version_is_rejected() {
    MalformedJsonException e = malformed(
        "{\"format_version\": 2, \"scenario_id\": \"s\", \"version\": 1, \"steps\": [{\"id\": \"a\"}]}");

    assertThat(e.document()).isEqualTo("scenario");
    assertThat(e.path()).isEqualTo("$.format_version");
    assertThat(e).hasMessage("scenario JSON is malformed at $.format_version: unsupported format version 2,"
        + " this library reads 1 to 1");
  }

  @Test
  void a_format_version_below_1_is_rejected() {
    assertThat(malformed("{\"format_version\": 0, \"scenario_id\": \"s\", \"version\": 1, \"steps\": []}"))
        .hasMessageContaining("unsupported format version 0");
  }

  // ------------------------------------------------------------------------------------ malformed documents

  static Stream<Arguments> malformed_documents() {
    return Stream.of(
        bad("not JSON at all", "not json", "$", "Unrecognized token 'not'"),
        bad("trailing garbage", withSteps("[{\"id\": \"a\"}]") + " xx", "$", "'xx'"),
        bad("a second document", withSteps("[{\"id\": \"a\"}]") + " {}", "$", "Trailing token"),
        bad("a duplicate key", "{\"scenario_id\": \"s\", \"version\": 1, \"version\": 2, \"steps\": []}", "$",
            "Duplicate field 'version'"),
        bad("a duplicate key in a step", withSteps("[{\"id\": \"a\", \"id\": \"b\"}]"), "$", "Duplicate field 'id'"),
        bad("an unterminated object", "{\"scenario_id\": \"s\"", "$", "end-of-input"),
        bad("a top-level array", "[1, 2]", "$", "expected an object but found array [1,2]"),
        bad("the literal null", "null", "$", "expected an object but found null"),
        bad("a version as text", "{\"scenario_id\": \"s\", \"version\": \"two\", \"steps\": []}", "$.version",
            "expected an integer but found string \"two\""),
        bad("a fractional version", "{\"scenario_id\": \"s\", \"version\": 2.5, \"steps\": []}", "$.version",
            "expected an integer but found number 2.5"),
        bad("a version beyond int", "{\"scenario_id\": \"s\", \"version\": 99999999999, \"steps\": []}",
            "$.version", "99999999999"),
        bad("a huge exponent", "{\"scenario_id\": \"s\", \"version\": 1e400, \"steps\": []}", "$.version",
            "1E+400"),
        bad("a number of 40 digits", "{\"scenario_id\": \"s\", \"version\": " + "9".repeat(40)
            + ", \"steps\": []}", "$", "a number longer than 32 characters (limit: number length 32)"),
        bad("a version of 0", "{\"scenario_id\": \"s\", \"version\": 0, \"steps\": []}", "$.version",
            "version of scenario 's' must be at least 1 but was 0"),
        bad("a missing version", "{\"scenario_id\": \"s\", \"steps\": []}", "$.version",
            "required integer is missing"),
        bad("a missing scenario id", "{\"version\": 1, \"steps\": []}", "$.scenario_id",
            "required string is missing"),
        bad("a blank scenario id", "{\"scenario_id\": \" \", \"version\": 1, \"steps\": []}", "$.scenario_id",
            "scenario id \" \" is invalid: it starts with whitespace, U+0020 at index 0"),
        bad("a numeric scenario id", "{\"scenario_id\": 12, \"version\": 1, \"steps\": []}", "$.scenario_id",
            "expected a string but found number 12"),
        bad("missing steps", "{\"scenario_id\": \"s\", \"version\": 1}", "$.steps", "required array is missing"),
        bad("steps as an object", withSteps("{\"id\": \"a\"}"), "$.steps",
            "expected an array but found object {\"id\":\"a\"}"),
        bad("a step that is not an object", withSteps("[{\"id\": \"a\"}, \"b\"]"), "$.steps[1]",
            "expected an object but found string \"b\""),
        bad("a step without id", withSteps("[{\"id\": \"a\"}, {\"name\": \"B\"}]"), "$.steps[1].id",
            "required string is missing"),
        bad("a numeric step id", withSteps("[{\"id\": \"a\"}, {\"id\": 7}]"), "$.steps[1].id",
            "expected a string but found number 7"),
        bad("a blank step id", withSteps("[{\"id\": \"a\"}, {\"id\": \"\"}]"), "$.steps[1].id",
            "step id \"\" is invalid: it is empty"),
        bad("a numeric step name", withSteps("[{\"id\": \"a\", \"name\": 3}]"), "$.steps[0].name",
            "expected a string but found number 3"),
        bad("a checkpoint flag as text", withSteps("[{\"id\": \"a\", \"is_checkpoint\": \"yes\"}]"),
            "$.steps[0].is_checkpoint", "expected true or false but found string \"yes\""),
        bad("a numeric rule id", withSteps("[{\"id\": \"a\", \"rule_ids\": [\"r\", 5]}]"), "$.steps[0].rule_ids[1]",
            "expected a string but found number 5"),
        bad("a blank collected field", withSteps("[{\"id\": \"a\", \"collects_fields\": [\"age\", \" \"]}]"),
            "$.steps[0].collects_fields[1]", "field name \" \" is invalid: it starts with whitespace"),
        bad("a collected field object with a control character in its name",
            withSteps("[{\"id\": \"a\", \"collects_fields\": [{\"name\": \"x\\u0007\"}]}]"),
            "$.steps[0].collects_fields[0].name", "field name \"x\\u0007\" is invalid: it contains a control"),
        bad("a step id with a lone surrogate", withSteps("[{\"id\": \"x\\ud800\"}]"), "$.steps[0].id",
            "step id \"x\\ud800\" is invalid: it is not valid Unicode: an unpaired surrogate U+D800 at index 1"),
        bad("a scenario id with a trailing space", "{\"scenario_id\": \"order-flow \", \"version\": 1, \"steps\": []}",
            "$.scenario_id", "scenario id \"order-flow \" is invalid: it ends with whitespace, U+0020 at index 10"),
        bad("a numeric collected field", withSteps("[{\"id\": \"a\", \"collects_fields\": [4]}]"),
            "$.steps[0].collects_fields[0]", "found number 4"),
        bad("a collected field object without name", withSteps("[{\"id\": \"a\", \"collects_fields\": [{}]}]"),
            "$.steps[0].collects_fields[0].name", "required string is missing"),
        bad("an optional flag as text",
            withSteps("[{\"id\": \"a\", \"collects_fields\": [{\"name\": \"x\", \"optional\": \"no\"}]}]"),
            "$.steps[0].collects_fields[0].optional", "found string \"no\""),
        bad("a blank required field", withSteps("[{\"id\": \"a\", \"requires_fields\": [\"\"]}]"),
            "$.steps[0].requires_fields[0]", "field name \"\" is invalid: it is empty"),
        bad("transitions as a string", withSteps("[{\"id\": \"a\", \"transitions\": \"b\"}]"),
            "$.steps[0].transitions", "expected an array but found string \"b\""),
        bad("a transition without target", withSteps("[{\"id\": \"a\", \"transitions\": [{\"condition\": \"x\"}]}]"),
            "$.steps[0].transitions[0].to_step_id", "required string is missing"),
        bad("a numeric condition",
            withSteps("[{\"id\": \"a\", \"transitions\": [{\"to_step_id\": \"a\", \"condition\": 1}]}]"),
            "$.steps[0].transitions[0].condition", "expected a string but found number 1"),
        bad("a start step id as a number", "{\"scenario_id\": \"s\", \"version\": 1, \"start_step_id\": 1,"
            + " \"steps\": [{\"id\": \"a\"}]}", "$.start_step_id", "expected a string but found number 1"),
        bad("a format version as text", "{\"format_version\": \"1\", \"scenario_id\": \"s\", \"version\": 1,"
            + " \"steps\": []}", "$.format_version", "expected an integer but found string \"1\""));
  }

  private static Arguments bad(String what, String json, String path, String fragment) {
    return Arguments.of(Named.of(what, json), path, fragment);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed_documents")
  void a_malformed_document_names_the_path_and_the_value(String json, String path, String fragment) {
    MalformedJsonException e = malformed(json);

    assertThat(e).as("MalformedJsonException for %s", json).isNotNull();
    assertThat(e.document()).isEqualTo("scenario");
    assertThat(e.path()).startsWith(path);
    if (!path.equals("$")) {
      assertThat(e.path()).isEqualTo(path);
    }
    assertThat(e.getMessage()).startsWith("scenario JSON is malformed at " + path).contains(fragment);
  }

  @Test
  void a_syntax_error_names_line_and_column() {
    MalformedJsonException e = malformed("{\n  \"scenario_id\": \"s\",\n  \"version\": 1 2\n}");

    assertThat(e.path()).isEqualTo("$ (line 3, column 16)");
  }

  @Test
  void nesting_10000_levels_deep_is_rejected_without_a_stack_overflow() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    String deepInStep = withSteps("[{\"id\": \"a\", \"extra\": " + "{\"x\": ".repeat(10_000) + "1"
        + "}".repeat(10_000) + "}]");

    assertThat(malformed(deep)).hasMessageContaining("nesting depth").hasMessageContaining("64");
    assertThat(malformed(deepInStep)).hasMessageContaining("nesting depth");
  }

  @Test
  void nesting_up_to_the_limit_is_accepted() {
    // the root object is level 1, steps 2, the step 3, so 61 more levels reach 64
    String json = withSteps("[{\"id\": \"a\", \"extra\": " + "[".repeat(61) + "]".repeat(61) + "}]");

    assertThat(ScenarioJson.read(json).steps()).hasSize(1);
  }

  @Test
  void a_string_over_1_mib_is_rejected() {
    String big = "x".repeat((1 << 20) + 1);

    assertThat(malformed(withSteps("[{\"id\": \"a\", \"description\": \"" + big + "\"}]")))
        .isInstanceOfSatisfying(JsonLimitException.class, e -> {
          assertThat(e.limit()).isEqualTo(JsonLimitException.STRING_LENGTH);
          assertThat(e.maximum()).isEqualTo(1 << 20);
        })
        .hasMessageContaining("a string longer than 1048576 characters (limit: string length 1048576)");
  }

  @Test
  void a_string_of_exactly_1_mib_is_accepted() {
    String big = "x".repeat(1 << 20);

    ScenarioVersion v = ScenarioJson.read(withSteps("[{\"id\": \"a\", \"description\": \"" + big + "\"}]"));

    assertThat(v.requireStep("a").description()).hasSize(1 << 20);
  }

  @Test
  void a_document_over_48_mi_characters_is_rejected_before_parsing() {
    String huge = " ".repeat(ScenarioJson.MAX_DOCUMENT_CHARS + 1);

    assertThat(ScenarioJson.MAX_DOCUMENT_CHARS).isEqualTo(48 << 20);
    assertThat(malformed(huge)).isInstanceOf(JsonLimitException.class).hasMessage("scenario JSON is malformed at $: "
        + "longer than 50331648 characters (limit: document length 50331648)");
  }

  @Test
  void a_null_document_is_malformed_not_a_null_pointer() {
    MalformedJsonException e = malformed(null);

    assertThat(e).hasMessage("scenario JSON is malformed at $: the document is null");
    assertThat(e.path()).isEqualTo("$");
  }

  @Test
  void an_empty_document_is_reported_once() {
    assertThat(malformed("")).hasMessage("scenario JSON is malformed at $: the document is empty");
    assertThat(malformed("  \n ")).hasMessage("scenario JSON is malformed at $: the document is empty");
  }

  @Test
  void a_parse_error_keeps_its_cause() {
    assertThat(malformed("{oops}").getCause()).isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
  }

  // ------------------------------------------------------------------------------------ graph errors

  @Test
  void graph_errors_are_invalid_scenarios_not_malformed_json() {
    String json = withSteps("[{\"id\": \"a\", \"transitions\": [{\"to_step_id\": \"b\"}]}, {\"id\": \"a\"}]");

    InvalidScenarioException e = catchThrowableOfType(InvalidScenarioException.class, () -> ScenarioJson.read(json));

    assertThat(e.problems()).extracting(ScenarioProblem::kind).containsExactlyInAnyOrder(
        ScenarioProblem.Kind.DUPLICATE_STEP_ID, ScenarioProblem.Kind.UNKNOWN_TRANSITION_TARGET);
  }

  @Test
  void an_empty_steps_array_is_a_version_without_steps() {
    InvalidScenarioException e = catchThrowableOfType(InvalidScenarioException.class,
        () -> ScenarioJson.read(withSteps("[]")));

    assertThat(e.problems()).extracting(ScenarioProblem::kind).contains(ScenarioProblem.Kind.NO_STEPS);
  }

  @Test
  void an_unknown_start_step_is_an_invalid_scenario() {
    String json = "{\"scenario_id\": \"s\", \"version\": 1, \"start_step_id\": \"zz\", \"steps\": [{\"id\": \"a\"}]}";

    assertThatThrownBy(() -> ScenarioJson.read(json)).isInstanceOf(InvalidScenarioException.class)
        .hasMessageContaining("start step 'zz'");
  }
}
