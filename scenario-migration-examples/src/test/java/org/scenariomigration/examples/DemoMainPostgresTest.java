package org.scenariomigration.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The demo on PostgreSQL, like the jdbc module's suites: {@code 127.0.0.1:5432/test} as user {@code postgres} unless
 * {@code -Dsm.test.postgres.url=...} (or {@code SM_TEST_POSTGRES_URL}) says otherwise; skipped when unreachable,
 * failed then when {@code -Dsm.test.require-databases=true}.
 */
class DemoMainPostgresTest {

  static String url() {
    String url = System.getProperty("sm.test.postgres.url", System.getenv("SM_TEST_POSTGRES_URL"));
    if (url == null || url.isBlank()) {
      url = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    }
    return url + (url.contains("?") ? "&" : "?") + "connectTimeout=3";
  }

  static boolean reachable(String url) {
    try (Connection c = new UrlDataSource(url).getConnection()) {
      return c.isValid(3);
    } catch (SQLException | RuntimeException e) {
      if (Boolean.getBoolean("sm.test.require-databases")) {
        throw new AssertionError("PostgreSQL is required but unreachable at " + UrlDataSource.redact(url), e);
      }
      return false;
    }
  }

  @Test
  void the_demo_runs_the_same_on_postgresql_and_drops_its_tables() throws SQLException {
    String url = url();
    assumeTrue(reachable(url), "PostgreSQL is not reachable at " + UrlDataSource.redact(url));

    String out = DemoMainTest.runMain(url);

    assertThat(out).contains("store: POSTGRESQL at jdbc:postgresql://");
    DemoMainTest.assertTheStory(out);
    Matcher m = Pattern.compile("tables (sm_demo_[0-9a-f]{8}_)\\*").matcher(out);
    assertThat(m.find()).as(out.lines().limit(3).toList().toString()).isTrue();
    try (Connection c = new UrlDataSource(url).getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name LIKE ?")) {
      ps.setString(1, m.group(1) + "%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }
}
