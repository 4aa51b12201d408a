package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A session of {@value #LONG_VISITS} visits, and {@value #SESSIONS} sessions of {@value #VISITS} visits each, go
 * through {@code reconcile}, {@code advance} and a migration in a heap of 256 MB: {@link HeapCheckMain} in a JVM of
 * its own ({@code -Xmx256m}), with this test's class path. One subclass per database.
 */
abstract class BoundedHeapTest {
  static final int LONG_VISITS = 100_000;
  /**
   * The visits of the long session that migrates: all of them. While the history was stored whole, 20,000 was the
   * most that fitted (its journal record carried 47 MB of JSON at 100,000 visits); bounded, it is a few entries.
   */
  static final int MIGRATED_VISITS = LONG_VISITS;
  static final int SESSIONS = 1_000;
  static final int VISITS = 1_000;

  /** {@code h2} or {@code postgresql}. */
  abstract String database();

  /** How many sessions of {@value #VISITS} visits migrate on this database. */
  int sessions() {
    return SESSIONS;
  }

  @Test
  void long_sessions_run_through_reconcile_advance_and_a_migration_in_a_256_mb_heap() throws Exception {
    Path dir = Files.createTempDirectory("sm-heap");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), HeapCheckMain.class.getName(), database()));
    if (database().equals("h2")) {
      cmd.add(dir.toString());
    } else {
      TestDatabase pg = TestDatabase.postgres();
      String unreachable = pg.unreachableReason();
      Assumptions.assumeTrue(unreachable == null, unreachable);
      String url = System.getProperty("sm.test.postgres.url");
      if (url != null) {
        cmd.add(1, "-Dsm.test.postgres.url=" + url);
      }
    }
    cmd.addAll(List.of(String.valueOf(LONG_VISITS), String.valueOf(MIGRATED_VISITS), String.valueOf(sessions()),
        String.valueOf(VISITS)));
    File out = dir.resolve("out.txt").toFile();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
    boolean done = p.waitFor(240, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly().waitFor();
    }
    String output = Files.readString(out.toPath(), StandardCharsets.UTF_8);
    System.out.println("heap check on " + database() + ":\n" + output);
    deleteQuietly(dir);
    assertThat(done).as("finished within 240 s:\n" + output).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("HEAP-CHECK OK max heap");
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory
    }
  }
}
