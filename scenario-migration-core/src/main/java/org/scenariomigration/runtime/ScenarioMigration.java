package org.scenariomigration.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scenariomigration.model.AnchorPolicy;
import org.scenariomigration.model.AnchorTransformation;
import org.scenariomigration.model.DeletedStep;
import org.scenariomigration.model.MigrationPlan;
import org.scenariomigration.model.MigrationPlanner;
import org.scenariomigration.model.PlanRequest;
import org.scenariomigration.model.PlanStatus;
import org.scenariomigration.model.ScenarioVersion;
import org.scenariomigration.model.ScopeFilter;
import org.scenariomigration.model.Step;
import org.scenariomigration.model.StepMapping;
import org.scenariomigration.spi.ConcurrentUpdateException;
import org.scenariomigration.spi.Extractor;
import org.scenariomigration.spi.InMemoryPlanStore;
import org.scenariomigration.spi.InMemoryProfileStore;
import org.scenariomigration.spi.InMemoryScenarioStore;
import org.scenariomigration.spi.InMemorySessionStore;
import org.scenariomigration.spi.MarkCriteria;
import org.scenariomigration.spi.PendingMigration;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.spi.SessionState;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.spi.StepVisit;

/**
 * The library's entry point: hosts report session progress, operators generate, review, approve and deploy plans, and
 * every incoming message goes through {@link #reconcile(String, String)} first.
 *
 * <pre>{@code
 * ScenarioMigration migration = ScenarioMigration.builder().build();   // in-memory stores, seed defaults
 * migration.publish("tenant-1", v1);
 * migration.startSession("tenant-1", "s-1", "customer-9", "whatsapp", "order-flow");
 * migration.advance("tenant-1", "s-1", "checkout");
 *
 * MigrationPlan plan = migration.generatePlan("tenant-1", v2, "operator@example.com");
 * migration.approve("tenant-1", plan.id(), "lead@example.com");
 * migration.deploy("tenant-1", plan.id());                             // marks sessions, moves none
 *
 * Outcome outcome = migration.reconcile("tenant-1", "s-1");            // before processing each message
 * }</pre>
 *
 * <p>Thread-safe. It starts no threads of its own.
 */
public final class ScenarioMigration {
  private final MigrationConfig config;
  private final ScenarioStore scenarios;
  private final PlanStore plans;
  private final SessionStore sessions;
  private final Clock clock;
  private final MigrationPlanner planner;
  private final Reconciler reconciler;

  private ScenarioMigration(Builder b) {
    this.config = b.config;
    this.scenarios = b.scenarioStore;
    this.plans = b.planStore;
    this.sessions = b.sessionStore;
    this.clock = b.clock;
    this.planner = MigrationPlanner.builder().clock(b.clock).build();
    this.reconciler = new Reconciler(b.config, b.scenarioStore, b.planStore, b.sessionStore, b.profileStore,
        b.extractor, b.clock, planner);
  }

  /** A builder with in-memory stores, no extractor, the system UTC clock and the seed's default config. */
  public static Builder builder() {
    return new Builder();
  }

  /** The configuration. */
  public MigrationConfig config() {
    return config;
  }

  // ------------------------------------------------------------------------------------------- hot path

  /**
   * Call before processing every incoming message. When nothing is pending it does one session read and one
   * current-version look-up, allocates nothing and answers {@link Outcome#CONTINUE}. When a migration is pending it
   * applies it (exactly once, even under concurrent calls) or tells the host what it needs first.
   *
   * @throws UnknownSessionException when the tenant has no such session
   */
  public Outcome reconcile(String tenantId, String sessionId) {
    return reconciler.reconcile(tenantId, sessionId);
  }

  // ------------------------------------------------------------------------------------------- scenarios

  /**
   * Stores a version; the first version of a scenario becomes current. Later versions become current when a plan to
   * them is deployed, or with {@link #makeCurrent}.
   */
  public void publish(String tenantId, ScenarioVersion version) {
    requireNonNull(version, "version");
    scenarios.save(requireTenant(tenantId), version);
    if (scenarios.currentVersion(tenantId, version.scenarioId()) == 0) {
      scenarios.setCurrentVersion(tenantId, version.scenarioId(), version.version());
    }
  }

