/**
 * The runtime: {@link org.scenariomigration.runtime.ScenarioMigration} (the builder and the per-message surface:
 * sessions and just-in-time migration), {@link org.scenariomigration.runtime.MigrationOperations} (the operator
 * surface: plan lifecycle, two-phase deployment, rollback, batch migration, retention, erasure and modes), their
 * {@link org.scenariomigration.runtime.MigrationConfig} and the {@link org.scenariomigration.runtime.Outcome} of each
 * reconcile.
 */
package org.scenariomigration.runtime;
