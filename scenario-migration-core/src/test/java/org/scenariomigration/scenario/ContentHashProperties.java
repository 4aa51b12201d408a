package org.scenariomigration.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

class ContentHashProperties {

  @Provide
  Arbitrary<String> words() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_', '.', 'é').ofMinLength(1).ofMaxLength(8);
  }

  @Provide
  Arbitrary<String> padding() {
    return Arbitraries.strings().withChars(' ', '\t', '\n', '\r', '\u00A0', '\u2003').ofMaxLength(3);
  }

  @Property
  void the_step_hash_does_not_depend_on_the_order_of_its_lists(
      @ForAll @Size(max = 5) List<@From("words") String> rules,
      @ForAll @Size(max = 5) List<@From("words") String> fields,
      @ForAll @Size(max = 5) List<@From("words") String> inputs,
      @ForAll long seed) {
    Random random = new Random(seed);
    List<String> r2 = shuffled(rules, random);
    List<String> f2 = shuffled(fields, random);
    List<String> i2 = shuffled(inputs, random);

    Step a = Step.builder("a").name("Step").ruleIds(rules.toArray(String[]::new))
        .collects(fields.toArray(String[]::new)).requires(inputs.toArray(String[]::new)).build();
    Step b = Step.builder("b").name("Step").ruleIds(r2.toArray(String[]::new))
        .collects(f2.toArray(String[]::new)).requires(i2.toArray(String[]::new)).build();

    assertThat(b.contentHash()).isEqualTo(a.contentHash());
  }

  @Property
  void padding_a_name_with_white_space_does_not_change_the_hash(
      @ForAll("words") String first, @ForAll("words") String second,
      @ForAll("padding") String before, @ForAll("padding") String after,
      @ForAll("padding") String between) {
    Step plain = Step.builder("s").name(first + " " + second).build();
    Step padded = Step.builder("s").name(before + first + " " + between + second + after).build();

    assertThat(padded.contentHash()).isEqualTo(plain.contentHash());
  }

  @Property
  void different_names_give_different_hashes(@ForAll("words") String a, @ForAll("words") String b) {
    Step sa = Step.builder("s").name(a).build();
    Step sb = Step.builder("s").name(b).build();

    assertThat(sa.contentHash().equals(sb.contentHash())).isEqualTo(a.equals(b));
  }

  @Property
  void the_checksum_does_not_depend_on_the_order_of_steps(
      @ForAll @Size(min = 1, max = 8) @UniqueElements List<@From("words") String> ids, @ForAll long seed) {
    Random random = new Random(seed);
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      Step.Builder b = Step.builder(ids.get(i)).name("Step " + i);
      if (i + 1 < ids.size()) {
        b.when("n > " + i, ids.get(i + 1)).to(ids.get(random.nextInt(ids.size())));
      }
      steps.add(b.build());
    }
    ScenarioVersion declared = ScenarioVersion.builder("s", 1).startStep(ids.get(0)).steps(steps).build();
    ScenarioVersion shuffled = ScenarioVersion.builder("s", 1).startStep(ids.get(0))
        .steps(shuffled(steps, random)).build();

    assertThat(shuffled.checksum()).isEqualTo(declared.checksum());
    assertThat(shuffled).isEqualTo(declared);
  }

  private static <T> List<T> shuffled(List<T> list, Random random) {
    List<T> copy = new ArrayList<>(list);
    Collections.shuffle(copy, random);
    return copy;
  }
}
