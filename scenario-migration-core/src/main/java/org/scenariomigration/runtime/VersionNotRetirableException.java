package org.scenariomigration.runtime;

import static java.util.Objects.requireNonNull;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown by {@link MigrationOperations#retireVersion} for a version that is not safe to retire (without
 * {@code force}), or that is current (even with it). Nothing was changed. {@link #status()} holds the reasons.
 */
public class VersionNotRetirableException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final transient VersionStatus status;

  /** The version, with the status that refused it. */
  public VersionNotRetirableException(VersionStatus status) {
    super("version " + requireNonNull(status, "status").version() + " of scenario '" + status.scenarioId()
        + "' of tenant '" + status.tenantId() + "' is not safe to retire: " + String.join("; ", status.reasons()));
    this.status = status;
  }

  /** The drain status that refused the retirement. */
  public VersionStatus status() {
    return status;
  }
}
