package org.scenariomigration.runtime;

import java.util.ArrayList;
import java.util.List;

/** The validation of a {@link MigrationConfig}: the range of every value, each problem naming its key and value. */
final class ConfigValidation {
  private ConfigValidation() {}

  /** The problems of every value of {@code b}, each naming its key and value; empty when all are valid. */
  static List<InvalidConfigException.Problem> problems(MigrationConfig.Builder b) {
    List<InvalidConfigException.Problem> errors = new ArrayList<>();
    unit(errors, "gap_fill.extraction_confidence_threshold", b.extractionConfidenceThreshold);
    unit(errors, "gap_fill.confirmation_threshold", b.confirmationThreshold);
    if (b.extractionConfidenceThreshold > b.confirmationThreshold) {
      problem(errors, "gap_fill.extraction_confidence_threshold", b.extractionConfidenceThreshold,
          "gap_fill.extraction_confidence_threshold (" + b.extractionConfidenceThreshold
          + ") must not exceed gap_fill.confirmation_threshold (" + b.confirmationThreshold + ")");
    }
    atLeast(errors, "gap_fill.max_conversation_turns", b.maxConversationTurns, 1);
    atLeast(errors, "retention.version_retention_days", b.versionRetentionDays, 0);
    atLeast(errors, "retention.plan_retention_days", b.planRetentionDays, 0);
    if (b.notificationTemplate == null) {
      problem(errors, "re_routing.notification_template", null, "re_routing.notification_template must not be null");
    }
    if (b.exitMessage == null) {
      problem(errors, "relocation.exit_message", null, "relocation.exit_message must not be null");
    }
    atLeast(errors, "retention.visit_log_retention_days", b.visitLogRetentionDays, 0);
    atLeast(errors, "retention.session_retention_days", b.sessionRetentionDays, 0);
    atLeast(errors, "retention.journal_retention_days", b.journalRetentionDays, 0);
    if (b.modeRefreshSeconds < 1 || b.modeRefreshSeconds > 3600) {
      problem(errors, "mode_refresh_seconds", b.modeRefreshSeconds,
          "mode_refresh_seconds must be between 1 and 3600 but was " + b.modeRefreshSeconds);
    }
    return errors;
  }

  /** Adds the problem of {@code key}: its value ({@code null} or shown as {@link String#valueOf}) and the message. */
  static void problem(List<InvalidConfigException.Problem> errors, String key, Object value, String message) {
    errors.add(new InvalidConfigException.Problem(key, value == null ? null : String.valueOf(value), message));
  }

  private static void atLeast(List<InvalidConfigException.Problem> errors, String key, int v, int min) {
    if (v < min) {
      String rule = min == 0 ? " must not be negative" : " must be at least " + min;
      problem(errors, key, v, key + rule + " but was " + v);
    }
  }

  private static void unit(List<InvalidConfigException.Problem> errors, String key, double v) {
    if (!(v >= 0 && v <= 1)) {
      problem(errors, key, v, key + " must be between 0 and 1 but was " + v);
    }
  }

}
