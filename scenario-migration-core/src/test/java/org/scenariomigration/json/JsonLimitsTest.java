package org.scenariomigration.json;

import org.scenariomigration.plan.PlanJson;
import org.scenariomigration.policy.PolicyJson;
import org.scenariomigration.scenario.ScenarioJson;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every JSON reader of the core (scenarios, plans, policies) stops a document beyond a limit with
 * {@link JsonLimitException} naming the limit and its maximum: a document nested 10,000 levels deep never reaches a
 * {@link StackOverflowError}.
 */
class JsonLimitsTest {
  private static final String DEEP_ARRAY = "[".repeat(10_000) + "]".repeat(10_000);
  private static final String DEEP_OBJECT = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);

  private static final List<Consumer<String>> READERS = List.of(ScenarioJson::read, PlanJson::read,
      PolicyJson::readRequest, PolicyJson::readPolicies);

  @Test
  void a_document_nested_10000_levels_deep_is_refused_by_every_reader_naming_the_nesting_limit() {
    for (Consumer<String> reader : READERS) {
      for (String deep : List.of(DEEP_ARRAY, DEEP_OBJECT, "{\"policies\": " + DEEP_OBJECT + "}")) {
        assertThatThrownBy(() -> reader.accept(deep))
            .isInstanceOfSatisfying(JsonLimitException.class, e -> {
              org.assertj.core.api.Assertions.assertThat(e.limit()).isEqualTo(JsonLimitException.NESTING_DEPTH);
              org.assertj.core.api.Assertions.assertThat(e.maximum()).isEqualTo(64);
            })
            .hasMessageContaining("nested more than 64 levels deep (limit: nesting depth 64)");
      }
    }
  }

  @Test
  void a_key_over_1_mi_characters_is_refused_naming_a_length_limit() {
    String json = "{\"policies\": {\"" + "k".repeat((1 << 20) + 1) + "\": {}}}";

    // (Jackson reports a long key as a long string or a long name, depending on where its buffer ends)
    assertThatThrownBy(() -> PolicyJson.readRequest(json)).isInstanceOfSatisfying(JsonLimitException.class,
        e -> org.assertj.core.api.Assertions.assertThat(e.limit()).isIn(JsonLimitException.NAME_LENGTH,
            JsonLimitException.STRING_LENGTH))
        .hasMessageContaining("longer than 1048576 characters (limit: ")
        .hasMessageStartingWith("policies JSON is malformed at $");
  }
}
