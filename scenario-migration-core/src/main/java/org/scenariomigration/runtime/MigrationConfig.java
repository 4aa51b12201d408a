package org.scenariomigration.runtime;

import java.util.List;
import java.util.Objects;

/**
 * The {@code [scenario_migration]} configuration, immutable, with the documented defaults. Build one with
 * {@link #custom()} (or change one with {@link #toBuilder()}), or load the TOML layout with
 * {@link #fromToml(String)}.
 *
 * <table>
 *   <caption>Keys and defaults</caption>
 *   <tr><th>key</th><th>default</th></tr>
 *   <tr><td>{@code enabled}</td><td>true</td></tr>
 *   <tr><td>{@code mode}</td><td>"auto"</td></tr>
 *   <tr><td>{@code strict_action}</td><td>"exit_scenario"</td></tr>
 *   <tr><td>{@code deployment.auto_mark_sessions}</td><td>true</td></tr>
 *   <tr><td>{@code deployment.require_approval}</td><td>true</td></tr>
 *   <tr><td>{@code gap_fill.extraction_enabled}</td><td>true</td></tr>
 *   <tr><td>{@code gap_fill.extraction_confidence_threshold}</td><td>0.85</td></tr>
 *   <tr><td>{@code gap_fill.confirmation_threshold}</td><td>0.95</td></tr>
 *   <tr><td>{@code gap_fill.max_conversation_turns}</td><td>20</td></tr>
 *   <tr><td>{@code re_routing.enabled}</td><td>true</td></tr>
 *   <tr><td>{@code re_routing.notify_user}</td><td>true</td></tr>
 *   <tr><td>{@code re_routing.notification_template}</td>
 *       <td>"I have new instructions. Let me redirect our conversation."</td></tr>
 *   <tr><td>{@code re_routing.on_condition_error}</td><td>"keep"</td></tr>
 *   <tr><td>{@code checkpoints.block_teleport_past_checkpoint}</td><td>true</td></tr>
 *   <tr><td>{@code retention.version_retention_days}</td><td>7</td></tr>
 *   <tr><td>{@code retention.plan_retention_days}</td><td>30</td></tr>
 *   <tr><td>{@code retention.session_retention_days}</td><td>30</td></tr>
 *   <tr><td>{@code retention.journal_retention_days}</td><td>90</td></tr>
 *   <tr><td>{@code retention.visit_log_retention_days}</td><td>30</td></tr>
 *   <tr><td>{@code sessions.complete_at_final_step}</td><td>false</td></tr>
 *   <tr><td>{@code sessions.visit_log}</td><td>false</td></tr>
 *   <tr><td>{@code logging.log_migrations}</td><td>true</td></tr>
 *   <tr><td>{@code logging.log_gap_fills}</td><td>true</td></tr>
 *   <tr><td>{@code logging.log_re_routes}</td><td>true</td></tr>
 *   <tr><td>{@code logging.log_checkpoint_blocks}</td><td>true</td></tr>
 *   <tr><td>{@code relocation.exit_message}</td>
 *       <td>"This conversation has changed and has to start over."</td></tr>
 *   <tr><td>{@code relocation.without_safe_target}</td><td>"stay"</td></tr>
 *   <tr><td>{@code mode_refresh_seconds}</td><td>1</td></tr>
 *   <tr><td>{@code uncovered.default}</td><td>"migrate"</td></tr>
 *   <tr><td>{@code uncovered.<scenario id>}</td><td>(the default)</td></tr>
 * </table>
 */
public final class MigrationConfig {

  /** Default of {@code retention.visit_log_retention_days}: visit-log rows are kept 30 days. */
  public static final int DEFAULT_VISIT_LOG_RETENTION_DAYS = 30;
  /** Default of {@code retention.session_retention_days}: ended sessions are kept 30 days. */
  public static final int DEFAULT_SESSION_RETENTION_DAYS = 30;
  /** Default of {@code retention.journal_retention_days}: journal records are kept 90 days. */
  public static final int DEFAULT_JOURNAL_RETENTION_DAYS = 90;

  /** What a relocation does when no target is safe for a session. */
  public enum NoSafeTargetAction {
    /** Keep the session on its version, pinned, with every refusal in the journal. The safe default. */
    STAY,
    /** End the session's scenario with {@code relocation.exit_message}. */
    EXIT;

