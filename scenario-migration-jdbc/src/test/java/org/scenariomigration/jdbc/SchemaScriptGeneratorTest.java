package org.scenariomigration.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The schema scripts of every dialect are the rendering of their one source ({@link SchemaScriptGenerator}), and the
 * scripts of released versions keep their bytes: Flyway refuses a database whose applied scripts' checksums changed.
 */
class SchemaScriptGeneratorTest {
  private static final Set<String> DIALECTS = Set.of("h2", "postgresql", "mariadb");

  @Test
  void the_checked_in_scripts_are_what_the_generator_renders_from_the_one_source() throws IOException {
    if (Boolean.getBoolean("sm.schema.generate")) {
      SchemaScriptGenerator.write();
    }
    Map<String, String> rendered = SchemaScriptGenerator.renderAll();
    Map<String, String> checkedIn = new TreeMap<>();
    for (Dialect d : Dialects.BUILT_IN) {
      try (var files = Files.list(SchemaScriptGenerator.TARGET.resolve(d.name()))) {
        for (Path p : files.toList()) {
          checkedIn.put(d.name() + "/" + p.getFileName(), SchemaScriptGenerator.read(p));
        }
      }
    }

    assertThat(checkedIn.keySet()).isEqualTo(rendered.keySet());
    rendered.forEach((path, text) -> assertThat(checkedIn.get(path)).as(path + " differs from its rendering of "
        + SchemaScriptGenerator.SOURCE + ": edit the template, then run SchemaScriptGeneratorTest with "
        + "-Dsm.schema.generate=true").isEqualTo(text));
  }

  @Test
  void there_is_one_template_per_script_of_every_version_and_no_other() {
    List<String> expected = new ArrayList<>();
    for (SchemaScript s : JdbcStores.schemaScripts(Dialect.H2)) {
      expected.add("V" + s.version() + "__" + s.description() + ".sql");
      expected.add("U" + s.version() + "__" + s.description() + ".sql");
    }

    assertThat(SchemaScriptGenerator.templates()).extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * CRC32 of each released upgrade script as the jar ships it. Flyway keeps a checksum of every script it applied and
   * refuses to migrate when one changed; the library's own migrator records versions only. A new version adds lines
   * here once it is released; these never change.
   */
  private static final String RELEASED = """
      h2/V1__create_tables.sql 7a7a3c70
      h2/V2__marking_indexes.sql 3f7f9ed4
      h2/V3__owed_effects.sql 28c3a02c
      h2/V4__scenario_gates.sql 2d695245
      h2/V5__exact_ids.sql ba2e64a2
      h2/V6__session_end.sql 69d981ec
      h2/V7__visit_log.sql a4654520
      h2/V8__deployment_generation.sql c7f0aa9b
      postgresql/V1__create_tables.sql 4fd4ee3e
      postgresql/V2__marking_indexes.sql 7364e4d6
      postgresql/V3__owed_effects.sql 37037528
      postgresql/V4__scenario_gates.sql ac3b6328
      postgresql/V5__exact_ids.sql 8bd5adee
      postgresql/V6__session_end.sql e9486ac1
      postgresql/V7__visit_log.sql 1725812a
      postgresql/V8__deployment_generation.sql b0c34eb1
      mariadb/V1__create_tables.sql 528b8712
      mariadb/V2__marking_indexes.sql 3f7f9ed4
      mariadb/V3__owed_effects.sql 7b076a42
      mariadb/V4__scenario_gates.sql 63f28d5c
      mariadb/V5__exact_ids.sql 9cb6b9ae
      mariadb/V6__session_end.sql da41e996
      mariadb/V7__visit_log.sql 95711226
      mariadb/V8__deployment_generation.sql c7f0aa9b
      """;

  @Test
  void released_upgrade_scripts_keep_their_bytes() throws IOException {
    Map<String, String> actual = new TreeMap<>();
    for (Dialect d : Dialects.BUILT_IN) {
      for (SchemaScript s : JdbcStores.schemaScripts(d)) {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(s.upgradeResource())) {
          CRC32 crc = new CRC32();
          crc.update(in.readAllBytes());
          actual.put(s.upgradeResource().replace("db/scenario-migration/", ""), String.format("%08x", crc.getValue()));
        }
      }
    }
    Map<String, String> released = new TreeMap<>();
    RELEASED.lines().map(l -> l.split(" ")).forEach(l -> released.put(l[0], l[1]));

    assertThat(actual).containsAllEntriesOf(released);
    assertThat(released).hasSize(3 * 8);
  }

