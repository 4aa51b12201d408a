/**
 * The in-memory stores: the defaults of {@link org.scenariomigration.runtime.ScenarioMigration.Builder} and the
 * reference behaviour every other store is tested against by the contract suites.
 */
package org.scenariomigration.memory;
