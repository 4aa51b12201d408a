package org.scenariomigration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class DemoMainTest {

  /** Runs {@code DemoMain.main(args)} with stdout captured. */
  static String runMain(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      DemoMain.main(args);
    } finally {
      System.setOut(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  /** What every run prints, whatever the database. */
  static void assertTheStory(String out) {
    // the review
    assertThat(out).contains("  SUMMARY\n    anchors                      4  (clean_graft 1, gap_fill 0, re_route 3)\n"
        + "    estimated sessions affected  20\n    new steps                    3  (");
    assertThat(out).contains("    [critical] Checkpoint 'Payment' passed by sessions at 'Confirm' would be "
        + "contradicted by a re-route to 'Rejection'");
    assertThat(out).contains("  FIELDS TO COLLECT\n    age         at Checkout, Payment, Confirm\n");
    assertThat(out).contains("      new fork              at Age Verification: [age < 18] -> Rejection (diverts);"
        + " [age >= 18] -> Checkout\n");
    // policy, approval, deployment
    assertThat(out).contains("approve  by lead@example.com at 2025-11-29T10:15:00Z: status approved\n");
    assertThat(out).contains("deploy   at 2025-11-29T10:30:00Z: status deployed, 17 sessions marked, none moved"
        + " yet\n");
    // one line per outcome kind
    assertThat(out).contains("s01  whatsapp at Welcome, nothing\n  → teleport (clean graft) to Welcome of v2\n");
    assertThat(out).contains("s04  whatsapp at Checkout, profile age=34\n"
        + "  → teleport (gap fill) to Checkout of v2; age=34 from the profile\n");
    assertThat(out).contains("s05  whatsapp at Checkout, profile age=16\n"
        + "  → teleport (re-route) to Rejection of v2; age=16 from the profile; tell the customer: \"I have new "
        + "instructions. Let me redirect our conversation.\"\n");
    assertThat(out).contains("s06  whatsapp at Checkout, nothing\n"
        + "  → collect [age]: ask \"Before we continue, could you tell me your age?\"\n"
        + "    customer answers: \"41\"; the host stores it and reconciles again\n"
        + "  → teleport (gap fill) to Checkout of v2; age=41 from the session\n");
    assertThat(out).contains("s07  whatsapp at Checkout, the conversation says 27 (confidence 0.90)\n"
        + "  → confirm age=27 (extracted with confidence 0.90): ask \"Just to confirm, is your age 27?\"\n"
        + "    customer answers: \"yes\"; the host stores age=27 and reconciles again\n"
        + "  → teleport (gap fill) to Checkout of v2; age=27 from the session\n");
    assertThat(out).contains("  → teleport (gap fill) to Checkout of v2; age=52 from the conversation (extracted with"
        + " confidence 0.97)\n");
    assertThat(out).contains("s09  whatsapp at Checkout, nothing\n  → collect [age]");
    assertThat(out).contains("  → teleport (re-route) to Rejection of v2; age=15 from the session");
    assertThat(out).contains("s10  web at Checkout, profile age=30\n"
        + "  → continue on v1: not marked, the Checkout policy's scope filter left it out\n");
    assertThat(out).contains("s12  whatsapp at Checkout, profile age=45\n  → continue on v1: not marked");
    assertThat(out).contains("s14  sms at Payment, profile age=17\n  → continue on v1, checkpoint block: checkpoint"
        + " 'Payment' (payment processed) passed by session 's14' would be contradicted by a re-route to 'rejection'"
        + " in version 2\n");
    assertThat(out).contains("s16  whatsapp at Confirm, profile age=29\n  → execute_actions: run [Loyalty Enrollment],"
        + " then continue at Confirm of v2 (gap fill); age=29 from the profile\n");
    assertThat(out).contains("  → execute_actions: run [Loyalty Enrollment], then continue at Confirm of v2 (gap"
        + " fill); age=45 from the session\n");
    assertThat(out).contains("    customer answers: \"no, I am 17\"; the host stores age=17 and reconciles again\n"
        + "  → continue on v1, checkpoint block: checkpoint 'Payment' (payment processed) passed by session 's19'");
    assertThat(out).contains("outcomes of each session's first reconcile: {checkpoint_blocked=2, collect=3, confirm=2,"
        + " continue=3, execute_actions=2, teleport=8}\n");
    // the deployment status
    assertThat(out).contains("  \"status\" : \"deployed\",\n  \"rollout_percent\" : 100,\n  \"sessions_marked\" : 17,\n"
        + "  \"migrations_applied\" : 14,\n  \"migrations_pending\" : 0,\n  \"migrations_by_scenario\" : {\n"
        + "    \"clean_graft\" : 4,\n    \"gap_fill\" : 8,\n    \"re_route\" : 2\n  },\n  \"checkpoint_blocks\" : 3,\n"
        + "  \"deployed_at\" : \"2025-11-29T10:30:00Z\",\n  \"last_migration_at\" : \"2025-11-29T11:20:00Z\"\n}\n");
    assertThat(out).contains("  scenario_migration.gap_fills[engine=demo, source=extraction] 1\n");
    assertThat(out).contains("  scenario_migration.migrations[engine=demo, reason=re_route, scenario=re_route] 2\n");
    // 6. a progressive rollout halted by a failing gate and rolled back (issue 19)
    assertThat(out).contains("deploy   at 2025-11-30T09:00:00Z: step 1, 2 sessions marked\n"
        + "  s01  → teleport (clean graft) to welcome of v3\n  s04  → teleport (clean graft) to checkout of v3\n"
        + "10:00 advanceRollouts: advanced, 25 % → 60 %\n");
    assertThat(out).contains("11:00 advanceRollouts: rolled_back, 60 % → 60 %\n"
        + "         gate failure_rate is 0.250 over 8 sessions, above its threshold 0.200, at step 2 (60 %)\n"
        + "event    RolloutAdvanced: 25 % → 60 %\nevent    RolloutHalted: at 60 %\n"
        + "event    RolloutRolledBack: 8 sessions to restore\n");
    assertThat(out).contains("  \"phase\" : \"rolled_back\",\n  \"current_step\" : 1,\n");
    assertThat(out).contains("the migrated sessions' next message:\n  s01  → teleport (rollback) to welcome of v2\n");
    assertThat(out).contains("  s16  → teleport (rollback) to confirm of v2\n");
  }

  @Test
  void the_demo_on_h2_tells_what_happened_to_every_session_and_prints_the_status() {
    String out = runMain();

    assertThat(out).startsWith("scenario-migration demo: the seed quickstart, end to end\n"
        + "store: H2 in memory (jdbc:h2:mem:scenario-migration-demo;DB_CLOSE_DELAY=-1), through JdbcStores\n");
    assertThat(out).contains("v1: Welcome → Checkout → Payment (checkpoint, collects card) → Confirm\n");
    assertThat(out).contains("v2: Welcome → Age Verification (collects age)\n      [age < 18] → Rejection\n"
        + "      [age >= 18] → Checkout → Payment (checkpoint, collects card) → Loyalty Enrollment (required action)"
        + " → Confirm\n");
    assertThat(out).contains("  s12      whatsapp  Checkout   2025-10-14  profile age=45\n");
    assertTheStory(out);
  }

  @Test
  void the_demo_prints_the_same_on_every_run_but_for_the_plan_id() {
    String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    String first = runMain().replaceAll(uuid, "<plan id>");
    String second = runMain().replaceAll(uuid, "<plan id>");

    assertThat(second).isEqualTo(first);
    assertThat(first).contains("Migration plan <plan id>: order-flow v1 -> v2 [pending]\n");
  }

  @Test
  void the_demo_drops_its_tables_at_the_end() throws Exception {
    runMain();

    try (Connection c = new UrlDataSource(DemoDatabase.H2_URL).getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void help_prints_the_usage_and_runs_nothing() {
    assertThat(runMain("--help")).startsWith("usage: DemoMain [jdbc-url]").doesNotContain("==");
  }
}
