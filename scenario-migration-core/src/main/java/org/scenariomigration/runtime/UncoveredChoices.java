package org.scenariomigration.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link UncoveredAction} of each scenario: set per tenant and scenario at run time
 * ({@link MigrationOperations#setUncoveredAction}), else the scenario's entry in the config, else
 * {@code uncovered.default}. Kept by the engine, as its modes are. Package-private.
 */
final class UncoveredChoices {
  private final MigrationConfig config;
  private final Map<String, UncoveredAction> set = new ConcurrentHashMap<>();

  UncoveredChoices(MigrationConfig config) {
    this.config = config;
  }

  private static String key(String tenantId, String scenarioId) {
    return tenantId + '\n' + scenarioId;
  }

  /** The choice in force for the tenant's scenario. */
  UncoveredAction actionFor(String tenantId, String scenarioId) {
    UncoveredAction a = set.isEmpty() ? null : set.get(key(tenantId, scenarioId));
    return a != null ? a : config.uncoveredAction(scenarioId);
  }

  /** Sets the tenant's choice for the scenario; {@code null} falls back to the config. */
  void set(String tenantId, String scenarioId, UncoveredAction action) {
    if (action == null) {
      set.remove(key(tenantId, scenarioId));
    } else {
      set.put(key(tenantId, scenarioId), action);
    }
  }
}
