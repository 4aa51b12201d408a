-- The Spring Boot example host's own schema, version 1 (Spring Boot's Flyway runs it from classpath:db/migration;
-- the library's scripts run after it with a history table of their own: ScenarioMigrationConfiguration).
CREATE TABLE messages (
  id BIGSERIAL PRIMARY KEY,
  tenant_id VARCHAR(255) NOT NULL,
  session_id VARCHAR(255) NOT NULL,
  text VARCHAR(4000) NOT NULL
);

CREATE TABLE loyalty_enrolments (
  tenant_id VARCHAR(255) NOT NULL,
  session_id VARCHAR(255) NOT NULL,
  PRIMARY KEY (tenant_id, session_id)
);
