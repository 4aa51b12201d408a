package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JDBC stores reach every database, H2 included, through {@code java.sql} and {@code javax.sql} only: no compiled
 * class of the module names a type of a driver, so each driver (H2's too) is the host's choice of dependency.
 */
class JdbcArchitectureTest {
  private static final Path CLASSES = Path.of("target/classes");

  @Test
  void no_compiled_class_refers_to_a_type_of_a_driver() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(CLASSES)) {
      files = s.filter(p -> p.toString().endsWith(".class")).toList();
    }
    assertThat(files).as("compiled classes in %s", CLASSES).hasSizeGreaterThan(5);
    List<String> offenders = new ArrayList<>();
    int jdbc = 0;
    for (Path p : files) {
      String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
      jdbc += bytes.contains("java/sql/") ? 1 : 0;
      for (String driver : List.of("org/h2/", "org/postgresql/", "org/mariadb/", "com/mysql/")) {
        if (bytes.contains(driver)) {
          offenders.add(p + " refers to " + driver);
        }
      }
    }
    assertThat(offenders).isEmpty();
    assertThat(jdbc).as("classes that refer to java.sql types: this test sees references").isPositive();
  }
}
