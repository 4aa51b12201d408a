package org.scenariomigration.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.scenariomigration.jdbc.JdbcStores;
import org.scenariomigration.runtime.BatchReport;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.ScenarioMigration;

/**
 * Side by side with Camunda 7 on the same embedded H2 (one in-memory database per fork, both products' tables in it):
 * {@code n} instances wait at the user task Review of v1; v2 inserts a task Approve downstream of it. Camunda
 * migrates them with a migration plan mapping equal activities, synchronously ({@code execute()}) and as a batch
 * ({@code executeAsync()} and then every seed, migration and monitor job executed in this thread, job executor off).
 * This library deploys the equivalent plan (a clean graft at Review) on its JDBC stores and applies it to every
 * session, with {@code migrateNow} or with one {@code reconcile} per session (as the sessions' next messages would).
 * Single shot, fresh instances or sessions and definitions or plans per iteration, all outside the measurement. Forty
 * warm-up iterations for every method: with three (or ten), both products were still getting faster while measured;
 * the library's iterations level off after about forty.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 40)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CamundaComparisonBenchmark {
  /** One embedded H2 database per fork, shared by both products' tables. */
  static final String H2_URL = "jdbc:h2:mem:compare;DB_CLOSE_DELAY=-1";

  @State(Scope.Benchmark)
  public static class Camunda {
    @Param({"1000"})
    public int n;

    ProcessEngine engine;
    RuntimeService runtime;
    RepositoryService repository;
    ManagementService management;
    MigrationPlan plan;
    List<String> ids;
    int iteration;

    @Setup(Level.Trial)
    public void setUp() {
      ProcessEngineConfigurationImpl cfg = new StandaloneInMemProcessEngineConfiguration();
      cfg.setJdbcUrl(H2_URL);
      cfg.setJdbcDriver("org.h2.Driver");
      cfg.setJdbcUsername("sa");
      cfg.setJdbcPassword("");
      cfg.setDatabaseSchemaUpdate("create-drop");
      cfg.setJobExecutorActivate(false);
      cfg.setHistory("audit");
      cfg.setMetricsEnabled(false);
      cfg.setDbMetricsReporterActivate(false);
      cfg.setProcessEngineName("bench");
      engine = cfg.buildProcessEngine();
      runtime = engine.getRuntimeService();
      repository = engine.getRepositoryService();
      management = engine.getManagementService();
    }

    @Setup(Level.Iteration)
    public void instances() {
      iteration++;
      String v1 = definition(Bpmn.createExecutableProcess("reviewProcess").startEvent("start").userTask("review")
          .name("Review").endEvent("done").done());
      String v2 = definition(Bpmn.createExecutableProcess("reviewProcess").startEvent("start").userTask("review")
          .name("Review").userTask("approve").name("Approve").endEvent("done").done());
      ids = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ids.add(runtime.startProcessInstanceById(v1, "i" + iteration + "-" + i).getId());
      }
      plan = runtime.createMigrationPlan(v1, v2).mapEqualActivities().build();
    }

    private String definition(BpmnModelInstance model) {
      Deployment d = repository.createDeployment().addModelInstance("review.bpmn", model).deploy();
      return repository.createProcessDefinitionQuery().deploymentId(d.getId()).singleResult().getId();
    }

    @TearDown(Level.Iteration)
    public void check() {
      long migrated = runtime.createProcessInstanceQuery().processInstanceIds(new java.util.HashSet<>(ids))
          .processDefinitionId(plan.getTargetProcessDefinitionId()).count();
      if (migrated != n) {
        throw new IllegalStateException("camunda migrated " + migrated + " of " + n);
      }
      // keep the runtime tables as small as at the start of the run
      runtime.deleteProcessInstances(ids, "benchmark", true, true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      engine.close();
    }
  }

  @State(Scope.Benchmark)
  public static class Library {
    @Param({"1000"})
    public int n;

    /** {@code migrateNow}'s page size. */
    @Param({"500"})
    public int page;

    HikariDataSource ds;
    ScenarioMigration migration;
    String tenant;
    String planId;
    int iteration;
    long applied;
    /** The plain JDBC side's journal id counter. */
    long journalSeq;

    @Setup(Level.Trial)
    public void setUp() {
      ds = Databases.h2(H2_URL);
      JdbcStores stores = Databases.stores(ds, "sm_");
      migration = ScenarioMigration.builder().sessionStore(stores.sessionStore())
          .scenarioStore(stores.scenarioStore()).planStore(stores.planStore()).profileStore(stores.profileStore())
          .config(MigrationConfig.custom().logging(false, false, false, false).build()).build();
    }

    @Setup(Level.Iteration)
    public void sessions() {
      tenant = "t" + (++iteration);
      migration.publish(tenant, Scenarios.reviewV1());
      for (int i = 0; i < n; i++) {
        migration.startSession(tenant, "i" + i, "c" + i, "web", "review-flow");
        migration.advance(tenant, "i" + i, "review");
      }
      org.scenariomigration.model.MigrationPlan p = migration.generatePlan(tenant, Scenarios.reviewV2(), "bench");
      migration.approve(tenant, p.id(), "bench");
      planId = p.id();
      applied = 0;
    }

    @TearDown(Level.Iteration)
    public void check() {
      if (applied != n) {
        throw new IllegalStateException("the library migrated " + applied + " of " + n);
      }
      // like Camunda's side, which deletes its process instances and keeps its history: the session rows go, the
      // journal stays, so neither product's runtime table grows over the run
      Databases.execute(ds, "DELETE FROM sm_sessions WHERE tenant_id = '" + tenant + "'");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      Databases.shutdownH2(ds);
    }
  }

  @Benchmark
  public Object camundaSync(Camunda st) {
    st.runtime.newMigration(st.plan).processInstanceIds(st.ids).execute();
    return st.plan;
  }

  @Benchmark
  public Object camundaBatch(Camunda st) {
    Batch batch = st.runtime.newMigration(st.plan).processInstanceIds(st.ids).executeAsync();
    String monitor = batch.getMonitorJobDefinitionId();
    while (true) {
      List<Job> jobs = st.management.createJobQuery().list();
      if (jobs.isEmpty()) {
        return batch;
      }
      boolean work = false;
      for (Job j : jobs) {
        if (!monitor.equals(j.getJobDefinitionId())) {
          st.management.executeJob(j.getId());
          work = true;
        }
      }
      if (!work) {
        for (Job j : jobs) {
          st.management.executeJob(j.getId());
        }
      }
    }
  }

  @Benchmark
  public Object libraryDeployMigrateNow(Library st) {
    st.migration.deploy(st.tenant, st.planId);
    BatchReport r = st.migration.migrateNow(st.tenant, st.planId, st.page, x -> { });
    st.applied = r.migrated();
    return r;
  }

  /** The library's sessions with the plan deployed (marked) in the iteration setup, outside the measurement. */
  @State(Scope.Benchmark)
  public static class LibraryDeployed extends Library {
    @Setup(Level.Iteration)
    public void deployed() {
      migration.deploy(tenant, planId);
    }
  }

  /**
   * {@code migrateNow} alone, the marking done in the setup: how much of {@code libraryDeployMigrateNow} is the
   * application and how much the marking. Not a product path to compare with Camunda (that is deploy plus apply).
   */
  @Benchmark
  public Object libraryMigrateNowOnly(LibraryDeployed st) {
    BatchReport r = st.migration.migrateNow(st.tenant, st.planId, st.page, x -> { });
    st.applied = r.migrated();
    return r;
  }

  /**
   * The library's writes without the library: what {@link #libraryDeployMigrateNow} stores, written by plain JDBC on
   * the same schema, with no decisions, no checks and no JSON building. One set-based marking {@code UPDATE} and its
   * commit; then pages of {@code page} marked sessions, each page read with one {@code SELECT}, rewritten at the new
   * version with one batched revision-checked {@code UPDATE}, journaled with one batched {@code INSERT} (a body
   * shaped as the library's: every column of the before and after states; ids in insertion order, the cheapest for
   * the unique index), and committed. The same texts as the library's: a marker with every field, hashes as long, the
   * history with the visit a migration adds. H2's SQL. Not a product path: it says how much of the
   * library's time is the database's work for these writes.
   */
  @Benchmark
  public Object plainJdbcDeployMigrate(Library st) throws SQLException {
    long done = 0;
    try (Connection c = st.ds.getConnection()) {
      c.setAutoCommit(false);
      plainMark(c, st);
      c.commit();
      String after = "";
      for (List<Object[]> rows = plainPage(c, st, after); !rows.isEmpty(); rows = plainPage(c, st, after)) {
        after = (String) rows.get(rows.size() - 1)[0];
        done += plainMigrate(c, st, rows);
        c.commit();
      }
    }
    st.applied = done;
    return done;
  }

  /** The plain side's marking: the library's marking {@code UPDATE} on H2, with a marker of the same fields. */
  private static void plainMark(Connection c, Library st) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE sm_sessions SET pending_plan_id = ?, pending = ?, "
        + "revision = revision + 1 WHERE tenant_id = ? AND scenario_id = ? AND version = ? AND current_step_id = ? "
        + "AND pending_plan_id IS NULL AND rollout_bucket < ? AND NOT ARRAY_CONTAINS(settled_plans, ?)")) {
      ps.setString(1, st.planId);
      ps.setString(2, "{\"plan_id\":\"" + st.planId + "\",\"anchor_content_hash\":\"" + HASH + "\","
          + "\"target_version\":2,\"marked_at\":\"2026-11-29T10:00:00.123456Z\",\"asked_fields\":[],"
          + "\"rollback\":false}");
      ps.setString(3, st.tenant);
      ps.setString(4, "review-flow");
      ps.setInt(5, 1);
      ps.setString(6, "review");
      ps.setInt(7, 100);
      ps.setString(8, st.planId);
      if (ps.executeUpdate() != st.n) {
        throw new IllegalStateException("plain jdbc marked fewer than " + st.n + " sessions");
      }
    }
  }

  /**
   * The plain side's page read: session id, customer, channel, created at, scenario, step, history, variables,
   * marker and revision of the next {@code page} marked sessions after {@code after}.
   */
  private static List<Object[]> plainPage(Connection c, Library st, String after) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT session_id, customer_id, channel, created_at, "
        + "scenario_id, current_step_id, history, variables, pending, revision FROM sm_sessions WHERE tenant_id = ? "
        + "AND pending_plan_id = ? AND session_id > ? ORDER BY session_id LIMIT ?")) {
      ps.setString(1, st.tenant);
      ps.setString(2, st.planId);
      ps.setString(3, after);
      ps.setInt(4, st.page);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3),
              rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getString(6), rs.getString(7),
              rs.getString(8), rs.getString(9), rs.getLong(10)});
        }
      }
    }
    return rows;
  }

  /**
   * The plain side's migration of one page: one batched revision-checked {@code UPDATE} to version 2 with the
   * migration's history visit, one batched journal {@code INSERT}; returns how many rows the updates changed.
   */
  private static long plainMigrate(Connection c, Library st, List<Object[]> rows) throws SQLException {
    String t = st.tenant;
    long changed = 0;
    try (PreparedStatement up = c.prepareStatement("UPDATE sm_sessions SET customer_id = ?, channel = ?, "
        + "created_at = ?, scenario_id = ?, version = ?, scenario_checksum = ?, current_step_id = ?, history = ?, "
        + "variables = ?, pending_plan_id = ?, pending = ?, settled_plans = ?, pinned = ?, revision = ? "
        + "WHERE tenant_id = ? AND session_id = ? AND revision = ?");
        PreparedStatement in = c.prepareStatement("INSERT INTO sm_journal (tenant_id, record_id, session_id, "
            + "plan_id, kind, migration_scenario, recorded_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      String[] settled = {st.planId};
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      String visit = ",{\"step_id\":\"review\",\"step_name\":\"Review\",\"content_hash\":\"" + HASH
          + "\",\"visited_at\":\"" + now + "\",\"checkpoint\":false,\"checkpoint_description\":null}]";
      for (Object[] r : rows) {
        long rev = (Long) r[9];
        String history = (String) r[6];
        String moved = history.substring(0, history.length() - 1) + visit; // the visit a migration adds
        up.setString(1, (String) r[1]);
        up.setString(2, (String) r[2]);
        up.setObject(3, r[3]);
        up.setString(4, (String) r[4]);
        up.setInt(5, 2);
        up.setString(6, HASH);
        up.setString(7, (String) r[5]);
        up.setString(8, moved);
        up.setString(9, (String) r[7]);
        up.setString(10, null);
        up.setString(11, null);
        up.setObject(12, settled);
        up.setBoolean(13, false);
        up.setLong(14, rev + 1);
        up.setString(15, t);
        up.setString(16, (String) r[0]);
        up.setLong(17, rev);
        up.addBatch();
        String id = t + "-" + (1_000_000_000_000L + ++st.journalSeq);
        in.setString(1, t);
        in.setString(2, id);
        in.setString(3, (String) r[0]);
        in.setString(4, st.planId);
        in.setString(5, "migrated");
        in.setString(6, "clean_graft");
        in.setObject(7, now);
        in.setString(8, "{\"format_version\":1,\"id\":\"" + id + "\",\"tenant_id\":\"" + t + "\",\"session_id\":\""
            + r[0] + "\",\"plan_id\":\"" + st.planId + "\",\"kind\":\"migrated\",\"migration_scenario\":"
            + "\"clean_graft\",\"before\":" + sessionJson(t, r, 1, history, (String) r[8], "[]", rev) + ",\"after\":"
            + sessionJson(t, r, 2, moved, null, "[\"" + st.planId + "\"]", rev + 1) + ",\"filled_fields\":[],"
            + "\"asked_fields\":[],\"checkpoint_warning\":null,\"at\":\"" + now + "\"}");
        in.addBatch();
      }
      for (int n : up.executeBatch()) {
        changed += n; // a failed revision check shows in the iteration's check
      }
      for (int inserted : in.executeBatch()) {
        if (inserted != 1) {
          throw new IllegalStateException("plain jdbc journal insert stored " + inserted + " rows");
        }
      }
    }
    return changed;
  }

  /** A content hash or checksum as long as the library's. */
  private static final String HASH = "0123456789abcdef".repeat(4);

  /** A journal record's session as the library writes it: every column, by name. */
  private static String sessionJson(String tenant, Object[] r, int version, String history, String pending,
      String settled, long revision) {
    return "{\"tenant_id\":\"" + tenant + "\",\"session_id\":\"" + r[0] + "\",\"customer_id\":\"" + r[1]
        + "\",\"channel\":\"" + r[2] + "\",\"created_at\":\"" + r[3] + "\",\"scenario_id\":\"" + r[4]
        + "\",\"version\":" + version + ",\"scenario_checksum\":\"" + HASH + "\",\"current_step_id\":\"" + r[5]
        + "\",\"history\":" + history + ",\"variables\":" + r[7] + ",\"pending\":" + pending
        + ",\"settled_plans\":" + settled + ",\"pinned\":false,\"revision\":" + revision + "}";
  }

  @Benchmark
  public Object libraryDeployReconcileEach(Library st) {
    st.migration.deploy(st.tenant, st.planId);
    long applied = 0;
    for (int i = 0; i < st.n; i++) {
      if (st.migration.reconcile(st.tenant, "i" + i) instanceof Outcome.Teleport) {
        applied++;
      }
    }
    st.applied = applied;
    return applied;
  }
}
