package org.scenariomigration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scenariomigration.InvalidIdException.Rule;
import org.scenariomigration.spi.LookAlikeIds;
import org.scenariomigration.spi.StoreFixtures;

class IdsTest {

  // ------------------------------------------------------------------------------------------- examples

  @Test
  void ids_are_anything_printable_including_sql_metacharacters_emoji_dots_and_inner_spaces() {
    for (String id : List.of("acme", "a", StoreFixtures.NASTY, "customer.age", "order flow", "%_\\", "'", "\"",
        "\ud83d\ude00", "caf\u00e9", "cafe\u0301", "\u4e2d\u6587", "\uff21\uff23\uff2d\uff25", "a\u200bb", "\u200b",
        "\u0301", "x?", "\ufffe")) {
      assertThat(Ids.isValid(id)).as(Ids.quote(id)).isTrue();
      assertThat(Ids.require(IdKind.TENANT, id)).isSameAs(id);
      assertThat(Ids.brokenRule(id)).isEmpty();
    }
    for (String id : LookAlikeIds.atTheBound()) {
      assertThat(id.getBytes(StandardCharsets.UTF_8)).hasSize(Ids.MAX_UTF8_BYTES);
      assertThat(Ids.isValid(id)).as(Ids.quote(id)).isTrue();
    }
  }

  @Test
  void each_rule_is_named_with_the_kind_the_value_escaped_and_the_position() {
    InvalidIdException e = invalid(IdKind.TENANT, "acme ");
    assertThat(e.kind()).isEqualTo(IdKind.TENANT);
    assertThat(e.value()).isEqualTo("acme ");
    assertThat(e.rule()).isEqualTo(Rule.TRAILING_WHITESPACE);
    assertThat(e.index()).isEqualTo(4);
    assertThat(e).isInstanceOf(ScenarioMigrationException.class).hasMessage("tenant id \"acme \" is invalid: it ends"
        + " with whitespace, U+0020 at index 4 (an id is 1 to 255 bytes of UTF-8, valid Unicode, with no control"
        + " character and no whitespace at either end)");

    assertThat(invalid(IdKind.SESSION, "s\u0007")).hasMessageStartingWith(
        "session id \"s\\u0007\" is invalid: it contains a control character, U+0007 at index 1");
    assertThat(invalid(IdKind.PLAN, "x\ud800")).hasMessageStartingWith(
        "plan id \"x\\ud800\" is invalid: it is not valid Unicode: an unpaired surrogate U+D800 at index 1");
    assertThat(invalid(IdKind.CUSTOMER, "\udc00x").index()).isZero();
    assertThat(invalid(IdKind.FIELD, "")).hasMessageStartingWith("field name \"\" is invalid: it is empty")
        .extracting(InvalidIdException::index).isEqualTo(-1);
    assertThat(invalid(IdKind.CHANNEL, "\u00a0web")).hasMessageStartingWith(
        "channel \"\\u00a0web\" is invalid: it starts with whitespace, U+00A0 at index 0");
    assertThat(invalid(IdKind.STEP, "step\u3000")).hasMessageStartingWith(
        "step id \"step\\u3000\" is invalid: it ends with whitespace, U+3000 at index 4");
    assertThat(invalid(IdKind.SCENARIO, "\ud83d\ude00\u2029")).hasMessageContaining("U+2029 at index 2");
    assertThat(invalid(IdKind.JOURNAL_RECORD, "é".repeat(128))).hasMessageStartingWith(
        "journal record id \"\\u00e9\\u00e9").hasMessageContaining("...\" (128 UTF-16 code units) is invalid: it is"
        + " 256 bytes long in UTF-8, more than 255");
    assertThat(invalid(IdKind.TENANT, "a".repeat(256)).rule()).isEqualTo(Rule.TOO_LONG);
    for (LookAlikeIds.Refused r : LookAlikeIds.refused()) {
      assertThat(invalid(IdKind.TENANT, r.id()).rule()).as(r.toString()).isEqualTo(r.rule());
    }
    for (String id : LookAlikeIds.pastTheBound()) {
      assertThat(invalid(IdKind.STEP, id).rule()).as(Ids.quote(id)).isEqualTo(Rule.TOO_LONG);
    }
  }

  @Test
  void null_is_a_null_pointer_exception_naming_the_parameter_and_optional_ids_may_be_null() {
    assertThatNullPointerException().isThrownBy(() -> Ids.require(IdKind.SESSION, null)).withMessage("sessionId must not be null");
    assertThatNullPointerException().isThrownBy(() -> Ids.requireAll(IdKind.PLAN, null)).withMessage("planIds must not be null");
    assertThat(Ids.requireOptional(IdKind.PLAN, null)).isNull();
    assertThat(invalidOptional(" p").rule()).isEqualTo(Rule.LEADING_WHITESPACE);
    assertThat(Ids.isValid(null)).isFalse();
    List<String> ids = List.of("a", "b");
    assertThat(Ids.requireAll(IdKind.TENANT, ids)).isSameAs(ids);
    assertThat(catchThrowableOfType(InvalidIdException.class, () -> Ids.requireAll(IdKind.CHANNEL,
        List.of("web", "sms ")))).extracting(InvalidIdException::value).isEqualTo("sms ");
  }

  @Test
  void quote_escapes_everything_outside_printable_ascii_so_look_alikes_differ_in_a_message() {
    assertThat(Ids.quote("o'b\"r\\")).isEqualTo("\"o'b\\\"r\\\\\"");
    assertThat(Ids.quote("caf\u00e9")).isNotEqualTo(Ids.quote("cafe\u0301")).isEqualTo("\"caf\\u00e9\"");
    assertThat(Ids.quote("cafe\u0301")).isEqualTo("\"cafe\\u0301\"");
    assertThat(Ids.quote("\ud83d\ude00")).isEqualTo("\"\\ud83d\\ude00\"");
    assertThat(Ids.quote("x".repeat(97))).isEqualTo("\"" + "x".repeat(64) + "...\" (97 UTF-16 code units)");
    assertThat(Ids.quote("x".repeat(96))).isEqualTo("\"" + "x".repeat(96) + "\"");
  }

  private static InvalidIdException invalid(IdKind kind, String id) {
    InvalidIdException e = catchThrowableOfType(InvalidIdException.class, () -> Ids.require(kind, id));
    assertThat(e).as(Ids.quote(id)).isNotNull();
    assertThat(Ids.isValid(id)).isFalse();
    assertThat(Ids.brokenRule(id)).contains(e.rule());
    return e;
  }

  private static InvalidIdException invalidOptional(String id) {
    return catchThrowableOfType(InvalidIdException.class, () -> Ids.requireOptional(IdKind.PLAN, id));
  }
}
