/**
 * The runtime: {@link org.scenariomigration.runtime.ScenarioMigration} (plan lifecycle, two-phase deployment and
 * just-in-time migration), its {@link org.scenariomigration.runtime.MigrationConfig} and the
 * {@link org.scenariomigration.runtime.Outcome} of each reconcile.
 */
package org.scenariomigration.runtime;
