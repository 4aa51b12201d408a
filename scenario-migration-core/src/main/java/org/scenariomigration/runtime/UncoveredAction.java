package org.scenariomigration.runtime;

import java.util.Locale;

/**
 * What happens to a session on an outdated version that no deployed plan chain covers (the version was made current
 * without a plan, a chain is broken, the source version was purged), per scenario: {@code [scenario_migration.uncovered]}
 * in the config ({@code default} and one entry per scenario id), and at run time
 * {@link MigrationOperations#setUncoveredAction}. Strict mode overrides it ({@code strict_action}).
 */
public enum UncoveredAction {
  /** Relocate the session to its counterpart in the current version ({@code migrate}; the default). */
  MIGRATE,
  /**
   * Let the session finish on its old version ({@code pin}): its reconcile answers {@code continue}, the pin is
   * journaled once ({@code pinned}), and its later messages take the per-message fast path.
   */
  PIN,
  /**
   * Start the session again at the start step of the current version, keeping its variables ({@code restart}),
   * through the checkpoint guard: a session that passed a checkpoint the restart would run again stays on its version,
   * pinned, journaled {@code checkpoint_blocked} with the guard's reason.
   */
  RESTART,
  /** Tell the session to leave the scenario ({@code exit}: {@code exit_scenario}, as strict mode does). */
  EXIT;

  private final String configName = name().toLowerCase(Locale.ROOT);

  /** The config name: {@code migrate}, {@code pin}, {@code restart} or {@code exit}. */
  public String configName() {
    return configName;
  }

  /**
   * Parses a config name.
   *
   * @param key the config key it was read from, named by the exception (e.g. {@code uncovered.default})
   * @throws InvalidConfigException naming the key and the value when the name is unknown
   */
  public static UncoveredAction fromConfig(String key, String name) {
    for (UncoveredAction a : values()) {
      if (a.configName.equals(name)) {
        return a;
      }
    }
    throw new InvalidConfigException(key, name, "unknown scenario_migration." + key + " '" + name
        + "', expected migrate, pin, restart or exit");
  }
}
