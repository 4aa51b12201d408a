package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;

/**
 * Rows written by the library before histories were bounded (main at {@code aeac093}: one history object per visit,
 * copied into journal records) are read, decided on and rewritten by today's stores. The texts are the ones that
 * version wrote for one session ({@code src/test/resources/legacy/rows-written-by-aeac093.json}): it started on
 * Welcome, passed the Payment checkpoint, looped Checkout → Confirm → Checkout twice and was migrated to version 2 by a
 * clean graft at Checkout. The test builds the same session, then puts the old texts into its row and its journal
 * record. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LegacyRowsJdbc {
  private static final String TENANT = "acme";
  private static final String SESSION = "s-1";

  /** The database under test. */
  protected abstract TestDatabase database();

  private TestDatabase db;
  private HikariDataSource pool;
  private JdbcStores stores;
  private String prefix;
  private String unreachable;
  private Map<String, String> legacy;

  @BeforeAll
  @SuppressWarnings("unchecked")
  void create_the_schema_under_a_prefix_of_this_run() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/legacy/rows-written-by-aeac093.json")) {
      legacy = new ObjectMapper().readValue(in, Map.class);
    }
    db = database();
    unreachable = db.unreachableReason();
    if (unreachable != null) {
      return;
    }
    HikariConfig cfg = new HikariConfig();
    cfg.setDataSource(db.dataSource());
    cfg.setMaximumPoolSize(2);
    cfg.setPoolName("legacy-" + db.name);
    pool = new HikariDataSource(cfg);
    prefix = TestDatabase.uniquePrefix();
    stores = JdbcStores.builder(pool).tablePrefix(prefix).build();
  }

  @BeforeEach
  void skip_when_the_database_is_unreachable() {
    Assumptions.assumeTrue(unreachable == null, unreachable);
  }

  @AfterAll
  void drop_the_schema_of_this_run() {
    if (stores != null) {
      stores.downgradeSchema(0);
      db.dropBookkeeping(pool, prefix);
    }
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void a_row_and_a_journal_record_of_the_unbounded_version_are_read_bounded_and_rewritten_bounded()
      throws SQLException {
    Fixtures.TestClock clock = new Fixtures.TestClock(Fixtures.T0);
    ScenarioMigration m = ScenarioMigration.builder().stores(stores).clock(clock).build();
    m.publish(TENANT, Seeds.v1WithPayment());
    m.startSession(TENANT, SESSION, "c-1", "whatsapp", "order-flow");
    for (String step : List.of("payment", "checkout", "confirm", "checkout", "confirm", "checkout")) {
      clock.advance(Duration.ofSeconds(61));
      m.advance(TENANT, SESSION, step);
    }
    m.setVariables(TENANT, SESSION, Map.of("card", "visa"));
    ScenarioVersion v2 = ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(Seeds.welcome().to("payment")).step(Seeds.payment().to("checkout"))
        .step(Seeds.checkout().to("confirm")).step(Seeds.confirm().description("Confirms the order by message"))
        .build();
    MigrationPlan plan = m.operations().generatePlan(TENANT, v2, "ops");
    m.operations().approve(TENANT, plan.id(), "ops");
    m.operations().deploy(TENANT, plan.id());
    clock.advance(Duration.ofSeconds(61));
    assertThat(m.reconcile(TENANT, SESSION)).isInstanceOf(Outcome.Teleport.class);
    SessionState today = m.session(TENANT, SESSION);
    JournalRecord migrated = m.journal(TENANT, SESSION).stream()
        .filter(r -> r.kind() == JournalRecord.Kind.MIGRATED).findFirst().orElseThrow();

    // the old texts go in: the history of 8 visits, and the journal record that copies it twice
    String oldBody = legacy.get("journal_migrated");
    String oldPlan = oldBody.replaceAll("(?s).*\"plan_id\":\"([^\"]+)\".*", "$1");
    String oldId = oldBody.replaceAll("(?s)^\\{\"format_version\":1,\"id\":\"([^\"]+)\".*", "$1");
    try (Connection c = pool.getConnection()) {
      update(c, "UPDATE " + prefix + "sessions SET history = " + json() + " WHERE tenant_id = ? AND session_id = ?",
          legacy.get("history"), TENANT, SESSION);
      update(c, "UPDATE " + prefix + "journal SET body = " + json() + " WHERE tenant_id = ? AND record_id = ?",
          oldBody.replace(oldPlan, plan.id()).replace(oldId, migrated.id()), TENANT, migrated.id());
      assertThat(legacyForm(historyText(c))).isTrue();
    }

    // read: one entry per step, every visit counted, in order of last visit
    SessionState read = m.session(TENANT, SESSION);
    assertThat(read.visitCount()).isEqualTo(8);
    assertThat(read.history()).extracting(StepVisit::stepId)
        .containsExactly("welcome", "payment", "confirm", "checkout");
    StepVisit checkout = read.history().get(3);
    assertThat(checkout.visits()).isEqualTo(4); // three in version 1 and the arrival in 2: same id, same content
    assertThat(checkout.firstVisit()).isEqualTo(2);
    assertThat(checkout.lastVisit()).isEqualTo(7);
    assertThat(checkout.firstVisitedAt()).isEqualTo(Fixtures.T0.plusSeconds(2 * 61));
    assertThat(read.history().get(1).checkpoint()).isTrue();
    assertThat(read.history()).isEqualTo(today.history());
    assertThat(read.sameStateAs(today)).isTrue();
    // the journal record's before and after states read bounded as well
    JournalRecord oldRecord = m.journal(TENANT, SESSION).stream()
        .filter(r -> r.kind() == JournalRecord.Kind.MIGRATED).findFirst().orElseThrow();
    assertThat(oldRecord.before().visitCount()).isEqualTo(7);
    assertThat(oldRecord.after().visitCount()).isEqualTo(8);
    assertThat(oldRecord.after().history()).isEqualTo(today.history());
    assertThat(oldRecord.before().history()).isEqualTo(migrated.before().history());

    // decided on as before: up to date; the rollback reads the old record and finds no checkpoint passed since
    assertThat(m.reconcile(TENANT, SESSION)).isEqualTo(Outcome.CONTINUE);
    m.operations().rollback(TENANT, plan.id());
    assertThat(m.reconcile(TENANT, SESSION)).isEqualTo(new Outcome.Teleport("checkout", 1, Outcome.TeleportReason.ROLLBACK, null));

    // the next write stores the bounded form: shorter, and read back the same
    try (Connection c = pool.getConnection()) {
      String text = historyText(c);
      assertThat(legacyForm(text)).isFalse();
      assertThat(text.length()).isLessThan(legacy.get("history").length());
    }
    SessionState after = m.session(TENANT, SESSION);
    assertThat(after.visitCount()).isEqualTo(9);
    assertThat(after.history()).hasSize(4);
  }

  private String json() {
    return db.dialect() == Dialect.POSTGRESQL ? "CAST(? AS JSONB)" : "?";
  }

  /** Whether a history text is of the older form: an entry without the visit number ({@code last}) the bounded has. */
  private static boolean legacyForm(String history) {
    com.fasterxml.jackson.databind.JsonNode entries = org.scenariomigration.json.Json.parse("history", history);
    assertThat(entries.size()).isPositive();
    for (com.fasterxml.jackson.databind.JsonNode e : entries) {
      if (!e.has("last")) {
        return true;
      }
    }
    return false;
  }

  private String historyText(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT history FROM " + prefix
        + "sessions WHERE tenant_id = ? AND session_id = ?")) {
      ps.setString(1, TENANT);
      ps.setString(2, SESSION);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  private static void update(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      assertThat(ps.executeUpdate()).as(sql).isEqualTo(1);
    }
  }
}
