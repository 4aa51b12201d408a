package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SchemaScriptsTest {

  @Test
  void every_dialect_ships_an_upgrade_and_an_undo_per_version_with_flyway_names() {
    for (Dialect d : Dialect.values()) {
      List<SchemaScript> scripts = JdbcStores.schemaScripts(d);
      assertThat(scripts).hasSize(JdbcStores.latestSchemaVersion());
      for (int i = 0; i < scripts.size(); i++) {
        SchemaScript s = scripts.get(i);
        assertThat(s.version()).isEqualTo(i + 1);
        assertThat(s.upgradeResource()).matches("db/scenario-migration/" + d.name().toLowerCase(java.util.Locale.ROOT)
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
    for (Dialect d : Dialect.values()) {
      for (SchemaScript s : JdbcStores.schemaScripts(d)) {
        for (String text : List.of(s.upgradeSql("${prefix}"), s.downgradeSql("${prefix}"))) {
          Matcher m = placeholder.matcher(text);
          while (m.find()) {
            assertThat(m.group(1)).isEqualTo("prefix");
          }
        }
        Matcher m = created.matcher(s.upgradeSql("${prefix}"));
        while (m.find()) {
          assertThat(m.group(1)).startsWith("${prefix}");
        }
      }
    }
  }

  @Test
  void upgrades_only_add_and_every_version_after_the_first_is_undone_without_dropping_tables() {
    for (Dialect d : Dialect.values()) {
      List<SchemaScript> scripts = JdbcStores.schemaScripts(d);
      for (SchemaScript s : scripts) {
        for (String st : SchemaMigrator.statements(s.upgradeSql("sm_"))) {
          assertThat(st).as(s.upgradeResource()).containsPattern("^(CREATE|ALTER TABLE \\S+ ADD)");
        }
        if (s.version() > 1) {
          // an undo drops no table but those its upgrade created (and no data of the tables before it)
          Matcher created = Pattern.compile("CREATE TABLE (\\S+)").matcher(s.upgradeSql("sm_"));
          java.util.Set<String> own = new java.util.HashSet<>();
          while (created.find()) {
            own.add(created.group(1));
          }
          Matcher dropped = Pattern.compile("DROP TABLE (?:IF EXISTS )?(\\S+?);?$", Pattern.MULTILINE)
              .matcher(s.downgradeSql("sm_"));
          while (dropped.find()) {
            assertThat(own).as(s.downgradeResource() + " drops " + dropped.group(1)).contains(dropped.group(1));
          }
        }
      }
      assertThat(SchemaMigrator.statements(scripts.get(0).upgradeSql("sm_"))).hasSize(6);
    }
  }

  @Test
  void scripts_are_split_at_semicolons_ending_a_line_and_comments_are_dropped() {
    assertThat(SchemaMigrator.statements("-- c\nCREATE TABLE a (\n  x INT\n);\n\n-- d\nDROP TABLE b;\nSELECT 1"))
        .containsExactly("CREATE TABLE a (\n  x INT\n)", "DROP TABLE b", "SELECT 1");
  }
}
