package org.scenariomigration.runtime;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.StepMapping;
import org.scenariomigration.spi.ErasureRecord;
import org.scenariomigration.spi.ModeChange;
import org.scenariomigration.spi.Rollout;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.spi.UnitOfWork;

/**
 * The operator surface of an engine, apart from the per-message surface of {@link ScenarioMigration} (as a scheduler's
 * client is apart from the scheduler): plans generated, reviewed, approved, deployed, widened and rolled back, batch
 * migration, previews, retention and erasure, and the kill switch. Reached with {@link ScenarioMigration#operations()}:
 * one instance per engine, on the engine's stores, configuration and caches.
 *
 * <pre>{@code
 * MigrationOperations ops = migration.operations();
 * MigrationPlan plan = ops.generatePlan("tenant-1", v2, "operator@example.com");
 * ops.approve("tenant-1", plan.id(), "lead@example.com");
 * ops.deploy("tenant-1", plan.id());                             // covers sessions, writes none
 * }</pre>
 *
 * <p><b>Operator calls are atomic and retryable.</b> {@link #deploy}, {@link #rollback}, {@link #widenRollout},
 * {@link #updatePolicies}, {@link #approve}, {@link #purge}, {@link #markSessions} and {@link #makeCurrent} either
 * happen whole or leave nothing changed that a reconcile would act on, and the same call again after any failure
 * completes it. With a {@link ScenarioMigration.Builder#unitOfWork(UnitOfWork) unit of work} (the JDBC stores on one
 * database) a call runs in one transaction. Without one (the in-memory stores, stores on different databases) it is a
 * resumable sequence: the scenario's change gate records the operation until its last step, no reconcile writes on
 * the scenario meanwhile, and the same call again resumes it. A call repeated after it took effect (its answer was
 * lost) succeeds without changing anything more. Events of an operator call reach listeners once it has completed.
 *
 * <p>Thread-safe. It starts no threads of its own.
 */
public final class MigrationOperations {
  private final Engine engine;
  private final PlanLifecycle lifecycle;
  private final Deployments deployments;
  private final Rollbacks rollbacks;
  private final BatchMigration batches;
  private final Retention retention;
  private final Drains drains;
  final Rollouts rollouts;
  private final OperatorMoves moves;

  MigrationOperations(Engine engine) {
    this.moves = new OperatorMoves(engine);
    Coverage coverage = new Coverage(engine);
    this.engine = engine;
    this.lifecycle = new PlanLifecycle(engine, coverage);
    this.deployments = new Deployments(engine, coverage);
    this.rollbacks = new Rollbacks(engine, coverage);
    this.batches = new BatchMigration(engine, coverage);
    this.drains = new Drains(engine, coverage);
    this.retention = new Retention(engine, coverage, drains);
    this.rollouts = new Rollouts(engine, deployments, rollbacks);
  }

  // ------------------------------------------------------------------------------------------- plans

