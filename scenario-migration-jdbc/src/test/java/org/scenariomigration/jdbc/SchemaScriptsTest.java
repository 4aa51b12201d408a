package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SchemaScriptsTest {

  @Test
  void every_dialect_ships_an_upgrade_and_an_undo_per_version_with_flyway_names() {
    for (Dialect d : Dialects.BUILT_IN) {
      List<SchemaScript> scripts = JdbcStores.schemaScripts(d);
      assertThat(scripts).hasSize(JdbcStores.latestSchemaVersion());
      for (int i = 0; i < scripts.size(); i++) {
        SchemaScript s = scripts.get(i);
        assertThat(s.version()).isEqualTo(i + 1);
        assertThat(s.upgradeResource()).matches("db/scenario-migration/" + d.name()
            + "/V" + (i + 1) + "__[a-z_]+\\.sql");
        assertThat(s.downgradeResource()).isEqualTo(s.upgradeResource().replace("/V", "/U"));
        assertThat(s.upgradeSql("sm_")).doesNotContain("${");
        assertThat(s.downgradeSql("sm_")).doesNotContain("${");
      }
    }
    assertThat(JdbcStores.schemaScripts(Dialect.POSTGRESQL).get(0).upgradeResource())
        .isEqualTo("db/scenario-migration/postgresql/V1__create_tables.sql");
  }

  @Test
  void the_only_placeholder_is_the_table_prefix_and_every_name_carries_it() {
    Pattern placeholder = Pattern.compile("\\$\\{([^}]*)}");
    Pattern created = Pattern.compile("(?i)CREATE (?:TABLE|INDEX) (\\S+)");
    for (Dialect d : Dialects.BUILT_IN) {
      List<String> names = new java.util.ArrayList<>();
      for (SchemaScript s : JdbcStores.schemaScripts(d)) {
        for (String text : List.of(s.upgradeSql("${prefix}"), s.downgradeSql("${prefix}"))) {
          java.util.Set<String> placeholders = new java.util.HashSet<>();
          Matcher m = placeholder.matcher(text);
          while (m.find()) {
            placeholders.add(m.group(1));
          }
          // every statement names a table; a script with none (a version with nothing to do here) is all comments
          assertThat(placeholders).as(s.upgradeResource()).isEqualTo(
              SchemaMigrator.statements(text).isEmpty() ? java.util.Set.of() : java.util.Set.of("prefix"));
        }
        Matcher m = created.matcher(s.upgradeSql("${prefix}"));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
      assertThat(names).as(d.name()).allMatch(n -> n.startsWith("${prefix}"))
          .contains(TestDatabase.TABLES.stream().map(t -> "${prefix}" + t).toArray(String[]::new));
    }
  }

  @Test
  void upgrades_only_add_and_every_undo_drops_exactly_the_tables_its_upgrade_created() {
    for (Dialect d : Dialects.BUILT_IN) {
      List<SchemaScript> scripts = JdbcStores.schemaScripts(d);
      for (SchemaScript s : scripts) {
        for (String st : SchemaMigrator.statements(s.upgradeSql("sm_"))) {
          if (st.startsWith("ALTER TABLE") && st.contains("MODIFY")) {
            // the only change that is not an addition: id columns widened to binary, which loses nothing
            assertThat(st).as(s.upgradeResource()).matches("(?s)ALTER TABLE \\S+\\s+(MODIFY [a-z_]+ VARBINARY\\(1020\\)"
                + " (NOT )?NULL,?\\s*)+");
          } else {
            assertThat(st).as(s.upgradeResource()).containsPattern("^(CREATE|ALTER TABLE \\S+ ADD)");
          }
        }
        // an undo drops the tables its upgrade created, and no other (no data of the tables before it)
        Matcher created = Pattern.compile("CREATE TABLE (\\S+)").matcher(s.upgradeSql("sm_"));
        java.util.Set<String> own = new java.util.HashSet<>();
        while (created.find()) {
          own.add(created.group(1));
        }
        Matcher drops = Pattern.compile("DROP TABLE (?:IF EXISTS )?(\\S+?);?$", Pattern.MULTILINE)
            .matcher(s.downgradeSql("sm_"));
        java.util.Set<String> dropped = new java.util.HashSet<>();
        while (drops.find()) {
          dropped.add(drops.group(1));
        }
        assertThat(dropped).as(s.downgradeResource()).isEqualTo(own);
      }
      assertThat(SchemaMigrator.statements(scripts.get(0).upgradeSql("sm_"))).hasSize(6);
    }
  }

  /** The schema version that makes ids compare exactly. */
  static final int EXACT_IDS = SchemaMigrator.DESCRIPTIONS.indexOf("exact_ids") + 1;

  /** Every column that holds an id, by table: schema {@link #EXACT_IDS} makes each compare exactly. */
  static final Map<String, List<String>> ID_COLUMNS = Map.of(
      "scenario_versions", List.of("tenant_id", "scenario_id"),
      "current_versions", List.of("tenant_id", "scenario_id"),
      "plans", List.of("tenant_id", "plan_id", "scenario_id"),
      "sessions", List.of("tenant_id", "session_id", "customer_id", "channel", "scenario_id", "current_step_id",
          "pending_plan_id"),
      "journal", List.of("tenant_id", "record_id", "session_id", "plan_id"),
      "profiles", List.of("tenant_id", "customer_id", "field_name"));
  /** The text columns of schema 1 that hold no id: checksums and a profile value's source. */
  static final List<String> NOT_IDS = List.of("checksum", "scenario_checksum", "source");

  /** Table to its columns of type VARCHAR(255), with "NOT NULL" or "NULL", from a schema 1 script. */
  private static Map<String, Map<String, String>> varcharColumns(String createTables) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (String st : SchemaMigrator.statements(createTables)) {
      Matcher table = Pattern.compile("CREATE TABLE sm_(\\w+)").matcher(st);
      assertThat(table.find()).as(st).isTrue();
      Map<String, String> cols = new TreeMap<>();
      Matcher col = Pattern.compile("(?m)^\\s+(\\w+) VARCHAR\\(255\\)( COLLATE \"C\")?( NOT NULL)?").matcher(st);
      while (col.find()) {
        cols.put(col.group(1), (col.group(2) == null ? "" : "C ") + (col.group(3) == null ? "NULL" : "NOT NULL"));
      }
      out.put(table.group(1), cols);
    }
    return out;
  }

  @Test
  void schema_3_makes_every_id_column_compare_exactly_and_its_undo_restores_each() {
    for (Dialect d : Dialects.BUILT_IN) {
      Map<String, Map<String, String>> v1 = varcharColumns(JdbcStores.schemaScripts(d).get(0).upgradeSql("sm_"));
      assertThat(v1.keySet()).as(d.name()).containsExactlyInAnyOrderElementsOf(ID_COLUMNS.keySet());
      v1.forEach((table, cols) -> assertThat(cols.keySet()).as(d + " " + table).containsExactlyInAnyOrderElementsOf(
          java.util.stream.Stream.concat(ID_COLUMNS.get(table).stream(),
              cols.keySet().stream().filter(NOT_IDS::contains)).toList()));
      assertThat(EXACT_IDS).isPositive();
      SchemaScript exact = JdbcStores.schemaScripts(d).get(EXACT_IDS - 1);
      assertThat(exact.upgradeResource()).endsWith("/V" + EXACT_IDS + "__exact_ids.sql");
      if (d == Dialect.POSTGRESQL) {
        // COLLATE "C" since schema 1: byte-wise, deterministic; exact_ids has nothing to do
        ID_COLUMNS.forEach((table, ids) -> ids.forEach(c -> assertThat(v1.get(table).get(c)).as(table + "." + c)
            .startsWith("C ")));
      }
      if (d != Dialect.MARIADB) {
        assertThat(SchemaMigrator.statements(exact.upgradeSql("sm_"))).as(d.name()).isEmpty();
        assertThat(SchemaMigrator.statements(exact.downgradeSql("sm_"))).as(d.name()).isEmpty();
        continue;
      }
      Map<String, Map<String, String>> up = modified(exact.upgradeSql("sm_"));
      Map<String, Map<String, String>> down = modified(exact.downgradeSql("sm_"));
      ID_COLUMNS.forEach((table, ids) -> {
        assertThat(up.get(table).keySet()).as(table).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(down.get(table).keySet()).as(table).containsExactlyInAnyOrderElementsOf(ids);
        for (String c : ids) {
          String nullable = v1.get(table).get(c);
          assertThat(up.get(table).get(c)).as(table + "." + c).isEqualTo("VARBINARY(1020) " + nullable);
          assertThat(down.get(table).get(c)).as(table + "." + c)
              .isEqualTo("VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin " + nullable);
        }
      });
    }
  }

  /** Table to column to the definition an {@code ALTER TABLE ... MODIFY} script gives it. */
  private static Map<String, Map<String, String>> modified(String script) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (String st : SchemaMigrator.statements(script)) {
      Matcher table = Pattern.compile("^ALTER TABLE sm_(\\w+)").matcher(st);
      assertThat(table.find()).as(st).isTrue();
      Matcher m = Pattern.compile("MODIFY (\\w+) ([^,]+)").matcher(st);
      Map<String, String> cols = new TreeMap<>();
      while (m.find()) {
        cols.put(m.group(1), m.group(2).strip());
      }
      out.put(table.group(1), cols);
    }
    return out;
  }

  @Test
  void scripts_are_split_at_semicolons_ending_a_line_and_comments_are_dropped() {
    assertThat(SchemaMigrator.statements("-- c\nCREATE TABLE a (\n  x INT\n);\n\n-- d\nDROP TABLE b;\nSELECT 1"))
        .containsExactly("CREATE TABLE a (\n  x INT\n)", "DROP TABLE b", "SELECT 1");
  }
}
