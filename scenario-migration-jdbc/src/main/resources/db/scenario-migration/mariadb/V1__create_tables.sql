-- scenario-migration schema 1: the tables. ${prefix} is the table prefix (default sm_); Flyway users set it as the
-- placeholder "prefix". Ids compare byte-wise (utf8mb4_bin); JSON is LONGTEXT checked by JSON_VALID on MariaDB.

CREATE TABLE ${prefix}scenario_versions (
  tenant_id VARCHAR(255) NOT NULL,
  scenario_id VARCHAR(255) NOT NULL,
  version INTEGER NOT NULL,
  checksum VARCHAR(255) NOT NULL,
  body JSON NOT NULL,
  saved_at DATETIME(6) NOT NULL,
  CONSTRAINT ${prefix}scenario_versions_pk PRIMARY KEY (tenant_id, scenario_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}current_versions (
  tenant_id VARCHAR(255) NOT NULL,
  scenario_id VARCHAR(255) NOT NULL,
  version INTEGER NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  CONSTRAINT ${prefix}current_versions_pk PRIMARY KEY (tenant_id, scenario_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}plans (
  tenant_id VARCHAR(255) NOT NULL,
  plan_id VARCHAR(255) NOT NULL,
  scenario_id VARCHAR(255) NOT NULL,
  from_version INTEGER NOT NULL,
  to_version INTEGER NOT NULL,
  status VARCHAR(32) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  body JSON NOT NULL,
  CONSTRAINT ${prefix}plans_pk PRIMARY KEY (tenant_id, plan_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}sessions (
  tenant_id VARCHAR(255) NOT NULL,
  session_id VARCHAR(255) NOT NULL,
  customer_id VARCHAR(255) NOT NULL,
  channel VARCHAR(255) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  scenario_id VARCHAR(255) NOT NULL,
  version INTEGER NOT NULL,
  scenario_checksum VARCHAR(255) NOT NULL,
  current_step_id VARCHAR(255) NOT NULL,
  history JSON NOT NULL,
  variables JSON NOT NULL,
  pending_plan_id VARCHAR(255),
  pending JSON,
  settled_plans JSON NOT NULL,
  pinned BOOLEAN NOT NULL,
  rollout_bucket SMALLINT NOT NULL,
  revision BIGINT NOT NULL,
  CONSTRAINT ${prefix}sessions_pk PRIMARY KEY (tenant_id, session_id),
  CONSTRAINT ${prefix}sessions_bucket_ck CHECK (rollout_bucket BETWEEN 0 AND 99)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}journal (
  seq BIGINT NOT NULL AUTO_INCREMENT,
  tenant_id VARCHAR(255) NOT NULL,
  record_id VARCHAR(255) NOT NULL,
  session_id VARCHAR(255) NOT NULL,
  plan_id VARCHAR(255),
  kind VARCHAR(32) NOT NULL,
  migration_scenario VARCHAR(32),
  recorded_at DATETIME(6) NOT NULL,
  body JSON NOT NULL,
  CONSTRAINT ${prefix}journal_pk PRIMARY KEY (seq),
  CONSTRAINT ${prefix}journal_record_uk UNIQUE (tenant_id, record_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}profiles (
  tenant_id VARCHAR(255) NOT NULL,
  customer_id VARCHAR(255) NOT NULL,
  field_name VARCHAR(255) NOT NULL,
  value_json JSON NOT NULL,
  source VARCHAR(255) NOT NULL,
  confidence DOUBLE NOT NULL,
  expires_at DATETIME(6),
  updated_at DATETIME(6) NOT NULL,
  CONSTRAINT ${prefix}profiles_pk PRIMARY KEY (tenant_id, customer_id, field_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
