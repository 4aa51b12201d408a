package org.scenariomigration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's sample output of the demo (the code block of "Try it in two commands" that starts with a {@code ==}
 * heading) is what {@link DemoMain} prints: each of its paragraphs is a run of lines of the demo's output, in the
 * README's order. Plan ids, random on every run, are compared as {@code <uuid>}.
 */
class ReadmeSampleOutputTest {
  private static final Path README = Path.of("../README.md");
  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  @Test
  void every_paragraph_of_the_readme_sample_is_printed_by_the_demo_in_the_readme_order() throws IOException {
    List<String> paragraphs = paragraphs(sample(Files.readAllLines(README, StandardCharsets.UTF_8)));
    String out = "\n" + DemoMainTest.runMain().replaceAll(UUID, "<uuid>");

    assertThat(String.join("\n", paragraphs)).as("the README's sample output")
        .contains("== 4.", "== 5.", "\"migrations_by_scenario\"");
    int from = 0;
    for (String paragraph : paragraphs) {
      int at = out.indexOf("\n" + paragraph + "\n", from);
      assertThat(at).as("this paragraph of the README's sample output, after the one before it, in the demo's output:"
          + "%n%s%n%nThe demo printed:%n%s", paragraph, out).isNotNegative();
      from = at + paragraph.length();
    }
  }

  /** The lines of the first code block whose first line is a {@code ==} heading of the demo's output. */
  static List<String> sample(List<String> readme) {
    for (int i = 0; i + 1 < readme.size(); i++) {
      if (readme.get(i).equals("```") && readme.get(i + 1).startsWith("== ")) {
        int end = readme.subList(i + 1, readme.size()).indexOf("```");
        assertThat(end).as("the end of the README's sample output").isPositive();
        return readme.subList(i + 1, i + 1 + end);
      }
    }
    throw new AssertionError("README.md has no sample output of the demo (a code block starting with '== ')");
  }

  /** Runs of non-blank lines, plan ids replaced. */
  static List<String> paragraphs(List<String> lines) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      if (line.isBlank()) {
        if (!current.isEmpty()) {
          out.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(current.isEmpty() ? "" : "\n").append(line.replaceAll(UUID, "<uuid>"));
      }
    }
    if (!current.isEmpty()) {
      out.add(current.toString());
    }
    return out;
  }
}
