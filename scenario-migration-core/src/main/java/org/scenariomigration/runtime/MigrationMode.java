package org.scenariomigration.runtime;

import java.util.Locale;

/**
 * The kill switch. Set globally and per tenant with {@link MigrationOperations#setMode}, at run time, without a
 * restart.
 */
public enum MigrationMode {
  /** Nothing is marked and reconcile always answers {@code continue}. */
  OFF,
  /** The default: pending migrations are applied; sessions on outdated versions without a plan are relocated. */
  AUTO,
  /**
   * Like {@link #AUTO}, except that a session on an outdated version with no plan chain is not relocated: it gets
   * {@code exit_scenario}, or a {@link StrictModeException}, as {@code strict_action} says.
   */
  STRICT;

  /** The config name, for example {@code auto}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a config name; throws {@link InvalidConfigException} naming the value when it is unknown. */
  public static MigrationMode fromConfig(String name) {
    for (MigrationMode m : values()) {
      if (m.configName().equals(name)) {
        return m;
      }
    }
    throw new InvalidConfigException("mode", name,
        "unknown scenario_migration.mode '" + name + "', expected off, auto or strict");
  }
}
