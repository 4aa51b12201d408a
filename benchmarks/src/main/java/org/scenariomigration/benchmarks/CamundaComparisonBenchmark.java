package org.scenariomigration.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
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
