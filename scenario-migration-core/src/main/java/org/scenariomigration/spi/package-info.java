/**
 * Service-provider interfaces, with the records they exchange: the stores for scenario versions, plans, sessions,
 * customer profiles, the migration journal and the visit log, the modes every engine shares
 * ({@link org.scenariomigration.spi.ModeStore}: the one store whose global mode and soft-launch list span tenants),
 * and the conversation {@link org.scenariomigration.spi.Extractor}. Every other store operation is scoped by tenant. In-memory implementations are in
 * {@code org.scenariomigration.memory}; JDBC ones in the {@code scenario-migration-jdbc} module. A host replaces any of
 * them through {@link org.scenariomigration.runtime.ScenarioMigration.Builder}.
 */
package org.scenariomigration.spi;