  /** Makes a stored version current without a plan: sessions on older versions are relocated at their next message. */
  public void makeCurrent(String tenantId, String scenarioId, int version) {
    requireVersion(tenantId, scenarioId, version);
    scenarios.setCurrentVersion(tenantId, scenarioId, version);
  }

  /** The current version of a scenario. */
  public ScenarioVersion currentVersion(String tenantId, String scenarioId) {
    int v = scenarios.currentVersion(requireTenant(tenantId), scenarioId);
    if (v == 0) {
      throw new UnknownScenarioException("tenant '" + tenantId + "' has no scenario '" + scenarioId + "'");
    }
    return requireVersion(tenantId, scenarioId, v);
  }

  private ScenarioVersion requireVersion(String tenantId, String scenarioId, int version) {
    return reconciler.version(tenantId, scenarioId, version).orElseThrow(() -> new UnknownScenarioException(
        "tenant '" + tenantId + "' has no version " + version + " of scenario '" + scenarioId + "'"));
  }

  // ------------------------------------------------------------------------------------------- sessions

  /** Starts a session at the start step of the scenario's current version. */
  public SessionState startSession(String tenantId, String sessionId, String customerId, String channel,
      String scenarioId) {
    ScenarioVersion v = currentVersion(tenantId, scenarioId);
    Instant now = clock.instant();
    Step start = v.requireStep(v.startStepId());
    SessionState s = new SessionState(tenantId, requireNonNull(sessionId, "sessionId"), customerId, channel, now,
        scenarioId, v.version(), v.checksum(), start.id(), List.of(StepVisit.of(start, now)), Map.of(), null,
        null, false, 0);
    return sessions.insert(s);
  }

  /** The session's state. */
  public SessionState session(String tenantId, String sessionId) {
    return sessions.find(tenantId, sessionId).orElseThrow(() -> new UnknownSessionException(tenantId, sessionId));
  }

  /**
   * Records that the session reached {@code stepId} of its current version.
   *
   * @throws UnknownScenarioException when the session's version has no such step
   */
  public SessionState advance(String tenantId, String sessionId, String stepId) {
    return retry(tenantId, sessionId, s -> {
      ScenarioVersion v = requireVersion(tenantId, s.scenarioId(), s.version());
      Step step = v.step(stepId).orElseThrow(() -> new UnknownScenarioException("scenario '" + s.scenarioId()
          + "' version " + s.version() + " has no step '" + stepId + "' (session '" + sessionId + "')"));
      return s.withVisit(StepVisit.of(step, clock.instant()));
    });
  }

  /** Merges variables into the session. */
  public SessionState setVariables(String tenantId, String sessionId, Map<String, ?> variables) {
    requireNonNull(variables, "variables");
    return retry(tenantId, sessionId, s -> s.withVariables(variables));
  }