    /** The config name. */
    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a config name; {@link InvalidConfigException} naming the value when unknown. */
    public static NoSafeTargetAction fromConfig(String name) {
      for (NoSafeTargetAction a : values()) {
        if (a.configName().equals(name)) {
          return a;
        }
      }
      throw new InvalidConfigException("relocation.without_safe_target", name,
          "unknown scenario_migration.relocation.without_safe_target '" + name + "', expected stay or exit");
    }
  }

  /**
   * What a re-route does with a session for which a condition of a new fork cannot be evaluated (a value of the wrong
   * type, a missing nested field): never the fork's default branch.
   */
  public enum ConditionErrorAction {
    /** Keep the session where it is, on its version, with the warning in the journal. The safe default. */
    KEEP,
    /** Ask the customer for the fields the condition reads (once); if it still fails, keep the session. */
    ASK;

    /** The config name. */
    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a config name; {@link InvalidConfigException} naming the value when unknown. */
    public static ConditionErrorAction fromConfig(String name) {
      for (ConditionErrorAction a : values()) {
        if (a.configName().equals(name)) {
          return a;
        }
      }
      throw new InvalidConfigException("re_routing.on_condition_error", name,
          "unknown scenario_migration.re_routing.on_condition_error '" + name + "', expected keep or ask");
    }
  }

  /** What strict mode does with a session on an outdated version that no plan chain covers. */
  public enum StrictAction {
    /** Answer {@code exit_scenario}. */
    EXIT_SCENARIO,
    /** Throw {@link StrictModeException}. */
    EXCEPTION;

    /** The config name. */
    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a config name; {@link InvalidConfigException} naming the value when unknown. */
    public static StrictAction fromConfig(String name) {
      for (StrictAction a : values()) {
        if (a.configName().equals(name)) {
          return a;
        }
      }
      throw new InvalidConfigException("strict_action", name,
          "unknown scenario_migration.strict_action '" + name + "', expected exit_scenario or exception");
    }
  }

  /** Every setting at its default, as the class documentation lists them. */
  public static final MigrationConfig DEFAULTS = custom().build();

  private final boolean enabled;
  private final boolean autoMarkSessions;
  private final boolean requireApproval;
  private final boolean extractionEnabled;
  private final double extractionConfidenceThreshold;
  private final double confirmationThreshold;
  private final int maxConversationTurns;
  private final boolean reRoutingEnabled;
  private final boolean notifyUser;
  private final String notificationTemplate;
  private final boolean blockTeleportPastCheckpoint;
  private final int versionRetentionDays;
  private final int planRetentionDays;
  private final boolean logMigrations;
  private final boolean logGapFills;
  private final boolean logReRoutes;
  private final boolean logCheckpointBlocks;
  private final String exitMessage;
  private final MigrationMode mode;
  private final StrictAction strictAction;
  private final ConditionErrorAction onConditionError;
  private final NoSafeTargetAction withoutSafeTarget;
  private final int sessionRetentionDays;
  private final int journalRetentionDays;
  private final boolean completeAtFinalStep;
  private final boolean visitLog;
  private final int visitLogRetentionDays;
  private final int modeRefreshSeconds;
  private final UncoveredAction uncoveredDefault;
  private final java.util.Map<String, UncoveredAction> uncoveredByScenario;

  /** Validates every value at once; {@link InvalidConfigException} lists each bad key with its value. */
  private MigrationConfig(Builder b) {
    List<InvalidConfigException.Problem> errors = ConfigValidation.problems(b);
    if (!errors.isEmpty()) {
      throw new InvalidConfigException(errors);
    }
    this.enabled = b.enabled;
    this.autoMarkSessions = b.autoMarkSessions;
    this.requireApproval = b.requireApproval;
    this.extractionEnabled = b.extractionEnabled;
    this.extractionConfidenceThreshold = b.extractionConfidenceThreshold;
    this.confirmationThreshold = b.confirmationThreshold;
    this.maxConversationTurns = b.maxConversationTurns;
    this.reRoutingEnabled = b.reRoutingEnabled;
    this.notifyUser = b.notifyUser;
    this.notificationTemplate = b.notificationTemplate;
    this.blockTeleportPastCheckpoint = b.blockTeleportPastCheckpoint;
    this.versionRetentionDays = b.versionRetentionDays;
    this.planRetentionDays = b.planRetentionDays;
    this.logMigrations = b.logMigrations;
    this.logGapFills = b.logGapFills;
    this.logReRoutes = b.logReRoutes;
    this.logCheckpointBlocks = b.logCheckpointBlocks;
    this.exitMessage = b.exitMessage;
    this.mode = b.mode;
    this.strictAction = b.strictAction;
    this.onConditionError = b.onConditionError;
    this.withoutSafeTarget = b.withoutSafeTarget;
    this.sessionRetentionDays = b.sessionRetentionDays;
    this.journalRetentionDays = b.journalRetentionDays;
    this.completeAtFinalStep = b.completeAtFinalStep;
    this.visitLog = b.visitLog;
    this.visitLogRetentionDays = b.visitLogRetentionDays;
    this.modeRefreshSeconds = b.modeRefreshSeconds;
    this.uncoveredDefault = b.uncoveredDefault;
    this.uncoveredByScenario = com.google.common.collect.ImmutableSortedMap.copyOf(b.uncoveredByScenario);
  }

