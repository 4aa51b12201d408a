package org.scenariomigration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the core pure: no JDBC, no threads of its own, no frameworks; Micrometer (an optional dependency) only in
 * {@code org.scenariomigration.micrometer}, which nothing else refers to, so the core loads without it.
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java");

  private static List<Path> sources() throws IOException {
    try (Stream<Path> s = Files.walk(MAIN)) {
      return s.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  @Test
  void core_sources_exist_where_this_test_looks() throws IOException {
    assertThat(sources()).hasSizeGreaterThan(20);
  }

  @Test
  void core_never_imports_jdbc() throws IOException {
    for (Path p : sources()) {
      assertThat(Files.readString(p)).as(p.toString()).doesNotContain("import java.sql").doesNotContain(
          "import javax.sql");
    }
  }

  @Test
  void core_starts_no_threads_of_its_own() throws IOException {
    for (Path p : sources()) {
      String src = Files.readString(p);
      assertThat(src).as(p.toString()).doesNotContain("new Thread(").doesNotContain("Executors.")
          .doesNotContain("ScheduledExecutorService");
    }
  }

  private static final String MICROMETER_PACKAGE = "org/scenariomigration/micrometer/";

  @Test
  void only_the_micrometer_package_refers_to_micrometer_and_nothing_else_refers_to_it() throws IOException {
    for (Path p : sources()) {
      String src = Files.readString(p);
      if (p.toString().replace('\\', '/').contains(MICROMETER_PACKAGE)) {
        continue;
      }
      assertThat(src).as(p.toString()).doesNotContain("io.micrometer")
          .doesNotContain("org.scenariomigration.micrometer");
    }
  }

  /** The compiled classes (what the JVM loads) outside the package name no Micrometer type at all. */
  @Test
  void no_compiled_class_outside_the_micrometer_package_references_a_micrometer_type() throws IOException {
    Path classes = Path.of("target/classes");
    List<Path> files;
    try (Stream<Path> s = Files.walk(classes)) {
      files = s.filter(p -> p.toString().endsWith(".class")).toList();
    }
    assertThat(files).hasSizeGreaterThan(20);
    byte[] needle = "io/micrometer".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    List<String> offenders = new java.util.ArrayList<>();
    int inPackage = 0;
    for (Path p : files) {
      boolean inside = classes.relativize(p).toString().replace('\\', '/').startsWith(MICROMETER_PACKAGE);
      boolean refers = indexOf(Files.readAllBytes(p), needle) >= 0;
      if (inside && refers) {
        inPackage++;
      } else if (refers) {
        offenders.add(p.toString());
      }
    }
    assertThat(offenders).isEmpty();
    assertThat(inPackage).as("the binding itself refers to Micrometer: this test sees references").isPositive();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
