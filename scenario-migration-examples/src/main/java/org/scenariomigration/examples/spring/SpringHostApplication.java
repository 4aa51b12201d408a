package org.scenariomigration.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot 3 host that embeds the library the way most Java services are built: its own tables and Flyway
 * scripts, {@code @Transactional} message handling, Actuator health and metrics. The library's configuration is
 * {@link ScenarioMigrationConfiguration}; the host's HTTP API is {@link HostController}, its message handling
 * {@link MessageService}.
 *
 * <pre>
 * mvn -q -DskipTests -pl scenario-migration-examples -am package
 * java -cp ... org.scenariomigration.examples.spring.SpringHostApplication \
 *     --spring.datasource.url='jdbc:postgresql://127.0.0.1:5432/test?user=postgres'
 * </pre>
 */
@SpringBootApplication
public class SpringHostApplication {
  /** Starts the host; {@code --spring.datasource.url=...} names the PostgreSQL database. */
  public static void main(String[] args) {
    SpringApplication.run(SpringHostApplication.class, args);
  }
}