  /** The master switch: when false nothing is marked and reconcile always continues ({@code enabled}). */
  public boolean enabled() {
    return enabled;
  }

  /** Whether deploying marks sessions ({@code deployment.auto_mark_sessions}). */
  public boolean autoMarkSessions() {
    return autoMarkSessions;
  }

  /** Whether a plan must be approved before it is deployed ({@code deployment.require_approval}). */
  public boolean requireApproval() {
    return requireApproval;
  }

  /** Whether gap fill calls the extractor ({@code gap_fill.extraction_enabled}). */
  public boolean extractionEnabled() {
    return extractionEnabled;
  }

  /** The confidence from which an extracted value is used ({@code gap_fill.extraction_confidence_threshold}). */
  public double extractionConfidenceThreshold() {
    return extractionConfidenceThreshold;
  }

  /**
   * The confidence below which a used extracted value is confirmed with the customer ({@code
   * gap_fill.confirmation_threshold}).
   */
  public double confirmationThreshold() {
    return confirmationThreshold;
  }

  /** How many recent turns the extractor reads ({@code gap_fill.max_conversation_turns}). */
  public int maxConversationTurns() {
    return maxConversationTurns;
  }

  /** Whether re-routes may redirect sessions (otherwise they are treated as gap fills) ({@code re_routing.enabled}). */
  public boolean reRoutingEnabled() {
    return reRoutingEnabled;
  }

  /** Whether a re-route tells the customer ({@code re_routing.notify_user}). */
  public boolean notifyUser() {
    return notifyUser;
  }

  /** What a re-route tells the customer ({@code re_routing.notification_template}). */
  public String notificationTemplate() {
    return notificationTemplate;
  }

  /** Whether passed checkpoints block teleports ({@code checkpoints.block_teleport_past_checkpoint}). */
  public boolean blockTeleportPastCheckpoint() {
    return blockTeleportPastCheckpoint;
  }

  /** How long superseded versions are kept ({@code retention.version_retention_days}). */
  public int versionRetentionDays() {
    return versionRetentionDays;
  }

  /** How long finished plans are kept ({@code retention.plan_retention_days}). */
  public int planRetentionDays() {
    return planRetentionDays;
  }

  /** Log each applied migration ({@code logging.log_migrations}). */
  public boolean logMigrations() {
    return logMigrations;
  }

  /** Log each gap-filled field ({@code logging.log_gap_fills}). */
  public boolean logGapFills() {
    return logGapFills;
  }

  /** Log each re-route ({@code logging.log_re_routes}). */
  public boolean logReRoutes() {
    return logReRoutes;
  }

  /** Log each checkpoint block ({@code logging.log_checkpoint_blocks}). */
  public boolean logCheckpointBlocks() {
    return logCheckpointBlocks;
  }

  /** What an {@code exit_scenario} outcome tells the customer ({@code relocation.exit_message}). */
  public String exitMessage() {
    return exitMessage;
  }

  /**
   * The global mode at start-up ({@code mode}: {@code off}, {@code auto} or {@code strict}; default {@code auto});
   * {@link ScenarioMigration#setMode} changes it at run time.
   */
  public MigrationMode mode() {
    return mode;
  }

  /**
   * What strict mode does with a session that has no plan chain ({@code strict_action}: {@code exit_scenario}, the
   * default, or {@code exception}).
   */
  public StrictAction strictAction() {
    return strictAction;
  }

