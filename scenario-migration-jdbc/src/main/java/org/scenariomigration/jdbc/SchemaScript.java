package org.scenariomigration.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One versioned schema change of one dialect, as Flyway names it: {@code V<version>__<description>.sql} upgrades,
 * {@code U<version>__<description>.sql} undoes it. The scripts are classpath resources in the jar; their table names
 * carry the placeholder {@code ${prefix}}, which Flyway fills from its placeholder {@code prefix} and
 * {@link #upgradeSql(String)} and {@link #downgradeSql(String)} fill here.
 *
 * @param dialect the dialect
 * @param version the schema version the upgrade leads to, from 1
 * @param description the description part of the file names, for example {@code create_tables}
 */
public record SchemaScript(Dialect dialect, int version, String description) {

  /** The classpath resource of the upgrade, for example {@code db/scenario-migration/h2/V1__create_tables.sql}. */
  public String upgradeResource() {
    return dialect.scriptLocation() + "/V" + version + "__" + description + ".sql";
  }

  /** The classpath resource of the undo, for example {@code db/scenario-migration/h2/U1__create_tables.sql}. */
  public String downgradeResource() {
    return dialect.scriptLocation() + "/U" + version + "__" + description + ".sql";
  }

  /** The upgrade with {@code ${prefix}} replaced (the prefix is not validated here). */
  public String upgradeSql(String tablePrefix) {
    return load(upgradeResource()).replace("${prefix}", tablePrefix);
  }

  /** The undo with {@code ${prefix}} replaced (the prefix is not validated here). */
  public String downgradeSql(String tablePrefix) {
    return load(downgradeResource()).replace("${prefix}", tablePrefix);
  }

  private static String load(String resource) {
    try (InputStream in = SchemaScript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema script " + resource + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema script " + resource, e);
    }
  }
}
