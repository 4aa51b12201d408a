package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationConfigTest {
  static final String SEED_TOML = """
      [scenario_migration]
      enabled = true

      [scenario_migration.deployment]
      auto_mark_sessions = true
      require_approval = true

      [scenario_migration.gap_fill]
      extraction_enabled = true
      extraction_confidence_threshold = 0.85
      confirmation_threshold = 0.95
      max_conversation_turns = 20

      [scenario_migration.re_routing]
      enabled = true
      notify_user = true
      notification_template = "I have new instructions. Let me redirect our conversation."

      [scenario_migration.checkpoints]
      block_teleport_past_checkpoint = true

      [scenario_migration.retention]
      version_retention_days = 7
      plan_retention_days = 30
      """;

  @Test
  void the_defaults_are_the_seeds_values() {
    MigrationConfig c = MigrationConfig.DEFAULTS;

    assertThat(c.enabled()).isTrue();
    assertThat(c.autoMarkSessions()).isTrue();
    assertThat(c.requireApproval()).isTrue();
    assertThat(c.extractionEnabled()).isTrue();
    assertThat(c.extractionConfidenceThreshold()).isEqualTo(0.85);
    assertThat(c.confirmationThreshold()).isEqualTo(0.95);
    assertThat(c.maxConversationTurns()).isEqualTo(20);
    assertThat(c.reRoutingEnabled()).isTrue();
    assertThat(c.notifyUser()).isTrue();
    assertThat(c.notificationTemplate()).isEqualTo("I have new instructions. Let me redirect our conversation.");
    assertThat(c.blockTeleportPastCheckpoint()).isTrue();
    assertThat(c.versionRetentionDays()).isEqualTo(7);
    assertThat(c.planRetentionDays()).isEqualTo(30);
    assertThat(MigrationConfig.custom().build()).isEqualTo(c);
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(ScenarioMigration.builder().build().config()).isEqualTo(c);
  }

  @Test
  void the_seeds_toml_block_equals_the_defaults() {
    assertThat(MigrationConfig.fromToml(SEED_TOML)).isEqualTo(MigrationConfig.DEFAULTS);
  }

  @Test
  void an_empty_document_or_one_without_the_table_gives_the_defaults() {
    assertThat(MigrationConfig.fromToml("")).isEqualTo(MigrationConfig.DEFAULTS);
    assertThat(MigrationConfig.fromToml("[other]\nx = 1\n")).isEqualTo(MigrationConfig.DEFAULTS);
  }

  @Test
  void toml_values_override_the_defaults_and_missing_keys_keep_them() {
    MigrationConfig c = MigrationConfig.fromToml("""
        [scenario_migration]
        enabled = false
        [scenario_migration.deployment]
        require_approval = false
        [scenario_migration.gap_fill]
        extraction_confidence_threshold = 0.7
        confirmation_threshold = 0.9
        max_conversation_turns = 5
        [scenario_migration.re_routing]
        notification_template = "We're redirecting you; \\"sorry\\"."
        [scenario_migration.retention]
        plan_retention_days = 0
        [scenario_migration.logging]
        log_gap_fills = false
        [scenario_migration.relocation]
        exit_message = "Bye"
        """);

    assertThat(c).isEqualTo(MigrationConfig.custom().enabled(false).requireApproval(false)
        .extractionConfidenceThreshold(0.7).confirmationThreshold(0.9).maxConversationTurns(5)
        .notificationTemplate("We're redirecting you; \"sorry\".").planRetentionDays(0)
        .logGapFills(false).exitMessage("Bye").build());
  }

  @Test
  void the_builder_overrides_values() {
    MigrationConfig c = MigrationConfig.custom().autoMarkSessions(false).extractionEnabled(false)
        .reRoutingEnabled(false).notifyUser(false).blockTeleportPastCheckpoint(false).versionRetentionDays(1).build();

    assertThat(c.autoMarkSessions()).isFalse();
    assertThat(c.extractionEnabled()).isFalse();
    assertThat(c.reRoutingEnabled()).isFalse();
    assertThat(c.notifyUser()).isFalse();
    assertThat(c.blockTeleportPastCheckpoint()).isFalse();
    assertThat(c.versionRetentionDays()).isEqualTo(1);
    assertThat(c.enabled()).isTrue();
  }

  @Test
  void an_unknown_key_is_named() {
    assertThatThrownBy(() -> MigrationConfig.fromToml("[scenario_migration.gap_fill]\nextraction_enable = true\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("scenario_migration.gap_fill.extraction_enable");
    assertThatThrownBy(() -> MigrationConfig.fromToml("[scenario_migration]\nenabeld = true\n"))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("scenario_migration.enabeld");
  }

  @Test
  void a_value_of_the_wrong_type_is_named_with_its_value() {
    assertThatThrownBy(() -> MigrationConfig.fromToml("[scenario_migration.deployment]\nrequire_approval = \"yes\"\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("scenario_migration.deployment.require_approval").hasMessageContaining("yes");
    assertThatThrownBy(() -> MigrationConfig.fromToml("[scenario_migration.gap_fill]\nmax_conversation_turns = 2.5\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("scenario_migration.gap_fill.max_conversation_turns").hasMessageContaining("2.5")
        .hasMessageNotContaining("at least 1");
  }

  @Test
  void a_threshold_out_of_range_is_named_with_its_value() {
    assertThatThrownBy(() -> MigrationConfig.fromToml("[scenario_migration.gap_fill]\nconfirmation_threshold = 1.5\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("gap_fill.confirmation_threshold").hasMessageContaining("1.5");
    assertThatThrownBy(() -> MigrationConfig.custom().extractionConfidenceThreshold(-0.1).build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("gap_fill.extraction_confidence_threshold").hasMessageContaining("-0.1");
    assertThatThrownBy(() -> MigrationConfig.custom().confirmationThreshold(Double.NaN).build())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("NaN");
  }

  @Test
  void an_extraction_threshold_above_the_confirmation_threshold_is_rejected() {
    assertThatThrownBy(() -> MigrationConfig.custom().extractionConfidenceThreshold(0.96).build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("gap_fill.extraction_confidence_threshold").hasMessageContaining("0.96")
        .hasMessageContaining("gap_fill.confirmation_threshold").hasMessageContaining("0.95");
  }

  @Test
  void every_error_is_reported_at_once() {
    assertThatThrownBy(() -> MigrationConfig.custom().extractionConfidenceThreshold(2).confirmationThreshold(-1)
        .maxConversationTurns(0).versionRetentionDays(-1).planRetentionDays(-2).notificationTemplate(null).build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("extraction_confidence_threshold must be between 0 and 1 but was 2.0")
        .hasMessageContaining("confirmation_threshold must be between 0 and 1 but was -1.0")
        .hasMessageContaining("max_conversation_turns").hasMessageContaining("version_retention_days")
        .hasMessageContaining("plan_retention_days").hasMessageContaining("notification_template");
  }

  @Test
  void every_toml_error_is_reported_at_once_including_range_errors() {
    assertThatThrownBy(() -> MigrationConfig.fromToml("""
        [scenario_migration]
        enabled = 1
        colour = "blue"
        [scenario_migration.gap_fill]
        confirmation_threshold = 1.5
        max_conversation_turns = "many"
        [scenario_migration.retention]
        plan_retention_days = -3
        """))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("scenario_migration.enabled").hasMessageContaining("scenario_migration.colour")
        .hasMessageContaining("scenario_migration.gap_fill.max_conversation_turns").hasMessageContaining("many")
        .hasMessageContaining("gap_fill.confirmation_threshold").hasMessageContaining("1.5")
        .hasMessageContaining("retention.plan_retention_days").hasMessageContaining("-3");
  }

  @Test
  void malformed_toml_is_an_invalid_config() {
    assertThatThrownBy(() -> MigrationConfig.fromToml("[scenario_migration\nenabled = "))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("TOML");
  }

  @Test
  void relocation_without_safe_target_defaults_to_stay_and_reads_exit_from_toml() {
    assertThat(MigrationConfig.DEFAULTS.withoutSafeTarget()).isEqualTo(MigrationConfig.NoSafeTargetAction.STAY);
    assertThat(MigrationConfig.fromToml("[scenario_migration.relocation]\nwithout_safe_target = \"exit\"\n")
        .withoutSafeTarget()).isEqualTo(MigrationConfig.NoSafeTargetAction.EXIT);
    assertThat(MigrationConfig.DEFAULTS.toBuilder().withoutSafeTarget(MigrationConfig.NoSafeTargetAction.EXIT)
        .build().toBuilder().build().withoutSafeTarget()).isEqualTo(MigrationConfig.NoSafeTargetAction.EXIT);
  }

  @Test
  void an_unknown_relocation_without_safe_target_is_named_with_its_value() {
    assertThatThrownBy(() -> MigrationConfig.fromToml(
        "[scenario_migration.relocation]\nwithout_safe_target = \"jump\"\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("scenario_migration.relocation.without_safe_target 'jump'")
        .hasMessageContaining("expected stay or exit");
  }

  @Test
  void session_and_journal_retention_and_completion_at_final_steps_have_keys_defaults_and_checks() {
    MigrationConfig d = MigrationConfig.DEFAULTS;
    assertThat(d.sessionRetentionDays()).isEqualTo(30);
    assertThat(d.journalRetentionDays()).isEqualTo(90);
    assertThat(d.completeAtFinalStep()).isFalse();

    MigrationConfig c = MigrationConfig.fromToml("""
        [scenario_migration.retention]
        session_retention_days = 3
        journal_retention_days = 400
        [scenario_migration.sessions]
        complete_at_final_step = true
        """);
    assertThat(c.sessionRetentionDays()).isEqualTo(3);
    assertThat(c.journalRetentionDays()).isEqualTo(400);
    assertThat(c.completeAtFinalStep()).isTrue();
    assertThat(c).isEqualTo(MigrationConfig.custom().sessionRetentionDays(3).journalRetentionDays(400)
        .completeAtFinalStep(true).build());
    assertThat(c.toBuilder().build()).isEqualTo(c);

    assertThatThrownBy(() -> MigrationConfig.fromToml("""
        [scenario_migration.retention]
        session_retention_days = -1
        journal_retention_days = "long"
        [scenario_migration.sessions]
        complete_at_final_step = "yes"
        end_after = 3
        """)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("retention.session_retention_days must not be negative but was -1")
        .hasMessageContaining("scenario_migration.retention.journal_retention_days").hasMessageContaining("long")
        .hasMessageContaining("scenario_migration.sessions.complete_at_final_step")
        .hasMessageContaining("sessions.end_after");
    assertThatThrownBy(() -> MigrationConfig.custom().journalRetentionDays(-2).build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("retention.journal_retention_days must not be negative but was -2");
  }

  @Test
  void the_visit_log_is_off_by_default_with_its_own_retention_and_both_keys_parse_and_validate() {
    assertThat(MigrationConfig.DEFAULTS.visitLog()).isFalse();
    assertThat(MigrationConfig.DEFAULTS.visitLogRetentionDays()).isEqualTo(30);

    MigrationConfig c = MigrationConfig.fromToml("""
        [scenario_migration.retention]
        visit_log_retention_days = 7
        [scenario_migration.sessions]
        visit_log = true
        """);
    assertThat(c.visitLog()).isTrue();
    assertThat(c.visitLogRetentionDays()).isEqualTo(7);
    assertThat(c).isEqualTo(MigrationConfig.custom().visitLog(true).visitLogRetentionDays(7).build());
    assertThat(c.toBuilder().build()).isEqualTo(c);

    assertThatThrownBy(() -> MigrationConfig.fromToml("""
        [scenario_migration.retention]
        visit_log_retention_days = -4
        [scenario_migration.sessions]
        visit_log = "on"
        """)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("retention.visit_log_retention_days must not be negative but was -4")
        .hasMessageContaining("scenario_migration.sessions.visit_log").hasMessageContaining("on");
    assertThatThrownBy(() -> MigrationConfig.custom().visitLogRetentionDays(-1).build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("retention.visit_log_retention_days must not be negative but was -1");
  }

  @Test
  void each_logging_toggle_has_its_own_builder_method() {
    MigrationConfig c = MigrationConfig.custom().logMigrations(false).logReRoutes(false).build();

    assertThat(c.logMigrations()).isFalse();
    assertThat(c.logGapFills()).isTrue();
    assertThat(c.logReRoutes()).isFalse();
    assertThat(c.logCheckpointBlocks()).isTrue();
    MigrationConfig quiet = c.toBuilder().logGapFills(false).logCheckpointBlocks(false).build();
    assertThat(List.of(quiet.logMigrations(), quiet.logGapFills(), quiet.logReRoutes(), quiet.logCheckpointBlocks()))
        .containsOnly(false);
  }

  @Test
  void to_builder_keeps_every_setting_and_equal_configs_are_equal_by_value() {
    MigrationConfig c = MigrationConfig.fromToml("""
        [scenario_migration]
        mode = "strict"
        strict_action = "exception"
        [scenario_migration.re_routing]
        on_condition_error = "ask"
        [scenario_migration.relocation]
        without_safe_target = "exit"
        exit_message = "Bye"
        [scenario_migration.sessions]
        visit_log = true
        complete_at_final_step = true
        [scenario_migration.retention]
        journal_retention_days = 12
        """);

    MigrationConfig copy = c.toBuilder().build();

    assertThat(copy).isEqualTo(c).hasSameHashCodeAs(c).isNotSameAs(c);
    assertThat(copy.toString()).isEqualTo(c.toString()).startsWith("MigrationConfig[enabled=true, ")
        .contains("mode=STRICT").contains("exitMessage=Bye").contains("visitLogRetentionDays=30").endsWith("]");
    assertThat(c).isNotEqualTo(MigrationConfig.DEFAULTS);
    assertThat(c.toBuilder().journalRetentionDays(13).build()).isNotEqualTo(c);
    assertThat(c.toBuilder().confirmationThreshold(0.951).build()).isNotEqualTo(c);
    assertThat(MigrationConfig.custom().build()).isEqualTo(MigrationConfig.DEFAULTS)
        .hasSameHashCodeAs(MigrationConfig.DEFAULTS);
  }

  @Test
  void the_exception_names_each_bad_key_with_its_value() {
    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
        () -> MigrationConfig.custom().confirmationThreshold(1.5).maxConversationTurns(0).exitMessage(null).build());

    assertThat(e.key()).isEqualTo("gap_fill.confirmation_threshold");
    assertThat(e.value()).isEqualTo("1.5");
    assertThat(e.problems()).extracting(InvalidConfigException.Problem::key).containsExactly(
        "gap_fill.confirmation_threshold", "gap_fill.max_conversation_turns", "relocation.exit_message");
    assertThat(e.problems()).extracting(InvalidConfigException.Problem::value).containsExactly("1.5", "0", null);
    for (InvalidConfigException.Problem p : e.problems()) {
      assertThat(e).hasMessageContaining(p.message());
      assertThat(p.message()).contains(p.key());
    }
  }

  @Test
  void the_toml_exception_names_each_bad_key_with_its_value_as_written() {
    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> MigrationConfig.fromToml("""
        [scenario_migration]
        mode = "sometimes"
        colour = "blue"
        [scenario_migration.deployment]
        require_approval = "yes"
        [scenario_migration.retention]
        plan_retention_days = -3
        """));

    assertThat(e.problems()).extracting(InvalidConfigException.Problem::key).containsExactly("mode", "colour",
        "deployment.require_approval", "retention.plan_retention_days");
    assertThat(e.problems()).extracting(InvalidConfigException.Problem::value).containsExactly("sometimes", "blue",
        "yes", "-3");
    assertThat(e.key()).isEqualTo("mode");
    assertThat(e.value()).isEqualTo("sometimes");

    InvalidConfigException malformed = catchThrowableOfType(InvalidConfigException.class,
        () -> MigrationConfig.fromToml("[scenario_migration\n"));
    assertThat(malformed.key()).isNull();
    assertThat(malformed.problems()).hasSize(1);
    assertThat(malformed.getCause()).isNotNull();
  }

  @Test
  void an_unknown_enum_name_is_named_with_its_key() {
    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
        () -> MigrationMode.fromConfig("loud"));

    assertThat(e.key()).isEqualTo("mode");
    assertThat(e.value()).isEqualTo("loud");
    assertThat(catchThrowableOfType(InvalidConfigException.class, () -> MigrationConfig.StrictAction.fromConfig("x"))
        .key()).isEqualTo("strict_action");
    assertThat(catchThrowableOfType(InvalidConfigException.class,
        () -> MigrationConfig.ConditionErrorAction.fromConfig("x")).key()).isEqualTo("re_routing.on_condition_error");
    assertThat(catchThrowableOfType(InvalidConfigException.class,
        () -> MigrationConfig.NoSafeTargetAction.fromConfig("x")).key()).isEqualTo("relocation.without_safe_target");
  }

  @Test
  void mode_refresh_seconds_is_read_from_the_file_kept_by_to_builder_and_checked_for_range() {
    MigrationConfig c = MigrationConfig.fromToml("""
        [scenario_migration]
        mode_refresh_seconds = 5
        """);

    assertThat(MigrationConfig.DEFAULTS.modeRefreshSeconds()).isEqualTo(1);
    assertThat(c.modeRefreshSeconds()).isEqualTo(5);
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c).isNotEqualTo(MigrationConfig.DEFAULTS);
    assertThat(c.toString()).contains("modeRefreshSeconds=5");
    assertThatThrownBy(() -> MigrationConfig.custom().modeRefreshSeconds(0).build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("mode_refresh_seconds must be between 1 and 3600 but was 0");
    assertThatThrownBy(() -> MigrationConfig.fromToml("[scenario_migration]\nmode_refresh_seconds = \"1s\"\n"))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("mode_refresh_seconds");
  }
}
