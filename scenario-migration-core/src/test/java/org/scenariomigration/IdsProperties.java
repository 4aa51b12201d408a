package org.scenariomigration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.scenariomigration.InvalidIdException.Rule;

/**
 * The id grammar against an independent reference, over generated strings full of the characters each rule is about.
 */
class IdsProperties {

  /** Pieces of ids: printable ASCII mostly, and every kind of character a rule is about. */
  @Provide
  Arbitrary<String> candidates() {
    Arbitrary<String> piece = Arbitraries.frequencyOf(
        Tuple.of(40, Arbitraries.chars().range('!', '~').map(String::valueOf)),
        Tuple.of(6, Arbitraries.just(" ")),
        Tuple.of(3, Arbitraries.chars().range('\u0000', '\u001f').map(String::valueOf)),
        Tuple.of(2, Arbitraries.chars().range('\u007f', '\u009f').map(String::valueOf)),
        Tuple.of(4, Arbitraries.of("\u00a0", "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f",
            "\u3000", "\u200b", "\ufeff")),
        Tuple.of(3, Arbitraries.chars().range('\ud800', '\udfff').map(String::valueOf)),
        Tuple.of(8, Arbitraries.integers().between(0x10000, 0x10ffff).map(Character::toString)),
        Tuple.of(10, Arbitraries.chars().range('\u00a1', '\ud7ff').map(String::valueOf)),
        Tuple.of(3, Arbitraries.chars().range('\ue000', '\uffff').map(String::valueOf)));
    return Arbitraries.frequencyOf(
        Tuple.of(6, piece.list().ofMaxSize(12).map(l -> String.join("", l))),
        Tuple.of(2, piece.list().ofMinSize(60).ofMaxSize(130).map(l -> String.join("", l))),
        Tuple.of(2, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(250).ofMaxLength(258)));
  }

  @Property(tries = 3000)
  void the_check_agrees_with_a_reference_built_from_the_jdk_encoder_and_unicode_properties(
      @ForAll("candidates") String id) {
    Optional<Rule> rule = Ids.brokenRule(id);
    Set<Rule> broken = reference(id);
    Statistics.label("rule").collect(rule.map(Enum::name).orElse("valid"));

    assertThat(rule.isEmpty()).as(Ids.quote(id)).isEqualTo(broken.isEmpty());
    rule.ifPresent(r -> assertThat(broken).as(Ids.quote(id)).contains(r));
    assertThat(Ids.isValid(id)).isEqualTo(broken.isEmpty());

    Statistics.label("rule").coverage(c -> {
      c.check("valid").percentage(p -> p > 15);
      for (Rule r : Rule.values()) {
        c.check(r.name()).count(n -> n > 0);
      }
    });
  }

  /** Every rule {@code id} breaks, from the JDK's strict UTF-8 encoder and regex Unicode properties. */
  private static Set<Rule> reference(String id) {
    Set<Rule> broken = EnumSet.noneOf(Rule.class);
    if (id.isEmpty()) {
      broken.add(Rule.EMPTY);
      return broken;
    }
    try {
      ByteBuffer utf8 = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(id));
      if (utf8.remaining() > 255) {
        broken.add(Rule.TOO_LONG);
      }
    } catch (CharacterCodingException e) {
      broken.add(Rule.UNPAIRED_SURROGATE);
      if (id.getBytes(StandardCharsets.UTF_8).length > 255) {
        broken.add(Rule.TOO_LONG);
      }
    }
    if (Pattern.compile("\\p{Cc}").matcher(id).find()) {
      broken.add(Rule.CONTROL_CHARACTER);
    }
    if (Pattern.compile("^\\p{IsWhite_Space}").matcher(id).find()) {
      broken.add(Rule.LEADING_WHITESPACE);
    }
    if (Pattern.compile("\\p{IsWhite_Space}$").matcher(id).find()) {
      broken.add(Rule.TRAILING_WHITESPACE);
    }
    return broken;
  }

  @Property(tries = 2000)
  void a_valid_id_is_what_a_driver_sends_and_an_unpaired_surrogate_is_not(@ForAll("candidates") String id) {
    String roundTrip = new String(id.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    if (Ids.isValid(id)) {
      assertThat(roundTrip).isEqualTo(id);
      assertThat(id.getBytes(StandardCharsets.UTF_8).length).isBetween(1, Ids.MAX_UTF8_BYTES);
    } else if (Ids.brokenRule(id).orElseThrow() == Rule.UNPAIRED_SURROGATE) {
      assertThat(roundTrip).isNotEqualTo(id);
    }
  }

  @Property(tries = 2000)
  void a_quoted_value_is_printable_ascii_and_unescapes_to_the_value(@ForAll("candidates") String id) {
    String q = Ids.quote(id);

    assertThat(q.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    if (id.length() <= 96) {
      assertThat(unescape(q.substring(1, q.length() - 1))).isEqualTo(id);
    }
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        sb.append(c);
      } else if (s.charAt(i + 1) == 'u') {
        sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        sb.append(s.charAt(++i));
      }
    }
    return sb.toString();
  }
}
