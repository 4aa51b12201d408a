package org.scenariomigration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.ScenarioJson;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.runtime.DeploymentResult;
import org.scenariomigration.runtime.MigrationOperations;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.ProfileField;

/**
 * The README quickstart, compiled and run. The README's Java blocks under "## Quickstart" are the regions of this
 * file between {@code README-BEGIN} and {@code README-END} comments, in order and modulo indentation, and
 * {@link #the_readme_quickstart_is_the_code_this_test_runs} fails on the first line where they differ.
 */
class ReadmeQuickstartTest {
  private static final Path README = Path.of("../README.md");
  private static final Path SOURCE = Path.of("src/test/java/org/scenariomigration/ReadmeQuickstartTest.java");
  private static final String SECTION = "## Quickstart";
  private static final String BEGIN = "// README-BEGIN";
  private static final String END = "// README-END";

  static final String V1 = """
      {"format_version": 1, "scenario_id": "order-flow", "version": 1, "name": "Order Flow",
       "steps": [
         {"id": "welcome", "name": "Welcome", "transitions": [{"to_step_id": "checkout"}]},
         {"id": "checkout", "name": "Checkout", "transitions": [{"to_step_id": "confirm"}]},
         {"id": "confirm", "name": "Confirm"}]}
      """;

  static final String V2 = """
      {"format_version": 1, "scenario_id": "order-flow", "version": 2, "name": "Order Flow",
       "steps": [
         {"id": "welcome", "name": "Welcome", "transitions": [{"to_step_id": "age_check"}]},
         {"id": "age_check", "name": "Age Verification", "collects_fields": ["age"],
          "transitions": [{"to_step_id": "checkout"}]},
         {"id": "checkout", "name": "Checkout", "transitions": [{"to_step_id": "confirm"}]},
         {"id": "confirm", "name": "Confirm"}]}
      """;

