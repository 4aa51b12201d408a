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
import java.util.function.Function;
import java.util.function.Supplier;
import org.scenariomigration.runtime.MigrationConfig.Builder;
import org.scenariomigration.runtime.MigrationConfig.ConditionErrorAction;
import org.scenariomigration.runtime.MigrationConfig.NoSafeTargetAction;
import org.scenariomigration.runtime.MigrationConfig.StrictAction;

/** The TOML layout of a {@link MigrationConfig} ({@link MigrationConfig#fromToml}): its keys and how each is read. */
final class ConfigFile {
  /** The keys of each table of {@code [scenario_migration]}. */
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

  private ConfigFile() {}

  /** See {@link MigrationConfig#fromToml}. */
  static MigrationConfig read(String toml) {
    JsonNode root;
    try {
      ObjectMapper mapper = new TomlMapper();
      root = mapper.readTree(toml == null ? "" : toml);
    } catch (IOException e) {
      throw new InvalidConfigException(null, null, "scenario_migration config is not valid TOML: " + e.getMessage(),
          e);
    }
    Builder b = MigrationConfig.custom();
    JsonNode sm = root == null ? null : root.get("scenario_migration");
    if (sm == null) {
      return b.build();
    }
    List<InvalidConfigException.Problem> errors = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = sm.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String table = e.getKey();
      if (table.equals("enabled")) {
        b.enabled = bool(errors, "enabled", e.getValue(), b.enabled);
        continue;
      }
      if (table.equals("mode")) {
        b.mode = choice(errors, table, e.getValue(), MigrationMode::fromConfig, b.mode);
        continue;
      }
      if (table.equals("mode_refresh_seconds")) {
        b.modeRefreshSeconds = integer(errors, table, e.getValue(), b.modeRefreshSeconds);
        continue;
      }
      if (table.equals("strict_action")) {
        b.strictAction = choice(errors, table, e.getValue(), StrictAction::fromConfig, b.strictAction);
        continue;
      }
      if (table.equals("uncovered") && e.getValue().isObject()) {
        uncovered(errors, b, e.getValue());
        continue;
      }
      Set<String> allowed = KEYS.get(table);
      if (allowed == null || !e.getValue().isObject()) {
        problem(errors, table, e.getValue(), "unknown key scenario_migration." + table);
        continue;
      }
      Iterator<Map.Entry<String, JsonNode>> kv = e.getValue().fields();
      while (kv.hasNext()) {
        Map.Entry<String, JsonNode> k = kv.next();
        String key = table + "." + k.getKey();
        if (!allowed.contains(k.getKey())) {
          problem(errors, key, k.getValue(), "unknown key scenario_migration." + key);
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
          case "re_routing.on_condition_error" ->
              b.onConditionError = choice(errors, key, v, ConditionErrorAction::fromConfig, b.onConditionError);
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
          case "relocation.without_safe_target" ->
              b.withoutSafeTarget = choice(errors, key, v, NoSafeTargetAction::fromConfig, b.withoutSafeTarget);
          default -> problem(errors, key, v, "unknown key scenario_migration." + key);
        }
      }
    }
    // the range errors of the values that did parse too: every error at once
    errors.addAll(ConfigValidation.problems(b));
    if (!errors.isEmpty()) {
      throw new InvalidConfigException(errors);
    }
    return b.build();
  }

  /**
   * {@code [scenario_migration.uncovered]}: {@code default} and one entry per scenario id, each a choice of
   * {@link UncoveredAction}; an unknown choice or a bad scenario id is a problem naming the key and the value.
   */
  private static void uncovered(List<InvalidConfigException.Problem> errors, Builder b, JsonNode table) {
    Iterator<Map.Entry<String, JsonNode>> kv = table.fields();
    while (kv.hasNext()) {
      Map.Entry<String, JsonNode> k = kv.next();
      String key = "uncovered." + k.getKey();
      UncoveredAction a = choice(errors, key, k.getValue(), name -> UncoveredAction.fromConfig(key, name), null);
      if (a == null) {
        continue;
      }
      if (k.getKey().equals("default")) {
        b.uncoveredDefault = a;
      } else if (org.scenariomigration.Ids.isValid(k.getKey())) {
        b.uncoveredByScenario.put(k.getKey(), a);
      } else {
        problem(errors, key, k.getValue(), "scenario_migration." + key + " does not name a scenario: '"
            + k.getKey() + "' breaks the id grammar");
      }
    }
  }

  private static boolean bool(List<InvalidConfigException.Problem> errors, String key, JsonNode v, boolean fallback) {
    return typed(errors, key, v, v.isBoolean(), "true or false", v::booleanValue, fallback);
  }

  private static double num(List<InvalidConfigException.Problem> errors, String key, JsonNode v, double fallback) {
    return typed(errors, key, v, v.isNumber(), "a number", v::doubleValue, fallback);
  }

  private static int integer(List<InvalidConfigException.Problem> errors, String key, JsonNode v, int fallback) {
    return typed(errors, key, v, v.isIntegralNumber() && v.canConvertToInt(), "an integer", v::intValue, fallback);
  }

  private static String text(List<InvalidConfigException.Problem> errors, String key, JsonNode v, String fallback) {
    return typed(errors, key, v, v.isTextual(), "a string", v::textValue, fallback);
  }

  /** The value {@code read} gives when {@code v} is of the right type ({@code ok}), else a problem and the fallback. */
  private static <T> T typed(List<InvalidConfigException.Problem> errors, String key, JsonNode v, boolean ok,
      String expected, Supplier<T> read, T fallback) {
    if (!ok) {
      problem(errors, key, v, "scenario_migration." + key + " must be " + expected + " but was " + v);
      return fallback;
    }
    return read.get();
  }

  /** A name {@code parse} knows (whose problem it throws as {@link InvalidConfigException}), else the fallback. */
  private static <T> T choice(List<InvalidConfigException.Problem> errors, String key, JsonNode v,
      Function<String, T> parse, T fallback) {
    String name = text(errors, key, v, null);
    if (name == null) {
      return fallback;
    }
    try {
      return parse.apply(name);
    } catch (InvalidConfigException ex) {
      errors.addAll(ex.problems());
      return fallback;
    }
  }

  /** Adds the problem of {@code key}, its value as the file spells it (a string without its quotes). */
  private static void problem(List<InvalidConfigException.Problem> errors, String key, JsonNode v, String message) {
    ConfigValidation.problem(errors, key, v.isTextual() ? v.textValue() : v, message);
  }
}