  /**
   * What a re-route does when a condition of a new fork cannot be evaluated for a session ({@code
   * re_routing.on_condition_error}: {@code keep}, the default, keeps the session where it is with a warning; {@code
   * ask} asks the customer for the fields the condition reads, once, and then keeps it).
   */
  public ConditionErrorAction onConditionError() {
    return onConditionError;
  }

  /**
   * What happens to a session that must be relocated (its step is gone) when no target is safe ({@code
   * relocation.without_safe_target}: {@code stay}, the default, keeps it on its version, pinned, journaled {@code
   * checkpoint_blocked} with every refusal; {@code exit} ends it with {@code relocation.exit_message}).
   */
  public NoSafeTargetAction withoutSafeTarget() {
    return withoutSafeTarget;
  }

  /**
   * How long an ended session (completed, abandoned, exited...) is kept after it ended, with its journal records;
   * {@link ScenarioMigration#purge} deletes it after that ({@code 0}: at the next purge) ({@code
   * retention.session_retention_days}).
   */
  public int sessionRetentionDays() {
    return sessionRetentionDays;
  }

  /**
   * How long a journal record is kept after it was written; {@link ScenarioMigration#purge} deletes it after that,
   * except the records a still-deployed plan needs for a rollback ({@code retention.journal_retention_days}).
   */
  public int journalRetentionDays() {
    return journalRetentionDays;
  }

  /**
   * Whether a session that reaches a step with no outgoing transition ({@code advance}, or a migration landing
   * there) is completed ({@code sessions.complete_at_final_step}, default {@code false}: such a step may still wait
   * for the customer, and a later version may add steps after it).
   */
  public boolean completeAtFinalStep() {
    return completeAtFinalStep;
  }

  /**
   * Whether every visit of every session is also appended to the full visit log ({@code sessions.visit_log}, default
   * {@code false}: off, nothing is written; see {@link ScenarioMigration#visits}).
   */
  public boolean visitLog() {
    return visitLog;
  }

  /**
   * How long a row of the visit log is kept after its visit ({@code retention.visit_log_retention_days}, default
   * 30); {@link ScenarioMigration#purge} deletes it after that, and with the ended session it belongs to.
   */
  public int visitLogRetentionDays() {
    return visitLogRetentionDays;
  }

  /**
   * How long an engine answers from its copy of the modes before it reads the shared mode store again
   * ({@code mode_refresh_seconds}, default 1): a mode set on another node is in force here at most this long after
   * it was stored. A change made through this engine is in force here at once.
   */
  public int modeRefreshSeconds() {
    return modeRefreshSeconds;
  }

  /**
   * What happens to a session on an outdated version that no deployed plan chain covers ({@code uncovered.default},
   * {@code migrate} by default), unless its scenario has an entry of its own ({@link #uncoveredByScenario()}).
   */
  public UncoveredAction uncoveredDefault() {
    return uncoveredDefault;
  }

  /** The scenarios with an entry of their own in {@code [scenario_migration.uncovered]}, by scenario id. */
  public java.util.Map<String, UncoveredAction> uncoveredByScenario() {
    return uncoveredByScenario;
  }

