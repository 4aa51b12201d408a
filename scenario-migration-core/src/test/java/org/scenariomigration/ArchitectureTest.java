package org.scenariomigration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the core pure: no JDBC, no threads of its own, no frameworks. */
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
}
