package org.scenariomigration.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.scenariomigration.condition.ConditionEngine;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.ScenarioStore;

/**
 * Every store SPI on one JDBC {@link DataSource}: H2 (embedded, in-memory or file, zero setup), PostgreSQL and
 * MariaDB/MySQL.
 *
 * <pre>{@code
 * JdbcStores stores = JdbcStores.builder(dataSource)        // the host's pool, or an H2 JdbcDataSource
 *     .tablePrefix("sm_")                                   // the default
 *     .createSchema(true)                                   // the default; false when Flyway/Liquibase run the scripts
 *     .currentVersionCacheTtl(Duration.ofSeconds(1))        // the default
 *     .build();
 * ScenarioMigration migration = ScenarioMigration.builder()
 *     .sessionStore(stores.sessionStore())                  // also the journal store
 *     .scenarioStore(stores.scenarioStore())
 *     .planStore(stores.planStore())
 *     .profileStore(stores.profileStore())
 *     .build();
 * }</pre>
 *
 * <p>The dialect is detected from the connection metadata unless {@link Builder#dialect(Dialect) set}. With
 * {@link Builder#createSchema(boolean) createSchema(true)} {@link Builder#build()} runs {@link #migrateSchema()}:
 * the versioned scripts of {@link #schemaScripts(Dialect)}, under a lock so that nodes starting together do not race.
 * Thread-safe; the stores take a connection per operation and give it back at once, so give them a pooled data source
 * in production.
 */
public final class JdbcStores {
  private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final int MAX_PREFIX_LENGTH = 30;

  private final Dialect dialect;
  private final String tablePrefix;
  private final SchemaMigrator migrator;
  private final JdbcSessionStore sessionStore;
  private final JdbcScenarioStore scenarioStore;
  private final JdbcPlanStore planStore;
  private final JdbcProfileStore profileStore;

  private JdbcStores(Builder b, Dialect dialect) {
    this.dialect = dialect;
    this.tablePrefix = b.tablePrefix;
    SqlDialect sql = new SqlDialect(dialect, b.tablePrefix);
    Jdbc jdbc = new Jdbc(b.dataSource);
    this.migrator = new SchemaMigrator(b.dataSource, sql, b.clock);
    this.sessionStore = new JdbcSessionStore(jdbc, sql);
    this.scenarioStore = new JdbcScenarioStore(jdbc, sql, b.clock, b.conditionEngine, b.currentVersionCacheTtl);
    this.planStore = new JdbcPlanStore(jdbc, sql);
    this.profileStore = new JdbcProfileStore(jdbc, sql, b.clock);
  }

  /** A builder over the host's data source. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** The session store, which is also the journal store: a migration and its journal record commit together. */
  public JdbcSessionStore sessionStore() {
    return sessionStore;
  }

  /** The scenario store, with the current version cached for the configured time. */
  public ScenarioStore scenarioStore() {
    return scenarioStore;
  }

  /** The plan store. */
  public PlanStore planStore() {
    return planStore;
  }

  /** The customer profile store. */
  public ProfileStore profileStore() {
    return profileStore;
  }

  /** The dialect in use, detected or set. */
  public Dialect dialect() {
    return dialect;
  }

  /** The table prefix. */
  public String tablePrefix() {
    return tablePrefix;
  }

  /**
   * Upgrades the schema to {@link #latestSchemaVersion()} under the migration lock, applying only the versions not
   * yet recorded in {@code <prefix>schema_version}; returns the version reached. Safe to call on every start.
   *
   * @throws JdbcStoreException when a script fails (on PostgreSQL that script's changes are rolled back)
   */
  public int migrateSchema() {
    return migrator.migrate();
  }

  /**
   * Undoes schema versions above {@code targetVersion}, newest first, with their {@code U} scripts; returns the
   * version reached. Undoing version 1 drops the tables and their data; the others keep the data.
   *
   * @throws IllegalArgumentException when the target is negative
   */
  public int downgradeSchema(int targetVersion) {
    if (targetVersion < 0) {
      throw new IllegalArgumentException("target schema version must not be negative but was " + targetVersion);
    }
    return migrator.downgrade(targetVersion);
  }

  /** The schema version recorded in {@code <prefix>schema_version}, 0 when none. */
  public int schemaVersion() {
    return migrator.installedVersion();
  }