  /** Stores {@code newVersion} (not current yet) and generates a plan from the current version to it. */
  public MigrationPlan generatePlan(String tenantId, ScenarioVersion newVersion, String createdBy) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(newVersion, "newVersion must not be null");
    requireNonNull(createdBy, "createdBy must not be null");
    return lifecycle.generatePlan(tenantId, newVersion, createdBy, List.of());
  }

  /** Like {@link #generatePlan(String, ScenarioVersion, String)}, with manual step mappings. */
  public MigrationPlan generatePlan(String tenantId, ScenarioVersion newVersion, String createdBy,
      List<StepMapping> manualMappings) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(newVersion, "newVersion must not be null");
    requireNonNull(createdBy, "createdBy must not be null");
    requireNonNull(manualMappings, "manualMappings must not be null");
    return lifecycle.generatePlan(tenantId, newVersion, createdBy, manualMappings);
  }

  /**
   * A plan by id.
   *
   * @throws UnknownPlanException when the tenant has no such plan
   */
  public MigrationPlan plan(String tenantId, String planId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    return engine.plan(tenantId, planId);
  }

  /**
   * Replaces policies of a pending plan; the summary is recomputed, its {@code estimated_sessions_affected} included
   * (the sessions the plan would mark now, under the new scope filters).
   *
   * @throws IllegalPlanStatusException when the plan is not pending
   */
  public MigrationPlan updatePolicies(String tenantId, String planId, Map<String, AnchorPolicy> policies) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    requireNonNull(policies, "policies must not be null");
    return lifecycle.updatePolicies(tenantId, planId, policies);
  }

  /**
   * Edits the policy of one anchor of a pending plan, named as the review shows it: by step id, or by its content hash
   * or a unique prefix of it (the review's 12 characters):
   *
   * <pre>{@code
   * ops.updatePolicy(tenant, plan.id(), "checkout", p -> p.includeChannels("whatsapp").maxSessionAgeDays(30));
   * }</pre>
   *
   * <p>The editor starts from the policy that applies to the anchor now. Twins (steps of the same content) share a
   * hash: named by step id, one of them gets a policy of its own ({@link AnchorPolicy#twinKey}), the other keeps its
   * own. The summary and {@code estimated_sessions_affected} are recomputed, as {@link #updatePolicies} does.
   *
   * @throws org.scenariomigration.scenario.UnknownAnchorException when no anchor has that step id or hash
   * @throws org.scenariomigration.scenario.AmbiguousAnchorReferenceException when the reference names more than one
   *     anchor (a hash of twins, or a prefix two hashes share)
   * @throws IllegalPlanStatusException when the plan is not pending
   */
  public MigrationPlan updatePolicy(String tenantId, String planId, String anchor,
      Consumer<AnchorPolicy.Editor> edit) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    requireNonNull(anchor, "anchor must not be null");
    requireNonNull(edit, "edit must not be null");
    return lifecycle.updatePolicy(tenantId, planId, anchor, edit);
  }

  /**
   * Approves a pending plan. Approving a plan that {@code approvedBy} approved already (a retry whose answer was lost)
   * returns it as stored and changes nothing.
   *
   * @throws IllegalPlanStatusException when the plan is neither pending nor approved by {@code approvedBy}
   */
  public MigrationPlan approve(String tenantId, String planId, String approvedBy) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    requireNonNull(approvedBy, "approvedBy must not be null");
    return lifecycle.approve(tenantId, planId, approvedBy);
  }

  /**
   * Rejects a pending or approved plan.
   *
   * @throws IllegalPlanStatusException when the plan is neither pending nor approved
   */
  public MigrationPlan reject(String tenantId, String planId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    return lifecycle.reject(tenantId, planId);
  }

  /**
   * Dry run: the outcome reconcile would give {@code sessionId} under {@code planId} (deployed or not), with no write
   * at all. The extractor is called only when {@code useExtractor} is true. A session the plan would not mark gets
   * {@link Outcome#CONTINUE}, an ended one {@link Outcome.Ended}.
   */
  public Outcome dryRun(String tenantId, String planId, String sessionId, boolean useExtractor) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    return lifecycle.dryRun(tenantId, planId, sessionId, useExtractor);
  }

  /**
   * Impact preview over every session the plan would mark ({@code sampleSize <= 0}) or the first {@code sampleSize}
   * of them by session id: counts per predicted outcome and the sessions a checkpoint would block. Writes nothing and
   * never calls the extractor.
   */
  public ImpactPreview previewImpact(String tenantId, String planId, int sampleSize) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    return lifecycle.previewImpact(tenantId, planId, sampleSize);
  }

  /**
   * Replaces the variable mappings of a pending plan ({@link MigrationPlan#variableMappings()}), applied to each
   * session it migrates and undone by its rollback:
   *
   * <pre>{@code
   * ops.updateMappings(tenant, plan.id(), List.of(VariableMapping.rename("age", "customer_age"),
   *     VariableMapping.computed("is_adult", "age >= 18")));
   * }</pre>
   *
   * <p>Checked before anything is stored, as one atomic call: no two mappings of one field, no renames in a cycle,
   * every field read known in the source version, types that fit the target version's declarations, expressions that
   * compile. The summary's {@code rename_proposed} warnings follow: a proposal the mappings hold is confirmed.
   *
   * @throws org.scenariomigration.plan.InvalidVariableMappingException naming the variable and the bad value; the
   *     plan is unchanged
   * @throws IllegalPlanStatusException when the plan is not pending
   */
  public MigrationPlan updateMappings(String tenantId, String planId,
      List<org.scenariomigration.plan.VariableMapping> mappings) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    requireNonNull(mappings, "mappings must not be null");
    return new PlanMappings(engine).update(tenantId, planId, mappings);
  }

  // ------------------------------------------------------------------------------------------- deployments

  /**
   * Deploys an approved plan (or a pending one when {@code require_approval} is false): the target version becomes
   * current for new sessions, any other deployed plan of the scenario becomes superseded, and the deployment covers
   * the eligible sessions (when {@code auto_mark_sessions} is true and the tenant's mode is not off). No session is
   * moved, and no session is written: the deploy writes the plan, the scenario's current version with its next
   * deployment generation ({@link org.scenariomigration.spi.CurrentVersion}) and the change gate, whatever the number
   * of sessions. Each covered session is judged at its next message ({@link ScenarioMigration#reconcile}, or before it
   * moves with {@link ScenarioMigration#advance}), exactly as marking judged it: its scope filter measured at the
   * deploy time ({@link MigrationPlan#markedAt()}), its rollout bucket, its plans settled; it then migrates, or is
   * pinned at the generation and takes the per-message fast path until a deployment, a widened rollout or a rollback
   * moves the generation on. The answer's {@code sessions_marked} and {@code sessions_by_anchor} count the covered
   * sessions with read-only set queries ({@link SessionStore#countEligible}); they are what the runtime then does. On
   * a store that caches the current version (JDBC: {@code currentVersionCacheTtl}, 1 s by default) another node sees
   * the deployment once its cache entry lives out. The one session write a deploy can make: the markers of sessions
   * that a superseded plan from the same source version judged and that wait for the customer are removed, so that the
   * new plan judges them again.
   *
   * <p>Atomic and retryable (see the class comment): a deploy that failed part-way is completed by the same call, and
   * deploying again a plan that is deployed at the same rollout and whose target version is current (a retry whose
   * answer was lost) marks whatever eligible session is left unmarked and succeeds.
   *
   * @throws IllegalPlanStatusException when the plan is not approved (or pending, without {@code require_approval}),
   *     or does not start from the current version
   */
  public DeploymentResult deploy(String tenantId, String planId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    return deployments.deploy(tenantId, planId, 100);
  }

  /**
   * Deploys to a share of the eligible sessions, picked deterministically from the session id
   * ({@link Rollout#bucket(String)}), so that {@link #widenRollout} keeps every session picked before.
   *
   * @throws InvalidRolloutException when the percent is not between 1 and 100
   */
  public DeploymentResult deploy(String tenantId, String planId, int rolloutPercent) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    return deployments.deploy(tenantId, planId, rolloutPercent);
  }

  /**
   * Widens the rollout of a deployed plan, writing no session: it moves the deployment generation on, so the sessions
   * the narrower rollout pinned are judged again at their next message; sessions picked before stay picked. The
   * answer counts the sessions the wider rollout covers that the narrower one did not.
   *
   * @throws InvalidRolloutException when the new percent is lower than the current one or above 100
   */
  public DeploymentResult widenRollout(String tenantId, String planId, int rolloutPercent) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    return deployments.widenRollout(tenantId, planId, rolloutPercent);
  }

  /**
   * Makes a deployed plan cover its sessions (for hosts that set {@code auto_mark_sessions = false}, or a tenant that
   * was off at the deploy): from now on they are judged at their next message, their scope filters measured now. Writes
   * no session; answers the sessions it covers, or none when the plan covers them already or the tenant is off.
   */
  public DeploymentResult markSessions(String tenantId, String planId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    return deployments.markSessions(tenantId, planId);
  }

  /**
   * Makes a stored version current without a plan: sessions on older versions are relocated at their next message.
   *
   * @throws UnknownScenarioException when the tenant has no such version
   */
  public void makeCurrent(String tenantId, String scenarioId, int version) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(scenarioId, "scenarioId must not be null");
    deployments.makeCurrent(tenantId, scenarioId, version);
  }

  /**
   * A deployment's status, derived from the stores: sessions pending, migrated and blocked, by scenario class, and for
   * a deployment with a rollout schedule its {@link DeploymentStatus#rollout() rollout} block.
   */
  public DeploymentStatus deploymentStatus(String tenantId, String planId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    DeploymentStatus status = deployments.status(tenantId, planId);
    return status.withRollout(rollouts.status(engine.plan(tenantId, planId)));
  }

  /**
   * Rolls back a deployed plan: removes its pending markers, marks the sessions it migrated to go back to the position
   * and version of their journaled before-state at their next message, keeping every variable they hold then (except
   * sessions that passed a checkpoint since, which the report lists), makes the source version current again and sets
   * the plan's status to {@code rolled_back}. The journal keeps every record; the report names the variables the old
   * version did not see as they are.
   *
   * <p>Atomic and retryable (see the class comment): a rollback that failed part-way is completed by the same call.
   * Rolling back again a rolled-back plan whose source version is still current (a retry whose answer was lost)
   * changes nothing and reports no marker removed and, as sessions to restore, those still marked for it.
   *
   * @throws IllegalPlanStatusException when the plan is not deployed (never deployed, or rolled back and another
   *     version made current since)
   */
  public RollbackReport rollback(String tenantId, String planId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    return rollbacks.rollback(tenantId, planId);
  }

  /**
   * Eager batch migration: applies a deployed plan now to its marked sessions, {@code batchSize} at a time, reporting
   * progress after each batch. Sessions that need the customer ({@code collect} or {@code confirm}) stay marked. What
   * a move owes the host (its teleport, with the re-route notification, the required actions to run, or the exit
   * message) is stored with the session in the same write and offered by its {@code reconcile}s, under the outcome's
   * {@link Outcome#effectId()}, until the host retires it ({@link ScenarioMigration#acknowledge},
   * {@link ScenarioMigration#advance}); the report counts the outcomes and names the sessions of each page.
   * Exactly-once holds as for just-in-time migration, also when messages arrive during the batch. The migrations of a
   * batch are written together with {@link SessionStore#commitAll} (one transaction on the JDBC store), and their
   * events are published once that write has stored them. It stops when the tenant's mode turns
   * {@link MigrationMode#OFF}.
   *
   * @throws IllegalArgumentException when {@code batchSize} is below 1
   * @throws IllegalPlanStatusException when the plan is not deployed
   */
  public BatchReport migrateNow(String tenantId, String planId, int batchSize, Consumer<BatchReport> progress) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    requireNonNull(progress, "progress must not be null");
    return batches.migrateNow(tenantId, planId, batchSize, progress);
  }

  /**
   * Deploys with a progressive rollout (issue 19): as {@link #deploy(String, String, int)} at the schedule's first
   * step, the schedule and its state kept in the plan ({@link MigrationPlan#rollout()}).
   * {@link ScenarioMigration#advanceRollouts} then widens it step by step (through {@link #widenRollout}: sessions
   * picked before stay picked), or halts it, and with {@code auto_rollback} rolls it back ({@link #rollback}), when a
   * health gate fails. Atomic and retryable as {@link #deploy(String, String)}: the same call again after any failure
   * completes it.
   *
   * @throws IllegalPlanStatusException as {@link #deploy(String, String)}, or when the plan carries another schedule
   */
  public DeploymentResult deploy(String tenantId, String planId,
      org.scenariomigration.plan.RolloutSchedule schedule) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(planId, "planId must not be null");
    requireNonNull(schedule, "schedule must not be null");
    return rollouts.deploy(tenantId, planId, schedule);
  }

  // ------------------------------------------------------------------------------------------- retention

  /**
   * Retention for one scenario: deletes finished plans (superseded, rejected, rolled back, expired) older than
   * {@code plan_retention_days}, marks pending or approved plans that old as expired, and deletes versions that
   * stopped being current more than {@code version_retention_days} ago. A version or plan that pending markers still
   * reference is kept unless {@code force} is true; then those markers are removed and the sessions fall back to
   * relocation. A version that is not safe to retire ({@link #versionStatus}: sessions still on it, a plan holding it)
   * is kept too unless {@code force} is true, and the report says why ({@link RetentionReport#keptVersions()}).
   *
   * <p>Then it deletes ended sessions ({@link ScenarioMigration#endSession}) of the scenario that ended more than
   * {@code session_retention_days} ago, with their journal records, and journal records of the scenario's sessions
   * written more than {@code journal_retention_days} ago, except those of a deployed plan: a rollback reads them, so
   * they are kept until the plan settles (superseded or rolled back), and the report counts them and says why. It
   * deletes the full visit log's rows ({@link ScenarioMigration#visits}) of the ended sessions it deletes, and the
   * tenant's rows older than {@code retention.visit_log_retention_days} (whether the log is on now or not). These
   * deletes run in pages of 500 rows on the calling thread, inside the purge (one transaction with a unit of work:
   * call purge often enough that a pass stays small); a purge that fails part-way is completed by the same call again.
   *
   * <p>Atomic and retryable (see the class comment). A purge is a retention pass, so a purge repeated after it took
   * effect is the next pass: it changes nothing more, except that plans the first pass marked expired are finished
   * and old, and are deleted.
   */
  public RetentionReport purge(String tenantId, String scenarioId, boolean force) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(scenarioId, "scenarioId must not be null");
    return retention.purge(tenantId, scenarioId, force);
  }

  /**
   * Erases a customer's personal data everywhere the library keeps it: the variables of every session of the
   * customer, the values in their journal records (the variables of the before and after states, filled fields, and
   * those values where a warning quotes them), every field of the customer's profile, and the rows of the full visit
   * log ({@link ScenarioMigration#visits}) of the customer's sessions (counted in {@link ErasureRecord#visits()};
   * whether the log is on now or not: it may hold rows from when it was). A session's own step history, which holds
   * step ids, names and times, not the customer's values, stays. Sessions stay where they are and stay consistent: a
   * later {@link ScenarioMigration#reconcile} neither fails nor brings a value back (a rollback restores the erased
   * before-state; a pending migration asks for what it needs again).
   *
   * <p>Leaves a record without personal data ({@link #erasures}): who asked, when and how much was removed, and returns
   * it. With a {@link ScenarioMigration.Builder#unitOfWork unit of work} (the JDBC stores on one database) it runs in
   * one transaction. Otherwise each store erases on its own: the call is idempotent and resumable, so the same call
   * again after a failure completes it (and records a second erasure).
   *
   * @param requestedBy who asked for the erasure, as the host names them (kept in the record: not the customer)
   * @throws UnsupportedOperationException when a store cannot erase (a store of the host's that does not implement
   *     it)
   */
  public ErasureRecord forgetCustomer(String tenantId, String customerId, String requestedBy) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(customerId, "customerId must not be null");
    requireNonNull(requestedBy, "requestedBy must not be null");
    return retention.forgetCustomer(tenantId, customerId, requestedBy);
  }

  /** The tenant's erasure records ({@link #forgetCustomer}), oldest first. */
  public List<ErasureRecord> erasures(String tenantId) {
    requireNonNull(tenantId, "tenantId must not be null");
    return engine.sessions.erasures(Engine.requireTenant(tenantId));
  }

  // ------------------------------------------------------------------------------------------- modes

  /**
   * Sets the global mode, at run time. A global {@link MigrationMode#OFF} is the kill switch: it wins over every
   * tenant's mode. Journaled with {@code changedBy} {@value #UNSPECIFIED_ACTOR}: prefer
   * {@link #setMode(MigrationMode, String)}.
   */
  public void setMode(MigrationMode mode) {
    setMode(mode, UNSPECIFIED_ACTOR);
  }

  /**
   * Sets a tenant's mode, overriding the global {@code auto} or {@code strict} and the soft-launch list (never the
   * global kill switch {@code off}); {@code null} removes the override. Journaled with {@code changedBy}
   * {@value #UNSPECIFIED_ACTOR}: prefer {@link #setMode(String, MigrationMode, String)}.
   */
  public void setMode(String tenantId, MigrationMode mode) {
    setMode(tenantId, mode, UNSPECIFIED_ACTOR);
  }

  /**
   * Soft launch: when the set is not empty, tenants outside it behave as {@link MigrationMode#OFF} (unless they have
   * their own mode). An empty set lifts the restriction. After switching a tenant on, {@link #markSessions} marks its
   * sessions for plans deployed while it was off. Journaled with {@code changedBy} {@value #UNSPECIFIED_ACTOR}:
   * prefer {@link #setSoftLaunchTenants(Set, String)}.
   */
  public void setSoftLaunchTenants(Set<String> tenants) {
    setSoftLaunchTenants(tenants, UNSPECIFIED_ACTOR);
  }

  /** The mode in force for a tenant. */
  public MigrationMode mode(String tenantId) {
    requireNonNull(tenantId, "tenantId must not be null");
    return engine.mode(tenantId);
  }

  // ------------------------------------------------------------------------------------------- shared modes (issue 19)

  /** Who the mode calls without a {@code changedBy} journal a change as. */
  public static final String UNSPECIFIED_ACTOR = "unspecified";

  /**
   * Sets the global mode in the {@link ScenarioMigration.Builder#modeStore mode store} that every engine of the host
   * shares, and journals who did it. In force on this engine at once and on every other one within
   * {@code mode_refresh_seconds} ({@link MigrationConfig#modeRefreshSeconds()}); a global {@link MigrationMode#OFF}
   * is the kill switch, winning over every tenant's mode.
   *
   * @return the journaled change
   */
  public ModeChange setMode(MigrationMode mode, String changedBy) {
    requireNonNull(mode, "mode must not be null");
    requireNonNull(changedBy, "changedBy must not be null");
    return engine.modes.setGlobal(mode, changedBy);
  }

  /**
   * Sets a tenant's mode ({@code null} removes the override) in the shared mode store, and journals who did it; in
   * force as {@link #setMode(MigrationMode, String)} says.
   *
   * @return the journaled change
   */
  public ModeChange setMode(String tenantId, MigrationMode mode, String changedBy) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(changedBy, "changedBy must not be null");
    return engine.modes.setTenant(Engine.requireTenant(tenantId), mode, changedBy);
  }

  /**
   * Replaces the soft-launch list in the shared mode store (see {@link #setSoftLaunchTenants(Set)}), and journals who
   * did it.
   *
   * @return the journaled change
   */
  public ModeChange setSoftLaunchTenants(Set<String> tenants, String changedBy) {
    requireNonNull(tenants, "tenants must not be null");
    requireNonNull(changedBy, "changedBy must not be null");
    return engine.modes.setSoftLaunch(Ids.requireAll(IdKind.TENANT, tenants), changedBy);
  }

  /**
   * The journal of mode changes that concern a tenant (its own mode, the global mode and the soft-launch list),
   * newest first, at most {@code limit}.
   *
   * @throws IllegalArgumentException when {@code limit} is below 1
   */
  public List<ModeChange> modeChanges(String tenantId, int limit) {
    requireNonNull(tenantId, "tenantId must not be null");
    return engine.modes.changes(Engine.requireTenant(tenantId), positive(limit));
  }

  /**
   * The journal of every mode change (global, every tenant's, the soft-launch list), newest first, at most
   * {@code limit}.
   *
   * @throws IllegalArgumentException when {@code limit} is below 1
   */
  public List<ModeChange> modeChanges(int limit) {
    return engine.modes.changes(null, positive(limit));
  }

  private static int positive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1 but was " + limit);
    }
    return limit;
  }

  // ------------------------------------------------------------------------------------------- drain status (issue 19)

  /**
   * The drain status of one version of a scenario: the sessions still on it (pinned, pending a migration), the plans
   * from or to it, whether it is current, and whether it is safe to retire, with the reasons it is not. Read-only set
   * queries on the stores, scoped by the tenant.
   *
   * @throws UnknownScenarioException when the tenant has no such version
   */
  public VersionStatus versionStatus(String tenantId, String scenarioId, int version) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(scenarioId, "scenarioId must not be null");
    return drains.status(tenantId, scenarioId, version);
  }

  /**
   * The drain status of every stored version of a scenario, oldest first ({@link #versionStatus}).
   *
   * @throws UnknownScenarioException when the tenant has no such scenario
   */
  public List<VersionStatus> versionStatuses(String tenantId, String scenarioId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(scenarioId, "scenarioId must not be null");
    return drains.statuses(tenantId, scenarioId);
  }

  /**
   * Retires (deletes) one version now, whatever its age. Refused while it is current, and, unless {@code force},
   * while it is not safe to retire ({@link #versionStatus}); the refusal changes nothing. Forced, it is deleted as a
   * forced {@link #purge} deletes a version: the sessions pinned there and those of plans from or to it fall back to
   * relocation at their next message. Atomic and retryable, as every operator call.
   *
   * @return the report: the version in {@link RetentionReport#purgedVersions()}, the sessions released
   * @throws VersionNotRetirableException when it is current, or not safe to retire and {@code force} is false
   * @throws UnknownScenarioException when the tenant has no such version
   */
  public RetentionReport retireVersion(String tenantId, String scenarioId, int version, boolean force) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(scenarioId, "scenarioId must not be null");
    return retention.retire(tenantId, scenarioId, version, force);
  }

  // ------------------------------------------------------------------------------------------- operator moves

  /**
   * Moves one session to step {@code stepId} of {@code version} of its scenario: the rescue for a session stuck after a
   * bad deploy. The move goes through the checkpoint guard, the gap fill and the journal as a migration does: it is
   * refused, with the reason, where it would land the session past a checkpoint it never passed, run again one it
   * passed, or contradict one; the fields the target needs that the session lacks (the required fields collected on
   * every path to it, and those it requires) are filled from the profile or the conversation, else the session waits
   * ({@link MoveReport.Status#WAITING}, with the {@code collect} naming them) and nothing is written. A move is
   * journaled ({@code moved}, naming {@code movedBy}) and owes the host the teleport ({@code operator_move}), which
   * the session's {@code reconcile} offers until the host retires it, as after eager batch migration. A session that
   * owes the host an earlier effect is refused until the host retires it. With {@code dryRun} nothing is written and
   * the report is the one the real move would give.
   *
   * <p>Atomic and retryable (see the class comment): the same call again after a failure completes it; a session
   * already at the target answers {@link MoveReport.Status#UNCHANGED}.
   *
   * @throws UnknownSessionException when the tenant has no such session
   * @throws UnknownScenarioException when the session's scenario has no such version
   * @throws UnknownStepException when the version has no such step
   */
  public MoveReport moveSession(String tenantId, String sessionId, int version, String stepId, String movedBy,
      boolean dryRun) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(sessionId, "sessionId must not be null");
    requireNonNull(stepId, "stepId must not be null");
    requireNonNull(movedBy, "movedBy must not be null");
    return moves.moveSession(tenantId, sessionId, version, stepId, movedBy, dryRun);
  }

  /**
   * Moves every live session that {@code query} matches (its age measured with the engine's clock) to step
   * {@code stepId} of {@code version} of the query's scenario, each as {@link #moveSession} moves one; the sessions are
   * read page by page, by version then session id, and the report lists each in that order. Atomic and retryable:
   * with a unit of work the call is one transaction; without one a failure part-way leaves the scenario held, and the
   * same call again completes it.
   *
   * @throws UnknownScenarioException when the scenario has no such version
   * @throws UnknownStepException when the version has no such step
   */
  public MoveReport moveSessions(String tenantId, SessionQuery query, int version, String stepId, String movedBy,
      boolean dryRun) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(query, "query must not be null");
    requireNonNull(stepId, "stepId must not be null");
    requireNonNull(movedBy, "movedBy must not be null");
    return moves.moveSessions(tenantId, query, version, stepId, movedBy, dryRun);
  }

  // ------------------------------------------------------------------------------------------- uncovered sessions

  /**
   * Sets, at run time, what happens to the tenant's sessions of {@code scenarioId} that are on an outdated version no
   * deployed plan chain covers ({@link UncoveredAction}), over the config's {@code [scenario_migration.uncovered]};
   * {@code null} falls back to the config. Kept by this engine, as its modes are. Strict mode overrides it.
   */
  public void setUncoveredAction(String tenantId, String scenarioId, UncoveredAction action) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(scenarioId, "scenarioId must not be null");
    engine.reconciler.uncovered().set(Engine.requireTenant(tenantId), Ids.require(IdKind.SCENARIO, scenarioId),
        action);
  }

  /** What happens to the tenant's sessions of {@code scenarioId} that no plan covers ({@link #setUncoveredAction}). */
  public UncoveredAction uncoveredAction(String tenantId, String scenarioId) {
    requireNonNull(tenantId, "tenantId must not be null");
    requireNonNull(scenarioId, "scenarioId must not be null");
    return engine.reconciler.uncovered().actionFor(tenantId, scenarioId);
  }
}