  /** The {@link UncoveredAction} of a scenario: its own entry, else {@code uncovered.default}. */
  public UncoveredAction uncoveredAction(String scenarioId) {
    UncoveredAction a = uncoveredByScenario.get(java.util.Objects.requireNonNull(scenarioId, "scenarioId"));
    return a == null ? uncoveredDefault : a;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof MigrationConfig o)) {
      return false;
    }
    return enabled == o.enabled
        && autoMarkSessions == o.autoMarkSessions
        && requireApproval == o.requireApproval
        && extractionEnabled == o.extractionEnabled
        && Double.compare(extractionConfidenceThreshold, o.extractionConfidenceThreshold) == 0
        && Double.compare(confirmationThreshold, o.confirmationThreshold) == 0
        && maxConversationTurns == o.maxConversationTurns
        && reRoutingEnabled == o.reRoutingEnabled
        && notifyUser == o.notifyUser
        && notificationTemplate.equals(o.notificationTemplate)
        && blockTeleportPastCheckpoint == o.blockTeleportPastCheckpoint
        && versionRetentionDays == o.versionRetentionDays
        && planRetentionDays == o.planRetentionDays
        && logMigrations == o.logMigrations
        && logGapFills == o.logGapFills
        && logReRoutes == o.logReRoutes
        && logCheckpointBlocks == o.logCheckpointBlocks
        && exitMessage.equals(o.exitMessage)
        && mode == o.mode
        && strictAction == o.strictAction
        && onConditionError == o.onConditionError
        && withoutSafeTarget == o.withoutSafeTarget
        && sessionRetentionDays == o.sessionRetentionDays
        && journalRetentionDays == o.journalRetentionDays
        && completeAtFinalStep == o.completeAtFinalStep
        && visitLog == o.visitLog
        && visitLogRetentionDays == o.visitLogRetentionDays
        && modeRefreshSeconds == o.modeRefreshSeconds
        && uncoveredDefault == o.uncoveredDefault
        && uncoveredByScenario.equals(o.uncoveredByScenario);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, autoMarkSessions, requireApproval, extractionEnabled, extractionConfidenceThreshold,
        confirmationThreshold, maxConversationTurns, reRoutingEnabled, notifyUser, notificationTemplate,
        blockTeleportPastCheckpoint, versionRetentionDays, planRetentionDays, logMigrations, logGapFills, logReRoutes,
        logCheckpointBlocks, exitMessage, mode, strictAction, onConditionError, withoutSafeTarget, sessionRetentionDays,
        journalRetentionDays, completeAtFinalStep, visitLog, visitLogRetentionDays, modeRefreshSeconds,
        uncoveredDefault, uncoveredByScenario);
  }

  /** Every setting by name, in the form a record prints. */
  @Override
  public String toString() {
    return "MigrationConfig[enabled=" + enabled
        + ", autoMarkSessions=" + autoMarkSessions
        + ", requireApproval=" + requireApproval
        + ", extractionEnabled=" + extractionEnabled
        + ", extractionConfidenceThreshold=" + extractionConfidenceThreshold
        + ", confirmationThreshold=" + confirmationThreshold
        + ", maxConversationTurns=" + maxConversationTurns
        + ", reRoutingEnabled=" + reRoutingEnabled
        + ", notifyUser=" + notifyUser
        + ", notificationTemplate=" + notificationTemplate
        + ", blockTeleportPastCheckpoint=" + blockTeleportPastCheckpoint
        + ", versionRetentionDays=" + versionRetentionDays
        + ", planRetentionDays=" + planRetentionDays
        + ", logMigrations=" + logMigrations
        + ", logGapFills=" + logGapFills
        + ", logReRoutes=" + logReRoutes
        + ", logCheckpointBlocks=" + logCheckpointBlocks
        + ", exitMessage=" + exitMessage
        + ", mode=" + mode
        + ", strictAction=" + strictAction
        + ", onConditionError=" + onConditionError
        + ", withoutSafeTarget=" + withoutSafeTarget
        + ", sessionRetentionDays=" + sessionRetentionDays
        + ", journalRetentionDays=" + journalRetentionDays
        + ", completeAtFinalStep=" + completeAtFinalStep
        + ", visitLog=" + visitLog
        + ", uncoveredDefault=" + uncoveredDefault
        + ", uncoveredByScenario=" + uncoveredByScenario
        + ", visitLogRetentionDays=" + visitLogRetentionDays
        + ", modeRefreshSeconds=" + modeRefreshSeconds + "]";
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.enabled = enabled;
    b.autoMarkSessions = autoMarkSessions;
    b.requireApproval = requireApproval;
    b.extractionEnabled = extractionEnabled;
    b.extractionConfidenceThreshold = extractionConfidenceThreshold;
    b.confirmationThreshold = confirmationThreshold;
    b.maxConversationTurns = maxConversationTurns;
    b.reRoutingEnabled = reRoutingEnabled;
    b.notifyUser = notifyUser;
    b.notificationTemplate = notificationTemplate;
    b.blockTeleportPastCheckpoint = blockTeleportPastCheckpoint;
    b.versionRetentionDays = versionRetentionDays;
    b.planRetentionDays = planRetentionDays;
    b.logMigrations = logMigrations;
    b.logGapFills = logGapFills;
    b.logReRoutes = logReRoutes;
    b.logCheckpointBlocks = logCheckpointBlocks;
    b.exitMessage = exitMessage;
    b.mode = mode;
    b.strictAction = strictAction;
    b.onConditionError = onConditionError;
    b.withoutSafeTarget = withoutSafeTarget;
    b.sessionRetentionDays = sessionRetentionDays;
    b.journalRetentionDays = journalRetentionDays;
    b.completeAtFinalStep = completeAtFinalStep;
    b.visitLog = visitLog;
    b.visitLogRetentionDays = visitLogRetentionDays;
    b.modeRefreshSeconds = modeRefreshSeconds;
    b.uncoveredDefault = uncoveredDefault;
    b.uncoveredByScenario.putAll(uncoveredByScenario);
    return b;
  }

  /**
   * Reads the TOML layout ({@code [scenario_migration]}, {@code [scenario_migration.gap_fill]} ...). Missing
   * keys keep their defaults; other top-level tables are ignored; an unknown key inside {@code [scenario_migration]}
   * or a value of the wrong type throws {@link InvalidConfigException} naming it.
   */
  public static MigrationConfig fromToml(String toml) {
    return ConfigFile.read(toml);
  }

  /** Builds a {@link MigrationConfig}; {@link #build()} validates every value at once. */
  public static final class Builder {
    // package-private: ConfigFile sets them from the file, ConfigValidation checks them
    boolean enabled = true;
    boolean autoMarkSessions = true;
    boolean requireApproval = true;
    boolean extractionEnabled = true;
    double extractionConfidenceThreshold = 0.85;
    double confirmationThreshold = 0.95;
    int maxConversationTurns = 20;
    boolean reRoutingEnabled = true;
    boolean notifyUser = true;
    String notificationTemplate = "I have new instructions. Let me redirect our conversation.";
    boolean blockTeleportPastCheckpoint = true;
    int versionRetentionDays = 7;
    int planRetentionDays = 30;
    boolean logMigrations = true;
    boolean logGapFills = true;
    boolean logReRoutes = true;
    boolean logCheckpointBlocks = true;
    String exitMessage = "This conversation has changed and has to start over.";
    MigrationMode mode = MigrationMode.AUTO;
    StrictAction strictAction = StrictAction.EXIT_SCENARIO;
    ConditionErrorAction onConditionError = ConditionErrorAction.KEEP;
    NoSafeTargetAction withoutSafeTarget = NoSafeTargetAction.STAY;
    int sessionRetentionDays = DEFAULT_SESSION_RETENTION_DAYS;
    int journalRetentionDays = DEFAULT_JOURNAL_RETENTION_DAYS;
    boolean completeAtFinalStep;
    boolean visitLog;
    int visitLogRetentionDays = DEFAULT_VISIT_LOG_RETENTION_DAYS;
    int modeRefreshSeconds = 1;
    UncoveredAction uncoveredDefault = UncoveredAction.MIGRATE;
    final java.util.Map<String, UncoveredAction> uncoveredByScenario = new java.util.TreeMap<>();

    private Builder() {}

    /** {@code enabled}. */
    public Builder enabled(boolean v) {
      enabled = v;
      return this;
    }

    /** {@code deployment.auto_mark_sessions}. */
    public Builder autoMarkSessions(boolean v) {
      autoMarkSessions = v;
      return this;
    }

    /** {@code deployment.require_approval}. */
    public Builder requireApproval(boolean v) {
      requireApproval = v;
      return this;
    }

    /** {@code gap_fill.extraction_enabled}. */
    public Builder extractionEnabled(boolean v) {
      extractionEnabled = v;
      return this;
    }

    /** {@code gap_fill.extraction_confidence_threshold}. */
    public Builder extractionConfidenceThreshold(double v) {
      extractionConfidenceThreshold = v;
      return this;
    }

    /** {@code gap_fill.confirmation_threshold}. */
    public Builder confirmationThreshold(double v) {
      confirmationThreshold = v;
      return this;
    }

    /** {@code gap_fill.max_conversation_turns}. */
    public Builder maxConversationTurns(int v) {
      maxConversationTurns = v;
      return this;
    }

    /** {@code re_routing.enabled}. */
    public Builder reRoutingEnabled(boolean v) {
      reRoutingEnabled = v;
      return this;
    }

    /** {@code re_routing.notify_user}. */
    public Builder notifyUser(boolean v) {
      notifyUser = v;
      return this;
    }

    /** {@code re_routing.notification_template}. */
    public Builder notificationTemplate(String v) {
      notificationTemplate = v;
      return this;
    }

    /** {@code checkpoints.block_teleport_past_checkpoint}. */
    public Builder blockTeleportPastCheckpoint(boolean v) {
      blockTeleportPastCheckpoint = v;
      return this;
    }

    /** {@code retention.version_retention_days}. */
    public Builder versionRetentionDays(int v) {
      versionRetentionDays = v;
      return this;
    }

    /** {@code retention.plan_retention_days}. */
    public Builder planRetentionDays(int v) {
      planRetentionDays = v;
      return this;
    }

    /** {@code logging.log_migrations}: whether each applied migration is logged. */
    public Builder logMigrations(boolean v) {
      logMigrations = v;
      return this;
    }

    /** {@code logging.log_gap_fills}: whether each gap-filled field is logged. */
    public Builder logGapFills(boolean v) {
      logGapFills = v;
      return this;
    }

    /** {@code logging.log_re_routes}: whether each re-route is logged. */
    public Builder logReRoutes(boolean v) {
      logReRoutes = v;
      return this;
    }

    /** {@code logging.log_checkpoint_blocks}: whether each checkpoint block is logged. */
    public Builder logCheckpointBlocks(boolean v) {
      logCheckpointBlocks = v;
      return this;
    }

    /** {@code relocation.exit_message}. */
    public Builder exitMessage(String v) {
      exitMessage = v;
      return this;
    }

    /** Validates every value at once and builds. */
    public MigrationConfig build() {
      return new MigrationConfig(this);
    }

    /** {@code sessions.visit_log}: whether every visit is also appended to the full visit log (default off). */
    public Builder visitLog(boolean v) {
      visitLog = v;
      return this;
    }

    /** {@code retention.visit_log_retention_days}: days a visit-log row is kept after its visit. */
    public Builder visitLogRetentionDays(int v) {
      visitLogRetentionDays = v;
      return this;
    }

    /** {@code sessions.complete_at_final_step}: whether reaching a step with no outgoing transition completes. */
    public Builder completeAtFinalStep(boolean v) {
      completeAtFinalStep = v;
      return this;
    }

    /** {@code retention.session_retention_days}: days an ended session is kept after it ended. */
    public Builder sessionRetentionDays(int v) {
      sessionRetentionDays = v;
      return this;
    }

    /** {@code retention.journal_retention_days}: days a journal record is kept after it was written. */
    public Builder journalRetentionDays(int v) {
      journalRetentionDays = v;
      return this;
    }

    /** {@code relocation.without_safe_target}: {@code stay} (default) or {@code exit}. */
    public Builder withoutSafeTarget(NoSafeTargetAction v) {
      withoutSafeTarget = java.util.Objects.requireNonNull(v, "withoutSafeTarget");
      return this;
    }

    /** {@code mode}: the global mode at start-up. */
    public Builder mode(MigrationMode v) {
      mode = java.util.Objects.requireNonNull(v, "mode");
      return this;
    }

    /** {@code strict_action}. */
    public Builder strictAction(StrictAction v) {
      strictAction = java.util.Objects.requireNonNull(v, "strictAction");
      return this;
    }

    /** {@code re_routing.on_condition_error}. */
    public Builder onConditionError(ConditionErrorAction v) {
      onConditionError = java.util.Objects.requireNonNull(v, "onConditionError");
      return this;
    }

    /** {@code mode_refresh_seconds}: how often, at most, an engine reads the shared modes again (1 to 3600). */
    public Builder modeRefreshSeconds(int v) {
      modeRefreshSeconds = v;
      return this;
    }

    /** {@code uncovered.default}: what happens to sessions no plan covers, in scenarios without an entry. */
    public Builder uncoveredDefault(UncoveredAction v) {
      uncoveredDefault = java.util.Objects.requireNonNull(v, "uncoveredDefault");
      return this;
    }

    /**
     * {@code uncovered.<scenario id>}: what happens to the sessions of {@code scenarioId} no plan covers;
     * {@code null} removes the entry.
     *
     * @throws org.scenariomigration.InvalidIdException when the scenario id breaks the id grammar
     */
    public Builder uncovered(String scenarioId, UncoveredAction v) {
      org.scenariomigration.Ids.require(org.scenariomigration.IdKind.SCENARIO, scenarioId);
      if (v == null) {
        uncoveredByScenario.remove(scenarioId);
      } else {
        uncoveredByScenario.put(scenarioId, v);
      }
      return this;
    }
  }
}
