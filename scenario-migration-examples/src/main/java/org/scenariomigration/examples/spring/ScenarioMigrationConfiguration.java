package org.scenariomigration.examples.spring;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.scenariomigration.jdbc.JdbcStores;
import org.scenariomigration.micrometer.MicrometerMigrationMetrics;
import org.scenariomigration.runtime.ScenarioMigration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The whole library configuration of the Spring Boot host (the README's "Spring Boot" section shows it): the host's
 * Flyway runs the library's scripts after its own, with their own history table; the stores join the host's
 * {@code @Transactional} work through {@link TransactionAwareDataSourceProxy}; the engine's meters go to Actuator's
 * registry under the engine tag {@code orders}; a health indicator reports the schema version.
 */
@Configuration(proxyBeanMethods = false)
class ScenarioMigrationConfiguration {
  @Bean FlywayMigrationStrategy flywayWithTheLibrarysScripts() {
    return host -> { host.migrate(); Flyway.configure().configuration(host.getConfiguration()).table("sm_schema_history")
        .locations("classpath:db/scenario-migration/postgresql").placeholders(Map.of("prefix", "sm_"))
        .baselineOnMigrate(true).baselineVersion("0").load().migrate(); };
  }
  @Bean @DependsOnDatabaseInitialization JdbcStores scenarioStores(DataSource ds) {
    return JdbcStores.builder(new TransactionAwareDataSourceProxy(ds)).flywayHistoryTable("sm_schema_history").build();
  }
  @Bean ScenarioMigration scenarioMigration(JdbcStores stores, MeterRegistry registry) {
    MicrometerMigrationMetrics metrics = new MicrometerMigrationMetrics(registry, "orders");
    return metrics.bind(ScenarioMigration.builder().stores(stores).listener(metrics).build()).migration();
  }
  @Bean HealthIndicator scenarioMigrationHealthIndicator(JdbcStores stores) {
    return () -> (stores.schemaVersion() >= JdbcStores.latestSchemaVersion() ? Health.up() : Health.down())
        .withDetail("schema_version", stores.schemaVersion()).build();
  }
}