  private SessionState retry(String tenantId, String sessionId,
      java.util.function.UnaryOperator<SessionState> change) {
    for (int attempt = 1; ; attempt++) {
      SessionState s = session(tenantId, sessionId);
      try {
        return sessions.update(change.apply(s), s.revision());
      } catch (ConcurrentUpdateException e) {
        if (attempt >= 8) {
          throw e;
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------- plans

  /** Stores {@code newVersion} (not current yet) and generates a plan from the current version to it. */
  public MigrationPlan generatePlan(String tenantId, ScenarioVersion newVersion, String createdBy) {
    return generatePlan(tenantId, newVersion, createdBy, List.of());
  }

  /** Like {@link #generatePlan(String, ScenarioVersion, String)}, with manual step mappings. */
  public MigrationPlan generatePlan(String tenantId, ScenarioVersion newVersion, String createdBy,
      List<StepMapping> manualMappings) {
    ScenarioVersion from = currentVersion(tenantId, newVersion.scenarioId());
    PlanRequest.Builder req = PlanRequest.builder(tenantId, from, newVersion).createdBy(createdBy);
    manualMappings.forEach(m -> req.map(m.fromStepId(), m.toStepId()));
    MigrationPlan plan = planner.plan(req.build());
    scenarios.save(tenantId, newVersion);
    plan = plan.withEstimatedSessionsAffected(estimate(plan));
    plans.insert(plan);
    return plan;
  }

  private long estimate(MigrationPlan plan) {
    long n = 0;
    for (SessionState s : sessions.findAtVersion(plan.tenantId(), plan.scenarioId(), plan.fromVersion(),
        Integer.MAX_VALUE)) {
      if (s.pending() == null && !s.settledPlans().contains(plan.id())) {
        n++;
      }
    }
    return n;
  }

  /** A plan by id. */
  public MigrationPlan plan(String tenantId, String planId) {
    return plans.find(requireTenant(tenantId), planId).orElseThrow(() -> new UnknownPlanException(tenantId, planId));
  }

  /** Replaces policies of a pending plan; the summary is recomputed. */
  public MigrationPlan updatePolicies(String tenantId, String planId, Map<String, AnchorPolicy> policies) {
    MigrationPlan p = plan(tenantId, planId);
    if (p.status() != PlanStatus.PENDING) {
      throw new IllegalPlanStatusException(planId, "update policies of", p.status(), "pending");
    }
    MigrationPlan changed = p.withPolicies(policies);
    plans.replace(changed, PlanStatus.PENDING);
    return changed;
  }

  /** Approves a pending plan. */
  public MigrationPlan approve(String tenantId, String planId, String approvedBy) {
    MigrationPlan p = plan(tenantId, planId);
    if (p.status() != PlanStatus.PENDING) {
      throw new IllegalPlanStatusException(planId, "approve", p.status(), "pending");
    }
    MigrationPlan approved = p.withApproval(requireNonNull(approvedBy, "approvedBy"), clock.instant());
    plans.replace(approved, PlanStatus.PENDING);
    return approved;
  }

  /** Rejects a pending or approved plan. */
  public MigrationPlan reject(String tenantId, String planId) {
    MigrationPlan p = plan(tenantId, planId);
    if (p.status() != PlanStatus.PENDING && p.status() != PlanStatus.APPROVED) {
      throw new IllegalPlanStatusException(planId, "reject", p.status(), "pending, approved");
    }
    MigrationPlan rejected = p.withStatus(PlanStatus.REJECTED);
    plans.replace(rejected, p.status());
    return rejected;
  }

  /**
   * Deploys an approved plan (or a pending one when {@code require_approval} is false): the target version becomes
   * current for new sessions, any other deployed plan of the scenario becomes superseded, and eligible sessions are
   * marked (when {@code auto_mark_sessions} is true). No session is moved.
   */
  public DeploymentResult deploy(String tenantId, String planId) {
    MigrationPlan p = plan(tenantId, planId);
    boolean allowed = p.status() == PlanStatus.APPROVED
        || (p.status() == PlanStatus.PENDING && !config.requireApproval());
    if (!allowed) {
      throw new IllegalPlanStatusException(planId, "deploy", p.status(),
          config.requireApproval() ? "approved" : "pending, approved");
    }
    if (scenarios.currentVersion(tenantId, p.scenarioId()) != p.fromVersion()) {
      throw new IllegalPlanStatusException(planId, "deploy (current version of '" + p.scenarioId() + "' is "
          + scenarios.currentVersion(tenantId, p.scenarioId()) + ", the plan starts from " + p.fromVersion() + ")",
          p.status(), "a plan from the current version");
    }
    requireVersion(tenantId, p.scenarioId(), p.toVersion());
    Instant now = clock.instant();
    MigrationPlan deployed = p.withDeployment(now);
    plans.replace(deployed, p.status());
    for (MigrationPlan other : plans.forScenario(tenantId, p.scenarioId())) {
      if (!other.id().equals(planId) && other.status() == PlanStatus.DEPLOYED) {
        plans.replace(other.withStatus(PlanStatus.SUPERSEDED), PlanStatus.DEPLOYED);
        if (other.fromVersion() == p.fromVersion()) {
          sessions.unmark(tenantId, other.id());
        }
        reconciler.invalidate(tenantId, p.scenarioId(), other.id());
      }
    }
    scenarios.setCurrentVersion(tenantId, p.scenarioId(), p.toVersion());
    reconciler.invalidate(tenantId, p.scenarioId(), planId);
    Map<String, Long> byAnchor = config.enabled() && config.autoMarkSessions() ? mark(deployed, now, 100)
        : Map.of();
    long total = byAnchor.values().stream().mapToLong(Long::longValue).sum();
    return new DeploymentResult(planId, total, byAnchor, now);
  }

  /** Marks the sessions of a deployed plan (for hosts that set {@code auto_mark_sessions = false}). */
  public DeploymentResult markSessions(String tenantId, String planId) {
    MigrationPlan p = plan(tenantId, planId);
    if (p.status() != PlanStatus.DEPLOYED) {
      throw new IllegalPlanStatusException(planId, "mark sessions of", p.status(), "deployed");
    }
    Map<String, Long> byAnchor = mark(p, clock.instant(), 100);
    return new DeploymentResult(planId, byAnchor.values().stream().mapToLong(Long::longValue).sum(), byAnchor,
        p.deployedAt());
  }

  private Map<String, Long> mark(MigrationPlan p, Instant now, int percent) {
    Map<String, Long> byAnchor = new LinkedHashMap<>();
    for (AnchorTransformation a : p.transformationMap().anchors()) {
      AnchorPolicy policy = p.policyFor(a);
      int n = sessions.mark(new MarkCriteria(p.tenantId(), p.scenarioId(), p.fromVersion(), a.fromStepId(),
          policy.scopeFilter(), now, new PendingMigration(p.id(), a.anchorContentHash(), p.toVersion(), now, null),
          percent));
      byAnchor.merge(a.anchorContentHash(), (long) n, Long::sum);
    }
    for (DeletedStep d : p.transformationMap().deletedSteps()) {
      String key = d.relocateToAnchorHash() == null ? "exit" : d.relocateToAnchorHash();
      int n = sessions.mark(new MarkCriteria(p.tenantId(), p.scenarioId(), p.fromVersion(), d.stepId(),
          ScopeFilter.ALL, now, new PendingMigration(p.id(), d.relocateToAnchorHash(), p.toVersion(), now, null),
          percent));
      byAnchor.merge(key, (long) n, Long::sum);
    }
    byAnchor.values().removeIf(v -> v == 0);
    return byAnchor;
  }

  private static String requireTenant(String tenantId) {
    requireNonNull(tenantId, "tenantId");
    if (tenantId.isBlank()) {
      throw new IllegalArgumentException("tenant id must not be blank but was '" + tenantId + "'");
    }
    return tenantId;
  }

  /** Builds a {@link ScenarioMigration}; every store defaults to its in-memory implementation. */
  public static final class Builder {
    private MigrationConfig config = MigrationConfig.DEFAULTS;
    private ScenarioStore scenarioStore;
    private PlanStore planStore;
    private SessionStore sessionStore;
    private ProfileStore profileStore;
    private Extractor extractor = Extractor.NONE;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The configuration; the seed's defaults when not set. */
    public Builder config(MigrationConfig config) {
      this.config = requireNonNull(config, "config");
      return this;
    }

    /** The scenario store. */
    public Builder scenarioStore(ScenarioStore store) {
      this.scenarioStore = requireNonNull(store, "scenarioStore");
      return this;
    }

    /** The plan store. */
    public Builder planStore(PlanStore store) {
      this.planStore = requireNonNull(store, "planStore");
      return this;
    }

    /** The session store (which also writes the journal). */
    public Builder sessionStore(SessionStore store) {
      this.sessionStore = requireNonNull(store, "sessionStore");
      return this;
    }

    /** The customer profile store. */
    public Builder profileStore(ProfileStore store) {
      this.profileStore = requireNonNull(store, "profileStore");
      return this;
    }

    /** The conversation extractor; {@link Extractor#NONE} by default. */
    public Builder extractor(Extractor extractor) {
      this.extractor = requireNonNull(extractor, "extractor");
      return this;
    }

    /** The clock; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the engine. */
    public ScenarioMigration build() {
      if (scenarioStore == null) {
        scenarioStore = new InMemoryScenarioStore();
      }
      if (planStore == null) {
        planStore = new InMemoryPlanStore();
      }
      if (sessionStore == null) {
        sessionStore = new InMemorySessionStore();
      }
      if (profileStore == null) {
        profileStore = new InMemoryProfileStore();
      }
      return new ScenarioMigration(this);
    }
  }
}
