package org.scenariomigration.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.scenariomigration.condition.ConditionEngine;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.ModeStore;
import org.scenariomigration.spi.Stores;
import org.scenariomigration.json.JournalJson;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.spi.UnitOfWork;
import org.scenariomigration.spi.VisitLog;

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
 * ScenarioMigration migration = ScenarioMigration.builder().stores(stores)    // the four stores and their unit of work
 *     .build();
 * }</pre>
 *
 * <p>The dialect is detected from the connection metadata unless {@link Builder#dialect(Dialect) set} (one of
 * {@link Dialect#H2}, {@link Dialect#POSTGRESQL}, {@link Dialect#MARIADB}, or a host's own). With
 * {@link Builder#createSchema(boolean) createSchema(true)} {@link Builder#build()} runs {@link #migrateSchema()}:
 * the versioned scripts of {@link #schemaScripts(Dialect)}, under a lock so that nodes starting together do not race.
 * Thread-safe; the stores take a connection per operation and give it back at once, so give them a pooled data source
 * in production.
 *
 * <p><b>Transactions.</b> A connection that arrives with auto-commit on gets one transaction per operation (a
 * multi-statement write commits on its own and auto-commit is set on again). A connection that arrives with
 * auto-commit off belongs to the host's transaction: the stores never commit it, roll it back or change its
 * auto-commit, so their writes commit or roll back with the host's work. Hand the stores Spring's
 * {@code TransactionAwareDataSourceProxy} over the host's data source and every call inside a {@code @Transactional}
 * method uses the host's one connection. Multi-statement writes run under a savepoint there, so a failed call leaves
 * nothing of itself in the host's transaction. See {@link Builder#commitWhenAutoCommitOff(boolean)} for pools whose
 * connections come with auto-commit off without a transaction manager.
 *
 * <p><b>Operator calls.</b> {@link #unitOfWork()}, which {@link ScenarioMigration.Builder#stores} sets, runs each operator call of
 * {@link ScenarioMigration} ({@code deploy}, {@code rollback}, {@code widenRollout}, {@code updatePolicies},
 * {@code approve}, {@code purge}, ...) on one connection in one transaction: it happens whole or not at all. Inside the
 * host's transaction the call joins it (under a savepoint) and commits with it.
 */
public final class JdbcStores implements Stores {
  private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final int MAX_PREFIX_LENGTH = 30;
  private static final int MAX_TABLE_LENGTH = 63;

  private final Dialect dialect;
  private final String tablePrefix;
  private final SchemaMigrator migrator;
  private final JdbcSessionStore sessionStore;
  private final JdbcScenarioStore scenarioStore;
  private final JdbcPlanStore planStore;
  private final JdbcProfileStore profileStore;
  private final UnitOfWork unitOfWork;
  private final JdbcVisitLog visitLog;
  private final JdbcModeStore modeStore;

  /** {@code base} with another scenario store ({@link #withConditionEngine}). */
  private JdbcStores(JdbcStores base, JdbcScenarioStore scenarioStore) {
    this.dialect = base.dialect;
    this.tablePrefix = base.tablePrefix;
    this.migrator = base.migrator;
    this.sessionStore = base.sessionStore;
    this.scenarioStore = scenarioStore;
    this.planStore = base.planStore;
    this.profileStore = base.profileStore;
    this.unitOfWork = base.unitOfWork;
    this.visitLog = base.visitLog;
    this.modeStore = base.modeStore;
  }

  private JdbcStores(Builder b, Jdbc jdbc, Dialect dialect) {
    this.dialect = dialect;
    this.unitOfWork = new UnitOfWork() {
      @Override
      public <T> T inOneTransaction(java.util.function.Supplier<T> work) {
        return jdbc.inOneTransaction(() -> "operator call on table prefix '" + b.tablePrefix + "'", work);
      }

      @Override
      public String toString() {
        return "JdbcStores.unitOfWork(" + b.tablePrefix + ")";
      }
    };
    this.tablePrefix = b.tablePrefix;
    SqlDialect sql = new SqlDialect(dialect, b.tablePrefix);
    this.migrator = new SchemaMigrator(jdbc, sql, b.clock, b.flywayHistoryTable);
    this.sessionStore = new JdbcSessionStore(jdbc, sql, b.fullJournalStates ? JournalJson.Form.FULL_AFTER
        : JournalJson.Form.AFTER_CHANGE);
    this.scenarioStore = new JdbcScenarioStore(jdbc, sql, b.clock, ConditionEngine.builtIn(), b.currentVersionCacheTtl);
    this.planStore = new JdbcPlanStore(jdbc, sql);
    this.profileStore = new JdbcProfileStore(jdbc, sql, b.clock);
    this.visitLog = new JdbcVisitLog(jdbc, sql);
    this.modeStore = new JdbcModeStore(jdbc, sql);
  }

  /** A builder over the host's data source. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** The session store, which is also the journal store: a migration and its journal record commit together. */
  @Override
  public JdbcSessionStore sessionStore() {
    return sessionStore;
  }

  /** The journal store: the session store, so that a move and its journal record commit together. */
  @Override
  public JournalStore journalStore() {
    return sessionStore;
  }

  /**
   * These stores with a scenario store that compiles the conditions of stored versions with {@code engine};
   * {@link ScenarioMigration.Builder#stores} calls it with the engine's condition engine, so a host sets it once.
   * The built-in engine by default.
   */
  @Override
  public JdbcStores withConditionEngine(ConditionEngine engine) {
    java.util.Objects.requireNonNull(engine, "engine");
    JdbcScenarioStore other = scenarioStore.withConditionEngine(engine);
    return other == scenarioStore ? this : new JdbcStores(this, other);
  }

  /** The scenario store, with the current version cached for the configured time. */
  @Override
  public ScenarioStore scenarioStore() {
    return scenarioStore;
  }

  /**
   * The modes shared by every engine on this database (schema 9): the global mode, per-tenant modes, the soft-launch
   * list and the journal of their changes. {@link ScenarioMigration.Builder#stores} sets it: a kill switch flipped on
   * one node is in force on every node within {@code mode_refresh_seconds}.
   */
  @Override
  public ModeStore modeStore() {
    return modeStore;
  }

  /** The plan store. */
  @Override
  public PlanStore planStore() {
    return planStore;
  }

  /** The customer profile store. */
  @Override
  public ProfileStore profileStore() {
    return profileStore;
  }

  /**
   * The full visit log ({@code <prefix>visits}), written only when {@code sessions.visit_log} is on; it takes part in
   * {@link #unitOfWork()}, so a visit is appended in the transaction of the session write that made it.
   */
  @Override
  public VisitLog visitLog() {
    return visitLog;
  }

  /**
   * The unit of work of these stores: every call of the four stores made inside
   * {@link UnitOfWork#inOneTransaction} on the same thread runs on one connection, in one transaction that is
   * committed at the end and rolled back when anything fails; inside the host's transaction, under a savepoint of it
   * instead, which the host commits. Hand it to {@link ScenarioMigration.Builder#unitOfWork} only together with these
   * four stores.
   */
  @Override
  public UnitOfWork unitOfWork() {
    return unitOfWork;
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
   * @throws JdbcStoreException when a script fails (on PostgreSQL that script's changes are rolled back), or when the
   *     data source hands out a connection in the host's transaction (the migration needs one of its own)
   * @throws IllegalStateException when the schema is Flyway's ({@link Builder#flywayHistoryTable(String)})
   */
  public int migrateSchema() {
    return migrator.migrate();
  }

  /**
   * Undoes schema versions above {@code targetVersion}, newest first, with their {@code U} scripts; returns the
   * version reached. Undoing version 1 drops the tables and their data; the others keep the data.
   *
   * @throws IllegalArgumentException when the target is negative
   * @throws IllegalStateException when the schema is Flyway's ({@link Builder#flywayHistoryTable(String)})
   */
  public int downgradeSchema(int targetVersion) {
    if (targetVersion < 0) {
      throw new IllegalArgumentException("target schema version must not be negative but was " + targetVersion);
    }
    return migrator.downgrade(targetVersion);
  }

  /**
   * The installed schema version, 0 when none: the highest version recorded in {@code <prefix>schema_version}, or,
   * when Flyway runs the scripts ({@link Builder#flywayHistoryTable(String)}), the highest version Flyway applied
   * successfully according to its history table (0 when that table does not exist yet).
   */
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
    private Boolean createSchema;
    private boolean commitWhenAutoCommitOff;
    private boolean fullJournalStates;
    private String flywayHistoryTable;
    private Duration currentVersionCacheTtl = Duration.ofSeconds(1);
    private Clock clock = Clock.systemUTC();

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

    /**
     * The dialect, overriding detection from the connection metadata: a built-in one ({@link Dialect#POSTGRESQL}) for a
     * compatible database that reports another product name, or a host's own implementation.
     */
    public Builder dialect(Dialect dialect) {
      this.dialect = dialect;
      return this;
    }

    /**
     * Whether {@link #build()} creates or upgrades the schema ({@code true} by default, {@code false} with a
     * {@link #flywayHistoryTable(String) Flyway history table}). Set {@code false} when Flyway or Liquibase run
     * {@link JdbcStores#schemaScripts(Dialect)}.
     */
    public Builder createSchema(boolean create) {
      this.createSchema = create;
      return this;
    }

    /**
     * Whether the stores commit a connection that arrives with auto-commit off ({@code false} by default, as
     * db-scheduler's {@code commitWhenAutocommitDisabled}). By default such a connection belongs to the host's
     * transaction and is never committed by the library. Set {@code true} only when the pool's connections come with
     * auto-commit off and no transaction manager owns them: then every operation commits (or rolls back) its own work,
     * still without changing the connection's auto-commit. Inside a host's transaction, {@code true} would commit the
     * host's work early.
     */
    public Builder commitWhenAutoCommitOff(boolean commit) {
      this.commitWhenAutoCommitOff = commit;
      return this;
    }

    /**
     * Whether journal records keep the session's state after the change in full ({@code false} by default: the state
     * before in full and the change to it, which is smaller). A release before the change form cannot read a
     * record written in it; set {@code true} while such a release still runs beside this one (a rolling upgrade), or
     * while a downgrade to it must stay possible. Records read the same either way.
     */
    public Builder fullJournalStates(boolean full) {
      this.fullJournalStates = full;
      return this;
    }

    /**
     * The history table of the host's Flyway instance that runs the library's scripts (its {@code table(...)}, for
     * example {@code sm_schema_history}; it must match {@code [a-z_][a-z0-9_]*}). Then {@link #build()} does not run
     * the scripts itself but checks that Flyway's history holds {@link JdbcStores#latestSchemaVersion()}, and
     * {@link JdbcStores#schemaVersion()} reads it; {@link JdbcStores#migrateSchema()} and
     * {@link JdbcStores#downgradeSchema(int)} are Flyway's to do.
     */
    public Builder flywayHistoryTable(String table) {
      this.flywayHistoryTable = table;
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

    /**
     * Validates the arguments, detects the dialect when it is not set (one connection) and, with
     * {@code createSchema(true)}, migrates the schema; with a {@link #flywayHistoryTable(String) Flyway history table},
     * checks the version Flyway installed instead.
     *
     * @throws IllegalArgumentException naming every invalid argument
     * @throws JdbcStoreException when the database cannot be reached, its product is not supported, the schema
     *     migration fails, or Flyway's history holds an older schema version than this release needs
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
      if (flywayHistoryTable != null && (!PREFIX.matcher(flywayHistoryTable).matches()
          || flywayHistoryTable.length() > MAX_TABLE_LENGTH)) {
        problems.add("flyway history table must match [a-z_][a-z0-9_]* with at most " + MAX_TABLE_LENGTH
            + " characters but was '" + flywayHistoryTable + "'");
      }
      if (flywayHistoryTable != null && Boolean.TRUE.equals(createSchema)) {
        problems.add("createSchema(true) and flywayHistoryTable('" + flywayHistoryTable + "') contradict each other: "
            + "Flyway runs the scripts");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid jdbc stores configuration: " + String.join("; ", problems));
      }
      Jdbc jdbc = new Jdbc(dataSource, commitWhenAutoCommitOff);
      JdbcStores stores = new JdbcStores(this, jdbc, dialect != null ? dialect : detect(jdbc));
      if (flywayHistoryTable != null) {
        int installed = stores.schemaVersion();
        if (installed < latestSchemaVersion()) {
          throw new JdbcStoreException("schema check", "schema version " + installed + " of table prefix '"
              + tablePrefix + "' recorded in Flyway's history table '" + flywayHistoryTable + "' is older than version "
              + latestSchemaVersion() + ", which this release needs: run Flyway with the scripts at classpath:"
              + stores.dialect.scriptLocation() + " first");
        }
      } else if (createSchema == null || createSchema) {
        stores.migrateSchema();
      }
      return stores;
    }

    private static Dialect detect(Jdbc jdbc) {
      String product = jdbc.autoCommit(() -> "detection of the database dialect",
          c -> c.getMetaData().getDatabaseProductName());
      Dialect d = Dialects.fromProductName(product);
      if (d == null) {
        throw new JdbcStoreException("dialect detection", "unsupported database product '" + product
            + "': the jdbc stores speak H2, PostgreSQL and MariaDB/MySQL; set dialect(...) for a compatible one");
      }
      return d;
    }
  }
}
