/**
 * Service-provider interfaces and their in-memory defaults: the stores for scenario versions, plans, sessions,
 * customer profiles and the migration journal, and the conversation {@link org.scenariomigration.spi.Extractor}.
 * Every store operation is scoped by tenant. A host replaces any of them through
 * {@link org.scenariomigration.runtime.ScenarioMigration.Builder}.
 */
package org.scenariomigration.spi;
