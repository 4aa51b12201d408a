package org.scenariomigration.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The seed's {@code [scenario_migration]} configuration, immutable, with the seed's defaults. Build one with
 * {@link #custom()}, or load the seed's TOML layout with {@link #fromToml(String)}.
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
 * </table>
 *
 * @param enabled the master switch: when false nothing is marked and reconcile always continues
 * @param autoMarkSessions whether deploying marks sessions
 * @param requireApproval whether a plan must be approved before it is deployed
 * @param extractionEnabled whether gap fill calls the extractor
 * @param extractionConfidenceThreshold the confidence from which an extracted value is used
 * @param confirmationThreshold the confidence below which a used extracted value is confirmed with the customer
 * @param maxConversationTurns how many recent turns the extractor reads
 * @param reRoutingEnabled whether re-routes may redirect sessions (otherwise they are treated as gap fills)
 * @param notifyUser whether a re-route tells the customer
 * @param notificationTemplate what a re-route tells the customer
 * @param blockTeleportPastCheckpoint whether passed checkpoints block teleports
 * @param versionRetentionDays how long superseded versions are kept
 * @param planRetentionDays how long finished plans are kept
 * @param logMigrations log each applied migration
 * @param logGapFills log each gap-filled field
 * @param logReRoutes log each re-route
 * @param logCheckpointBlocks log each checkpoint block
 * @param exitMessage what an {@code exit_scenario} outcome tells the customer
 * @param mode the global mode at start-up ({@code mode}: {@code off}, {@code auto} or {@code strict}; default
 *     {@code auto}); {@link MigrationOperations#setMode} changes it at run time
 * @param strictAction what strict mode does with a session that has no plan chain ({@code strict_action}:
 *     {@code exit_scenario}, the default, or {@code exception})
 * @param onConditionError what a re-route does when a condition of a new fork cannot be evaluated for a session
 *     ({@code re_routing.on_condition_error}: {@code keep}, the default, keeps the session where it is with a
 *     warning; {@code ask} asks the customer for the fields the condition reads, once, and then keeps it)
 * @param withoutSafeTarget what happens to a session that must be relocated (its step is gone) when no target is safe
 *     ({@code relocation.without_safe_target}: {@code stay}, the default, keeps it on its version, pinned, journaled
 *     {@code checkpoint_blocked} with every refusal; {@code exit} ends it with {@code relocation.exit_message})
 * @param sessionRetentionDays how long an ended session (completed, abandoned, exited...) is kept after it ended,
 *     with its journal records; {@link MigrationOperations#purge} deletes it after that ({@code 0}: at the next purge)
 * @param journalRetentionDays how long a journal record is kept after it was written; {@link MigrationOperations#purge}
 *     deletes it after that, except the records a still-deployed plan needs for a rollback
 * @param completeAtFinalStep whether a session that reaches a step with no outgoing transition ({@code advance}, or a
 *     migration landing there) is completed ({@code sessions.complete_at_final_step}, default {@code false}: such a
 *     step may still wait for the customer, and a later version may add steps after it)
 * @param visitLog whether every visit of every session is also appended to the full visit log
 *     ({@code sessions.visit_log}, default {@code false}: off, nothing is written; see
 *     {@link ScenarioMigration#visits})
 * @param visitLogRetentionDays how long a row of the visit log is kept after its visit
 *     ({@code retention.visit_log_retention_days}, default 30); {@link MigrationOperations#purge} deletes it after
 *     that, and with the ended session it belongs to
 */
public record MigrationConfig(boolean enabled, boolean autoMarkSessions, boolean requireApproval,
    boolean extractionEnabled, double extractionConfidenceThreshold, double confirmationThreshold,
    int maxConversationTurns, boolean reRoutingEnabled, boolean notifyUser, String notificationTemplate,
    boolean blockTeleportPastCheckpoint, int versionRetentionDays, int planRetentionDays, boolean logMigrations,
    boolean logGapFills, boolean logReRoutes, boolean logCheckpointBlocks, String exitMessage, MigrationMode mode,
    StrictAction strictAction, ConditionErrorAction onConditionError, NoSafeTargetAction withoutSafeTarget,
    int sessionRetentionDays, int journalRetentionDays, boolean completeAtFinalStep, boolean visitLog,
    int visitLogRetentionDays) {

  /** Default of {@code retention.visit_log_retention_days}: visit-log rows are kept 30 days. */
  public static final int DEFAULT_VISIT_LOG_RETENTION_DAYS = 30;

  /** A config without the visit log ({@code sessions.visit_log = false}). */
  public MigrationConfig(boolean enabled, boolean autoMarkSessions, boolean requireApproval,
      boolean extractionEnabled, double extractionConfidenceThreshold, double confirmationThreshold,
      int maxConversationTurns, boolean reRoutingEnabled, boolean notifyUser, String notificationTemplate,
      boolean blockTeleportPastCheckpoint, int versionRetentionDays, int planRetentionDays, boolean logMigrations,
      boolean logGapFills, boolean logReRoutes, boolean logCheckpointBlocks, String exitMessage, MigrationMode mode,
      StrictAction strictAction, ConditionErrorAction onConditionError, NoSafeTargetAction withoutSafeTarget,
      int sessionRetentionDays, int journalRetentionDays, boolean completeAtFinalStep) {
    this(enabled, autoMarkSessions, requireApproval, extractionEnabled, extractionConfidenceThreshold,
        confirmationThreshold, maxConversationTurns, reRoutingEnabled, notifyUser, notificationTemplate,
        blockTeleportPastCheckpoint, versionRetentionDays, planRetentionDays, logMigrations, logGapFills, logReRoutes,
        logCheckpointBlocks, exitMessage, mode, strictAction, onConditionError, withoutSafeTarget,
        sessionRetentionDays, journalRetentionDays, completeAtFinalStep, false, DEFAULT_VISIT_LOG_RETENTION_DAYS);
  }

  /** Default of {@code retention.session_retention_days}: ended sessions are kept 30 days. */
  public static final int DEFAULT_SESSION_RETENTION_DAYS = 30;
  /** Default of {@code retention.journal_retention_days}: journal records are kept 90 days. */
  public static final int DEFAULT_JOURNAL_RETENTION_DAYS = 90;

  /** A config whose sessions do not complete at final steps ({@code sessions.complete_at_final_step = false}). */
  public MigrationConfig(boolean enabled, boolean autoMarkSessions, boolean requireApproval,
      boolean extractionEnabled, double extractionConfidenceThreshold, double confirmationThreshold,
      int maxConversationTurns, boolean reRoutingEnabled, boolean notifyUser, String notificationTemplate,
      boolean blockTeleportPastCheckpoint, int versionRetentionDays, int planRetentionDays, boolean logMigrations,
      boolean logGapFills, boolean logReRoutes, boolean logCheckpointBlocks, String exitMessage, MigrationMode mode,
      StrictAction strictAction, ConditionErrorAction onConditionError, NoSafeTargetAction withoutSafeTarget,
      int sessionRetentionDays, int journalRetentionDays) {
    this(enabled, autoMarkSessions, requireApproval, extractionEnabled, extractionConfidenceThreshold,
        confirmationThreshold, maxConversationTurns, reRoutingEnabled, notifyUser, notificationTemplate,
        blockTeleportPastCheckpoint, versionRetentionDays, planRetentionDays, logMigrations, logGapFills, logReRoutes,
        logCheckpointBlocks, exitMessage, mode, strictAction, onConditionError, withoutSafeTarget,
        sessionRetentionDays, journalRetentionDays, false);
  }

  /** A config with the default session and journal retention. */
  public MigrationConfig(boolean enabled, boolean autoMarkSessions, boolean requireApproval,
      boolean extractionEnabled, double extractionConfidenceThreshold, double confirmationThreshold,
      int maxConversationTurns, boolean reRoutingEnabled, boolean notifyUser, String notificationTemplate,
      boolean blockTeleportPastCheckpoint, int versionRetentionDays, int planRetentionDays, boolean logMigrations,
      boolean logGapFills, boolean logReRoutes, boolean logCheckpointBlocks, String exitMessage, MigrationMode mode,
      StrictAction strictAction, ConditionErrorAction onConditionError, NoSafeTargetAction withoutSafeTarget) {
    this(enabled, autoMarkSessions, requireApproval, extractionEnabled, extractionConfidenceThreshold,
        confirmationThreshold, maxConversationTurns, reRoutingEnabled, notifyUser, notificationTemplate,
        blockTeleportPastCheckpoint, versionRetentionDays, planRetentionDays, logMigrations, logGapFills, logReRoutes,
        logCheckpointBlocks, exitMessage, mode, strictAction, onConditionError, withoutSafeTarget,
        DEFAULT_SESSION_RETENTION_DAYS, DEFAULT_JOURNAL_RETENTION_DAYS, false);
  }

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
      throw new InvalidConfigException(
          "unknown scenario_migration.relocation.without_safe_target '" + name + "', expected stay or exit");
    }
  }

  /** A config with the default {@code relocation.without_safe_target} ({@code stay}). */
  public MigrationConfig(boolean enabled, boolean autoMarkSessions, boolean requireApproval,
      boolean extractionEnabled, double extractionConfidenceThreshold, double confirmationThreshold,
      int maxConversationTurns, boolean reRoutingEnabled, boolean notifyUser, String notificationTemplate,
      boolean blockTeleportPastCheckpoint, int versionRetentionDays, int planRetentionDays, boolean logMigrations,
      boolean logGapFills, boolean logReRoutes, boolean logCheckpointBlocks, String exitMessage, MigrationMode mode,
      StrictAction strictAction, ConditionErrorAction onConditionError) {
    this(enabled, autoMarkSessions, requireApproval, extractionEnabled, extractionConfidenceThreshold,
        confirmationThreshold, maxConversationTurns, reRoutingEnabled, notifyUser, notificationTemplate,
        blockTeleportPastCheckpoint, versionRetentionDays, planRetentionDays, logMigrations, logGapFills, logReRoutes,
        logCheckpointBlocks, exitMessage, mode, strictAction, onConditionError, NoSafeTargetAction.STAY);
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
      throw new InvalidConfigException(
          "unknown scenario_migration.re_routing.on_condition_error '" + name + "', expected keep or ask");
    }
  }

  /** A config with the default {@code re_routing.on_condition_error} ({@code keep}). */
  public MigrationConfig(boolean enabled, boolean autoMarkSessions, boolean requireApproval,
      boolean extractionEnabled, double extractionConfidenceThreshold, double confirmationThreshold,
      int maxConversationTurns, boolean reRoutingEnabled, boolean notifyUser, String notificationTemplate,
      boolean blockTeleportPastCheckpoint, int versionRetentionDays, int planRetentionDays, boolean logMigrations,
      boolean logGapFills, boolean logReRoutes, boolean logCheckpointBlocks, String exitMessage, MigrationMode mode,
      StrictAction strictAction) {
    this(enabled, autoMarkSessions, requireApproval, extractionEnabled, extractionConfidenceThreshold,
        confirmationThreshold, maxConversationTurns, reRoutingEnabled, notifyUser, notificationTemplate,
        blockTeleportPastCheckpoint, versionRetentionDays, planRetentionDays, logMigrations, logGapFills, logReRoutes,
        logCheckpointBlocks, exitMessage, mode, strictAction, ConditionErrorAction.KEEP);
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
      throw new InvalidConfigException(
          "unknown scenario_migration.strict_action '" + name + "', expected exit_scenario or exception");
    }
  }

  /** The seed's defaults. */
  public static final MigrationConfig DEFAULTS = custom().build();

  /** Validates every value at once; {@link InvalidConfigException} lists each bad key with its value. */
  public MigrationConfig {
    List<String> errors = problems(extractionConfidenceThreshold, confirmationThreshold, maxConversationTurns,
        versionRetentionDays, planRetentionDays, notificationTemplate, exitMessage);
    retentionProblems(errors, sessionRetentionDays, journalRetentionDays, visitLogRetentionDays);
    if (!errors.isEmpty()) {
      throw new InvalidConfigException("invalid scenario_migration config: " + String.join("; ", errors));
    }
    if (mode == null) {
      mode = MigrationMode.AUTO;
    }
    if (strictAction == null) {
      strictAction = StrictAction.EXIT_SCENARIO;
    }
    if (onConditionError == null) {
      onConditionError = ConditionErrorAction.KEEP;
    }
    if (withoutSafeTarget == null) {
      withoutSafeTarget = NoSafeTargetAction.STAY;
    }
  }

  private static List<String> problems(double extractionConfidenceThreshold, double confirmationThreshold,
      int maxConversationTurns, int versionRetentionDays, int planRetentionDays, String notificationTemplate,
      String exitMessage) {
    List<String> errors = new ArrayList<>();
    unit(errors, "gap_fill.extraction_confidence_threshold", extractionConfidenceThreshold);
    unit(errors, "gap_fill.confirmation_threshold", confirmationThreshold);
    if (extractionConfidenceThreshold > confirmationThreshold) {
      errors.add("gap_fill.extraction_confidence_threshold (" + extractionConfidenceThreshold
          + ") must not exceed gap_fill.confirmation_threshold (" + confirmationThreshold + ")");
    }
    if (maxConversationTurns < 1) {
      errors.add("gap_fill.max_conversation_turns must be at least 1 but was " + maxConversationTurns);
    }
    if (versionRetentionDays < 0) {
      errors.add("retention.version_retention_days must not be negative but was " + versionRetentionDays);
    }
    if (planRetentionDays < 0) {
      errors.add("retention.plan_retention_days must not be negative but was " + planRetentionDays);
    }
    if (notificationTemplate == null) {
      errors.add("re_routing.notification_template must not be null");
    }
    if (exitMessage == null) {
      errors.add("relocation.exit_message must not be null");
    }
    return errors;
  }

  private static void retentionProblems(List<String> errors, int sessionRetentionDays, int journalRetentionDays,
      int visitLogRetentionDays) {
    if (visitLogRetentionDays < 0) {
      errors.add("retention.visit_log_retention_days must not be negative but was " + visitLogRetentionDays);
    }
    if (sessionRetentionDays < 0) {
      errors.add("retention.session_retention_days must not be negative but was " + sessionRetentionDays);
    }
    if (journalRetentionDays < 0) {
      errors.add("retention.journal_retention_days must not be negative but was " + journalRetentionDays);
    }
  }

  private static void unit(List<String> errors, String key, double v) {
    if (!(v >= 0 && v <= 1)) {
      errors.add(key + " must be between 0 and 1 but was " + v);
    }
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
    return b;
  }

  private static final Map<String, Set<String>> KEYS = Map.of(
      "deployment", Set.of("auto_mark_sessions", "require_approval"),
      "gap_fill", Set.of("extraction_enabled", "extraction_confidence_threshold", "confirmation_threshold",
          "max_conversation_turns"),
      "re_routing", Set.of("enabled", "notify_user", "notification_template", "on_condition_error"),
      "checkpoints", Set.of("block_teleport_past_checkpoint"),
      "retention", Set.of("version_retention_days", "plan_retention_days", "session_retention_days",
          "journal_retention_days", "visit_log_retention_days"),
      "logging", Set.of("log_migrations", "log_gap_fills", "log_re_routes", "log_checkpoint_blocks"),
      "relocation", Set.of("exit_message", "without_safe_target"),
      "sessions", Set.of("complete_at_final_step", "visit_log"));

  /**
   * Reads the seed's TOML layout ({@code [scenario_migration]}, {@code [scenario_migration.gap_fill]} ...). Missing
   * keys keep their defaults; other top-level tables are ignored; an unknown key inside {@code [scenario_migration]}
   * or a value of the wrong type throws {@link InvalidConfigException} naming it.
   */
  public static MigrationConfig fromToml(String toml) {
    JsonNode root;
    try {
      ObjectMapper mapper = new TomlMapper();
      root = mapper.readTree(toml == null ? "" : toml);
    } catch (IOException e) {
      throw new InvalidConfigException("scenario_migration config is not valid TOML: " + e.getMessage(), e);
    }
    Builder b = custom();
    JsonNode sm = root == null ? null : root.get("scenario_migration");
    if (sm == null) {
      return b.build();
    }
    List<String> errors = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = sm.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String table = e.getKey();
      if (table.equals("enabled")) {
        b.enabled = bool(errors, "enabled", e.getValue(), b.enabled);
        continue;
      }
      if (table.equals("mode") || table.equals("strict_action")) {
        String name = text(errors, table, e.getValue(), null);
        if (name != null) {
          try {
            if (table.equals("mode")) {
              b.mode = MigrationMode.fromConfig(name);
            } else {
              b.strictAction = StrictAction.fromConfig(name);
            }
          } catch (InvalidConfigException ex) {
            errors.add(ex.getMessage());
          }
        }
        continue;
      }
      Set<String> allowed = KEYS.get(table);
      if (allowed == null || !e.getValue().isObject()) {
        errors.add("unknown key scenario_migration." + table);
        continue;
      }
      Iterator<Map.Entry<String, JsonNode>> kv = e.getValue().fields();
      while (kv.hasNext()) {
        Map.Entry<String, JsonNode> k = kv.next();
        String key = table + "." + k.getKey();
        if (!allowed.contains(k.getKey())) {
          errors.add("unknown key scenario_migration." + key);
          continue;
        }
        JsonNode v = k.getValue();
        switch (key) {
          case "deployment.auto_mark_sessions" -> b.autoMarkSessions = bool(errors, key, v, b.autoMarkSessions);
          case "deployment.require_approval" -> b.requireApproval = bool(errors, key, v, b.requireApproval);
          case "gap_fill.extraction_enabled" -> b.extractionEnabled = bool(errors, key, v, b.extractionEnabled);
          case "gap_fill.extraction_confidence_threshold" ->
              b.extractionConfidenceThreshold = num(errors, key, v, b.extractionConfidenceThreshold);
          case "gap_fill.confirmation_threshold" ->
              b.confirmationThreshold = num(errors, key, v, b.confirmationThreshold);
          case "gap_fill.max_conversation_turns" ->
              b.maxConversationTurns = integer(errors, key, v, b.maxConversationTurns);
          case "re_routing.enabled" -> b.reRoutingEnabled = bool(errors, key, v, b.reRoutingEnabled);
          case "re_routing.notify_user" -> b.notifyUser = bool(errors, key, v, b.notifyUser);
          case "re_routing.notification_template" ->
              b.notificationTemplate = text(errors, key, v, b.notificationTemplate);
          case "re_routing.on_condition_error" -> {
            String name = text(errors, key, v, null);
            if (name != null) {
              try {
                b.onConditionError = ConditionErrorAction.fromConfig(name);
              } catch (InvalidConfigException ex) {
                errors.add(ex.getMessage());
              }
            }
          }
          case "checkpoints.block_teleport_past_checkpoint" ->
              b.blockTeleportPastCheckpoint = bool(errors, key, v, b.blockTeleportPastCheckpoint);
          case "retention.version_retention_days" ->
              b.versionRetentionDays = integer(errors, key, v, b.versionRetentionDays);
          case "retention.plan_retention_days" -> b.planRetentionDays = integer(errors, key, v, b.planRetentionDays);
          case "sessions.complete_at_final_step" ->
              b.completeAtFinalStep = bool(errors, key, v, b.completeAtFinalStep);
          case "sessions.visit_log" -> b.visitLog = bool(errors, key, v, b.visitLog);
          case "retention.visit_log_retention_days" ->
              b.visitLogRetentionDays = integer(errors, key, v, b.visitLogRetentionDays);
          case "retention.session_retention_days" ->
              b.sessionRetentionDays = integer(errors, key, v, b.sessionRetentionDays);
          case "retention.journal_retention_days" ->
              b.journalRetentionDays = integer(errors, key, v, b.journalRetentionDays);
          case "logging.log_migrations" -> b.logMigrations = bool(errors, key, v, b.logMigrations);
          case "logging.log_gap_fills" -> b.logGapFills = bool(errors, key, v, b.logGapFills);
          case "logging.log_re_routes" -> b.logReRoutes = bool(errors, key, v, b.logReRoutes);
          case "logging.log_checkpoint_blocks" -> b.logCheckpointBlocks = bool(errors, key, v, b.logCheckpointBlocks);
          case "relocation.exit_message" -> b.exitMessage = text(errors, key, v, b.exitMessage);
          case "relocation.without_safe_target" -> {
            String name = text(errors, key, v, null);
            if (name != null) {
              try {
                b.withoutSafeTarget = NoSafeTargetAction.fromConfig(name);
              } catch (InvalidConfigException ex) {
                errors.add(ex.getMessage());
              }
            }
          }
          default -> errors.add("unknown key scenario_migration." + key);
        }
      }
    }
    if (!errors.isEmpty()) {
      // report the range errors of the values that did parse too: every error at once
      errors.addAll(problems(b.extractionConfidenceThreshold, b.confirmationThreshold, b.maxConversationTurns,
          b.versionRetentionDays, b.planRetentionDays, b.notificationTemplate, b.exitMessage));
      retentionProblems(errors, b.sessionRetentionDays, b.journalRetentionDays, b.visitLogRetentionDays);
      throw new InvalidConfigException("invalid scenario_migration config: " + String.join("; ", errors));
    }
    return b.build();
  }

  private static boolean bool(List<String> errors, String key, JsonNode v, boolean fallback) {
    if (!v.isBoolean()) {
      errors.add("scenario_migration." + key + " must be true or false but was " + v);
      return fallback;
    }
    return v.booleanValue();
  }

  private static double num(List<String> errors, String key, JsonNode v, double fallback) {
    if (!v.isNumber()) {
      errors.add("scenario_migration." + key + " must be a number but was " + v);
      return fallback;
    }
    return v.doubleValue();
  }

  private static int integer(List<String> errors, String key, JsonNode v, int fallback) {
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      errors.add("scenario_migration." + key + " must be an integer but was " + v);
      return fallback;
    }
    return v.intValue();
  }

  private static String text(List<String> errors, String key, JsonNode v, String fallback) {
    if (!v.isTextual()) {
      errors.add("scenario_migration." + key + " must be a string but was " + v);
      return fallback;
    }
    return v.textValue();
  }

  /** Builds a {@link MigrationConfig}; {@link #build()} validates every value at once. */
  public static final class Builder {
    private boolean enabled = true;
    private boolean autoMarkSessions = true;
    private boolean requireApproval = true;
    private boolean extractionEnabled = true;
    private double extractionConfidenceThreshold = 0.85;
    private double confirmationThreshold = 0.95;
    private int maxConversationTurns = 20;
    private boolean reRoutingEnabled = true;
    private boolean notifyUser = true;
    private String notificationTemplate = "I have new instructions. Let me redirect our conversation.";
    private boolean blockTeleportPastCheckpoint = true;
    private int versionRetentionDays = 7;
    private int planRetentionDays = 30;
    private boolean logMigrations = true;
    private boolean logGapFills = true;
    private boolean logReRoutes = true;
    private boolean logCheckpointBlocks = true;
    private String exitMessage = "This conversation has changed and has to start over.";
    private MigrationMode mode = MigrationMode.AUTO;
    private StrictAction strictAction = StrictAction.EXIT_SCENARIO;
    private ConditionErrorAction onConditionError = ConditionErrorAction.KEEP;
    private NoSafeTargetAction withoutSafeTarget = NoSafeTargetAction.STAY;
    private int sessionRetentionDays = DEFAULT_SESSION_RETENTION_DAYS;
    private int journalRetentionDays = DEFAULT_JOURNAL_RETENTION_DAYS;
    private boolean completeAtFinalStep;
    private boolean visitLog;
    private int visitLogRetentionDays = DEFAULT_VISIT_LOG_RETENTION_DAYS;

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

    /** {@code logging.*}: all four toggles at once. */
    public Builder logging(boolean migrations, boolean gapFills, boolean reRoutes, boolean checkpointBlocks) {
      logMigrations = migrations;
      logGapFills = gapFills;
      logReRoutes = reRoutes;
      logCheckpointBlocks = checkpointBlocks;
      return this;
    }

    /** {@code relocation.exit_message}. */
    public Builder exitMessage(String v) {
      exitMessage = v;
      return this;
    }

    /** Validates every value at once and builds. */
    public MigrationConfig build() {
      return new MigrationConfig(enabled, autoMarkSessions, requireApproval, extractionEnabled,
          extractionConfidenceThreshold, confirmationThreshold, maxConversationTurns, reRoutingEnabled, notifyUser,
          notificationTemplate, blockTeleportPastCheckpoint, versionRetentionDays, planRetentionDays, logMigrations,
          logGapFills, logReRoutes, logCheckpointBlocks, exitMessage, mode, strictAction, onConditionError,
          withoutSafeTarget, sessionRetentionDays, journalRetentionDays, completeAtFinalStep, visitLog,
          visitLogRetentionDays);
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
  }
}