  /** The newest schema version this library ships. */
  public static int latestSchemaVersion() {
    return SchemaMigrator.latest();
  }

  /** The versioned schema scripts of a dialect, oldest first, for hosts that run them with Flyway or Liquibase. */
  public static List<SchemaScript> schemaScripts(Dialect dialect) {
    return SchemaMigrator.scripts(java.util.Objects.requireNonNull(dialect, "dialect"));
  }

  /**
   * Builds {@link JdbcStores}. Setters accept anything; {@link #build()} validates every argument at once and names
   * each bad value.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private String tablePrefix = "sm_";
    private Dialect dialect;
    private boolean createSchema = true;
    private Duration currentVersionCacheTtl = Duration.ofSeconds(1);
    private Clock clock = Clock.systemUTC();
    private ConditionEngine conditionEngine = ConditionEngine.builtIn();

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * The prefix of every table and index name, {@code sm_} by default. It is spliced into SQL, so it must match
     * {@code [a-z_][a-z0-9_]*} and have at most 30 characters.
     */
    public Builder tablePrefix(String prefix) {
      this.tablePrefix = prefix;
      return this;
    }

    /** The dialect, overriding detection from the connection metadata. */
    public Builder dialect(Dialect dialect) {
      this.dialect = dialect;
      return this;
    }

    /**
     * Whether {@link #build()} creates or upgrades the schema ({@code true} by default). Set {@code false} when
     * Flyway or Liquibase run {@link JdbcStores#schemaScripts(Dialect)}.
     */
    public Builder createSchema(boolean create) {
      this.createSchema = create;
      return this;
    }

    /**
     * How long {@link ScenarioStore#currentVersion} answers from its cache, 1 s by default; {@link Duration#ZERO}
     * turns the cache off. Another node's {@code setCurrentVersion} shows here at most this late.
     */
    public Builder currentVersionCacheTtl(Duration ttl) {
      this.currentVersionCacheTtl = ttl;
      return this;
    }

    /** The clock for bookkeeping timestamps (when a version was saved, a schema version installed). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The condition engine that compiles the conditions of stored scenario versions; the built-in one by default. */
    public Builder conditionEngine(ConditionEngine engine) {
      this.conditionEngine = engine;
      return this;
    }

    /**
     * Validates the arguments, detects the dialect when it is not set (one connection) and, with
     * {@code createSchema(true)}, migrates the schema.
     *
     * @throws IllegalArgumentException naming every invalid argument
     * @throws JdbcStoreException when the database cannot be reached, its product is not supported, or the schema
     *     migration fails
     */
    public JdbcStores build() {
      List<String> problems = new ArrayList<>();
      if (dataSource == null) {
        problems.add("data source must not be null");
      }
      if (tablePrefix == null || !PREFIX.matcher(tablePrefix).matches() || tablePrefix.length() > MAX_PREFIX_LENGTH) {
        problems.add("table prefix must match [a-z_][a-z0-9_]* with at most " + MAX_PREFIX_LENGTH
            + " characters but was " + (tablePrefix == null ? "null" : "'" + tablePrefix + "'"));
      }
      if (currentVersionCacheTtl == null || currentVersionCacheTtl.isNegative()) {
        problems.add("current version cache ttl must not be null or negative but was " + currentVersionCacheTtl);
      }
      if (clock == null) {
        problems.add("clock must not be null");
      }
      if (conditionEngine == null) {
        problems.add("condition engine must not be null");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid jdbc stores configuration: " + String.join("; ", problems));
      }
      JdbcStores stores = new JdbcStores(this, dialect != null ? dialect : detect());
      if (createSchema) {
        stores.migrateSchema();
      }
      return stores;
    }

    private Dialect detect() {
      String product;
      try (Connection c = dataSource.getConnection()) {
        product = c.getMetaData().getDatabaseProductName();
      } catch (SQLException e) {
        throw Jdbc.failure("detection of the database dialect", e);
      }
      Dialect d = Dialect.fromProductName(product);
      if (d == null) {
        throw new JdbcStoreException("unsupported database product '" + product
            + "': the jdbc stores speak H2, PostgreSQL and MariaDB/MySQL; set dialect(...) for a compatible one");
      }
      return d;
    }
  }
}
