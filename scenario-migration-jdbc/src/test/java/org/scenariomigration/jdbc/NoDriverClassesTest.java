package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The drivers are the host's to add (H2 too: an optional dependency): no class of this module refers to a class of
 * H2, PostgreSQL's or MariaDB's driver, so none is loaded unless the host's data source is of that database. Read
 * from the compiled classes' constant pools, where every class a class refers to is named.
 */
class NoDriverClassesTest {

  @Test
  void no_class_of_the_module_refers_to_a_drivers_class() throws IOException {
    List<Path> classes;
    try (Stream<Path> files = Files.walk(Path.of("target/classes"))) {
      classes = files.filter(p -> p.toString().endsWith(".class")).toList();
    }
    assertThat(classes).extracting(p -> p.getFileName().toString()).contains("JdbcStores.class", "H2Dialect.class",
        "PostgresDialect.class", "MariaDbDialect.class");

    for (Path c : classes) {
      String pool = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
      assertThat(pool).as(c.toString()).doesNotContain("org/h2/", "org/postgresql/", "org/mariadb/");
    }
    // what the check looks for is how a class names the classes it uses
    String test = new String(Files.readAllBytes(Path.of("target/test-classes/org/scenariomigration/jdbc/"
        + "DialectTest.class")), StandardCharsets.ISO_8859_1);
    assertThat(test).contains("org/h2/jdbcx/JdbcDataSource");
  }
}