  // ------------------------------------------------------------------------------------------- the templates' language

  private static String render(String template, Dialect d) {
    return SchemaScriptGenerator.render("T.sql", template, d, Map.of("json", d.name() + "-json"), DIALECTS);
  }

  @Test
  void words_are_filled_and_each_dialect_gets_the_first_branch_naming_it_or_else_and_the_lines_around() {
    String template = """
        -- head ${prefix}
        -- #if postgresql mariadb
        A {{json}};
        -- #elif h2 postgresql
        B;
        -- #else
        C;
        -- #end
        -- #if mariadb
        D;
        -- #end
        E {{json}} {{json}};
        """;

    assertThat(render(template, Dialect.POSTGRESQL)).isEqualTo("-- head ${prefix}\nA postgresql-json;\n"
        + "E postgresql-json postgresql-json;\n");
    assertThat(render(template, Dialect.H2)).isEqualTo("-- head ${prefix}\nB;\nE h2-json h2-json;\n");
    assertThat(render(template, Dialect.MARIADB)).isEqualTo("-- head ${prefix}\nA mariadb-json;\nD;\n"
        + "E mariadb-json mariadb-json;\n");
    assertThat(render("-- #if h2\nX\n-- #else\nY\n-- #end", Dialect.MARIADB)).isEqualTo("Y");
  }

  @Test
  void a_template_with_a_mistake_is_refused_naming_the_line_and_the_mistake() {
    assertThatThrownBy(() -> render("A\n{{jsonb}}\n", Dialect.H2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("T.sql line 2: unknown word '{{jsonb}}' for dialect 'h2'");
    assertThatThrownBy(() -> render("-- #if oracle\n-- #end\n", Dialect.H2))
        .hasMessageStartingWith("T.sql line 1: unknown dialect 'oracle'");
    assertThatThrownBy(() -> render("-- #if h2\n-- #if h2\n", Dialect.H2))
        .hasMessage("T.sql line 2: '-- #if' out of place (blocks do not nest)");
    assertThatThrownBy(() -> render("-- #else\n", Dialect.H2))
        .hasMessage("T.sql line 1: '-- #else' out of place (no '-- #if' before it)");
    assertThatThrownBy(() -> render("-- #if h2\n-- #else\n-- #elif mariadb\n", Dialect.H2))
        .hasMessage("T.sql line 3: '-- #elif' out of place (blocks do not nest)");
    assertThatThrownBy(() -> render("-- #if\n", Dialect.H2)).hasMessage("T.sql line 1: '-- #if' names no dialect");
    assertThatThrownBy(() -> render("-- #if h2\n-- #end h2\n", Dialect.H2))
        .hasMessage("T.sql line 2: '-- #end' takes no dialect");
    assertThatThrownBy(() -> render("-- #ifdef h2\n", Dialect.H2))
        .hasMessage("T.sql line 1: unknown directive '-- #ifdef h2'");
    assertThatThrownBy(() -> render("-- #if h2\nA\n", Dialect.H2)).hasMessage("T.sql: a '-- #if' block has no "
        + "'-- #end'");
    assertThatThrownBy(() -> SchemaScriptGenerator.vocabulary(new NamedDialect("oracle")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("no schema vocabulary for dialect "
            + "'oracle'");
  }

  @Test
  void the_words_timestamp_and_table_options_are_the_dialects_own_which_its_bootstrap_table_uses() {
    for (Dialect d : Dialects.BUILT_IN) {
      assertThat(SchemaScriptGenerator.vocabulary(d)).containsEntry("timestamp", d.timestampType())
          .containsEntry("table_options", d.tableOptions());
    }
    assertThat(SchemaScriptGenerator.vocabulary(Dialect.MARIADB)).containsEntry("timestamp", "DATETIME(6)");
  }

  /** A dialect of another database: H2's behaviour under another name. */
  private static final class NamedDialect extends DelegatingDialect {
    private final String name;

    NamedDialect(String name) {
      super(Dialect.H2);
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }
  }
}