  @Test
  void quickstart() {
    // README-BEGIN
    ScenarioMigration migration = ScenarioMigration.builder()   // in-memory stores; .stores(jdbcStores) for a database
        .build();

    ScenarioVersion v1 = ScenarioJson.read(V1);
    migration.publish("tenant-1", v1);   // the first version becomes current

    // the host reports progress, and what it knows of the customer
    migration.startSession("tenant-1", "session-42", "customer-7", "whatsapp", "order-flow");
    migration.advance("tenant-1", "session-42", "checkout");
    migration.putProfile("tenant-1", "customer-7", new ProfileField("age", 34, "crm", 1.0, null));

    // the operator generates, reviews, configures, approves and deploys a plan
    MigrationOperations ops = migration.operations();
    MigrationPlan plan = ops.generatePlan("tenant-1", ScenarioJson.read(V2), "operator@example.com");
    System.out.println(plan.summary().warnings());   // "Customers at 'Checkout' may be asked for 'age' ..."
    ops.updatePolicy("tenant-1", plan.id(), "checkout", p -> p.includeChannels("whatsapp").maxSessionAgeDays(30));
    ops.approve("tenant-1", plan.id(), "lead@example.com");
    DeploymentResult deployed = ops.deploy("tenant-1", plan.id());   // covers sessions, writes none

    // before processing each incoming message
    Outcome outcome = migration.reconcile("tenant-1", "session-42");
    if (outcome instanceof Outcome.Teleport t) {
      System.out.println("now at " + t.targetStepId() + " of v" + t.targetVersion());
    }
    // README-END

    assertThat(plan.summary().anchorsWithGapFill()).isEqualTo(2);
    assertThat(deployed.sessionsMarked()).isEqualTo(1);
    assertThat(outcome).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));
    assertThat(migration.session("tenant-1", "session-42").variables()).containsEntry("age", 34L);
    assertThat(migration.reconcile("tenant-1", "session-42")).isSameAs(Outcome.CONTINUE);
  }

  @Test
  void the_readme_quickstart_is_the_code_this_test_runs() throws IOException {
    assertReadmeSectionIsTheCodeOf(SECTION, SOURCE);
  }

  /**
   * Fails unless the {@code ```java} blocks of the README section under {@code heading} (a {@code ## } heading) are,
   * in order and modulo indentation, the regions of {@code source} (a path from the core module) between
   * {@code README-BEGIN} and {@code README-END} comments. Other tests use it for their own README sections.
   */
  static void assertReadmeSectionIsTheCodeOf(String heading, Path source) throws IOException {
    List<Block> readme = readmeBlocks(Files.readAllLines(README, StandardCharsets.UTF_8), heading);
    List<Block> marked = markedRegions(Files.readAllLines(source, StandardCharsets.UTF_8), source);

    assertThat(readme).as("Java blocks under '%s' in %s", heading, README).isNotEmpty();
    assertThat(marked).as("regions between %s and %s in %s", BEGIN, END, source).hasSameSizeAs(readme);
    for (int i = 0; i < readme.size(); i++) {
      Optional<String> difference = firstDifference(readme.get(i), marked.get(i));
      assertThat(difference).as("README block %d under '%s' against region %d of %s", i + 1, heading, i + 1, source)
          .isEmpty();
    }
  }

  @Test
  void the_comparison_names_the_first_line_that_differs_and_ignores_indentation() {
    Block readme = new Block("README.md", 10, List.of("a();", "  b();", "", "c();"));
    Block same = new Block("Test.java", 40, List.of("    a();", "      b();", "", "    c();"));
    Block other = new Block("Test.java", 40, List.of("    a();", "      b(1);", "", "    c();"));
    Block longer = new Block("Test.java", 40, List.of("a();", "  b();", "", "c();", "d();"));

    assertThat(firstDifference(readme, same)).isEmpty();
    assertThat(firstDifference(readme, other)).hasValue("""
        line 2 differs:
          README.md:11:  b();
          Test.java:41:  b(1);""");
    assertThat(firstDifference(readme, longer)).hasValue("""
        line 5 differs:
          README.md:14:<the block has ended>
          Test.java:44:d();""");
  }

  /** Lines of a code block with the line number (1-based) of its first line; indentation common to all removed. */
  record Block(String file, int firstLine, List<String> lines) {}

  /** The {@code ```java} blocks between a {@code ## } heading and the next heading of the same level. */
  static List<Block> readmeBlocks(List<String> lines, String heading) {
    List<Block> blocks = new ArrayList<>();
    int start = lines.indexOf(heading);
    if (start < 0) {
      return blocks;
    }
    for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
      if (lines.get(i).strip().equals("```java")) {
        int first = i + 1;
        int end = first;
        while (end < lines.size() && !lines.get(end).strip().equals("```")) {
          end++;
        }
        blocks.add(new Block(README.toString(), first + 1, lines.subList(first, end)));
        i = end;
      }
    }
    return blocks;
  }

  /** The lines between each {@code README-BEGIN} comment and the next {@code README-END} comment. */
  static List<Block> markedRegions(List<String> lines, Path source) {
    List<Block> regions = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(BEGIN)) {
        int first = i + 1;
        int end = first;
        while (end < lines.size() && !lines.get(end).strip().equals(END)) {
          end++;
        }
        regions.add(new Block(source.toString(), first + 1, lines.subList(first, end)));
        i = end;
      }
    }
    return regions;
  }

  /** The first line where the two blocks differ, once each has lost its common indentation and trailing blanks. */
  static Optional<String> firstDifference(Block a, Block b) {
    List<String> x = dedent(a.lines());
    List<String> y = dedent(b.lines());
    for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
      String left = i < x.size() ? x.get(i) : "<the block has ended>";
      String right = i < y.size() ? y.get(i) : "<the block has ended>";
      if (!left.equals(right)) {
        return Optional.of("line " + (i + 1) + " differs:\n  " + a.file() + ":" + (a.firstLine() + i) + ":" + left
            + "\n  " + b.file() + ":" + (b.firstLine() + i) + ":" + right);
      }
    }
    return Optional.empty();
  }

  private static List<String> dedent(List<String> lines) {
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min()
        .orElse(0);
    return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList();
  }
}
