package org.scenariomigration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the core pure: no JDBC, no threads of its own, no frameworks; Micrometer (an optional dependency) only in
 * {@code org.scenariomigration.micrometer}, which nothing else refers to, so the core loads without it. Every public
 * type is a deliberate decision: the public top-level types are the ones {@code src/test/resources/public-api.txt}
 * lists.
 */
class ArchitectureTest {
  private static final Path CLASSES = Path.of("target/classes");
  private static final Path PUBLIC_API = Path.of("src/test/resources/public-api.txt");

  /** By package, then by simple name: the order of {@code public-api.txt}. */
  static final Comparator<String> BY_PACKAGE = Comparator.comparing(ArchitectureTest::packageOf)
      .thenComparing(Comparator.naturalOrder());

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
    List<Path> files = classFiles();
    assertThat(files).hasSizeGreaterThan(20);
    byte[] needle = "io/micrometer".getBytes(StandardCharsets.UTF_8);
    List<String> offenders = new ArrayList<>();
    int inPackage = 0;
    for (Path p : files) {
      boolean inside = CLASSES.relativize(p).toString().replace('\\', '/').startsWith(MICROMETER_PACKAGE);
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

  @Test
  void no_compiled_class_refers_to_the_jdbc_module() throws IOException {
    List<String> offenders = new ArrayList<>();
    List<Path> files = classFiles();
    assertThat(files).hasSizeGreaterThan(20);
    for (Path p : files) {
      byte[] bytes = Files.readAllBytes(p);
      for (String needle : List.of("org/scenariomigration/jdbc", "org.scenariomigration.jdbc", "java/sql/",
          "javax/sql/")) {
        if (indexOf(bytes, needle.getBytes(StandardCharsets.UTF_8)) >= 0) {
          offenders.add(p + " (" + needle + ")");
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  /**
   * The public top-level types of the compiled core are exactly the ones {@code public-api.txt} lists (sorted, grouped
   * by package): a new public type, or one that stopped being public, fails here until the list says so.
   */
  @Test
  void every_public_type_is_on_the_public_api_list_and_every_listed_type_is_public() throws Exception {
    TreeSet<String> actual = publicTopLevelTypes();
    List<String> listed = Files.readAllLines(PUBLIC_API, StandardCharsets.UTF_8).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

    assertThat(actual).as("public types found in %s", CLASSES).hasSizeGreaterThan(20);
    TreeSet<String> added = new TreeSet<>(BY_PACKAGE);
    added.addAll(actual);
    added.removeAll(listed);
    TreeSet<String> removed = new TreeSet<>(BY_PACKAGE);
    removed.addAll(listed);
    removed.removeAll(actual);
    if (!added.isEmpty() || !removed.isEmpty()) {
      fail(String.format("the public types of the core changed:%n"
          + "  public but not in %s (make it package-private, or add it: a new public type is an API decision):%n"
          + "    %s%n  in %s but not a public type (any more): remove it, and say so in the CHANGELOG:%n    %s",
          PUBLIC_API, String.join("\n    ", added), PUBLIC_API, String.join("\n    ", removed)));
    }
    assertThat(listed).as("%s is sorted by package, then name, without duplicates", PUBLIC_API)
        .doesNotHaveDuplicates().isSortedAccordingTo(BY_PACKAGE);
  }

  /** Every top-level type in {@code target/classes} declared {@code public}, loaded without initialising it. */
  static TreeSet<String> publicTopLevelTypes() throws IOException, ClassNotFoundException {
    TreeSet<String> names = new TreeSet<>(BY_PACKAGE);
    for (Path p : classFiles()) {
      String file = CLASSES.relativize(p).toString().replace('\\', '/');
      String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
      if (name.contains("$") || name.endsWith("package-info") || name.endsWith("module-info")) {
        continue;
      }
      Class<?> type = Class.forName(name, false, ArchitectureTest.class.getClassLoader());
      if (Modifier.isPublic(type.getModifiers())) {
        names.add(name);
      }
    }
    return names;
  }

  private static List<Path> classFiles() throws IOException {
    try (Stream<Path> s = Files.walk(CLASSES)) {
      return s.filter(p -> p.toString().endsWith(".class")).toList();
    }
  }

  private static String packageOf(String name) {
    return name.substring(0, name.lastIndexOf('.'));
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
