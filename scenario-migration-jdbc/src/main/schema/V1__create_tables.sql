-- scenario-migration schema 1: the tables. ${prefix} is the table prefix (default sm_); Flyway users set it as the
-- #if h2
-- placeholder "prefix". JSON columns are CLOBs; settled plans are an ARRAY.
-- #elif postgresql
-- placeholder "prefix". Ids compare byte-wise (COLLATE "C") so that ordering matches the library's.
-- #elif mariadb
-- placeholder "prefix". Ids compare byte-wise (utf8mb4_bin); JSON is LONGTEXT checked by JSON_VALID on MariaDB.
-- #end

CREATE TABLE ${prefix}scenario_versions (
  tenant_id {{schema1_id}} NOT NULL,
  scenario_id {{schema1_id}} NOT NULL,
  version INTEGER NOT NULL,
  checksum VARCHAR(255) NOT NULL,
  body {{json}} NOT NULL,
  saved_at {{timestamp}} NOT NULL,
  CONSTRAINT ${prefix}scenario_versions_pk PRIMARY KEY (tenant_id, scenario_id, version)
){{table_options}};

CREATE TABLE ${prefix}current_versions (
  tenant_id {{schema1_id}} NOT NULL,
  scenario_id {{schema1_id}} NOT NULL,
  version INTEGER NOT NULL,
  updated_at {{timestamp}} NOT NULL,
  CONSTRAINT ${prefix}current_versions_pk PRIMARY KEY (tenant_id, scenario_id)
){{table_options}};

CREATE TABLE ${prefix}plans (
  tenant_id {{schema1_id}} NOT NULL,
  plan_id {{schema1_id}} NOT NULL,
  scenario_id {{schema1_id}} NOT NULL,
  from_version INTEGER NOT NULL,
  to_version INTEGER NOT NULL,
  status VARCHAR(32) NOT NULL,
  created_at {{timestamp}} NOT NULL,
  body {{json}} NOT NULL,
  CONSTRAINT ${prefix}plans_pk PRIMARY KEY (tenant_id, plan_id)
){{table_options}};

CREATE TABLE ${prefix}sessions (
  tenant_id {{schema1_id}} NOT NULL,
  session_id {{schema1_id}} NOT NULL,
  customer_id {{schema1_id}} NOT NULL,
  channel {{schema1_id}} NOT NULL,
  created_at {{timestamp}} NOT NULL,
  scenario_id {{schema1_id}} NOT NULL,
  version INTEGER NOT NULL,
  scenario_checksum VARCHAR(255) NOT NULL,
  current_step_id {{schema1_id}} NOT NULL,
  history {{json}} NOT NULL,
  variables {{json}} NOT NULL,
  pending_plan_id {{schema1_id}},
  pending {{json}},
  settled_plans {{string_array}} NOT NULL,
  pinned BOOLEAN NOT NULL,
  rollout_bucket SMALLINT NOT NULL,
  revision BIGINT NOT NULL,
  CONSTRAINT ${prefix}sessions_pk PRIMARY KEY (tenant_id, session_id),
  CONSTRAINT ${prefix}sessions_bucket_ck CHECK (rollout_bucket BETWEEN 0 AND 99)
){{table_options}};

CREATE TABLE ${prefix}journal (
  seq {{identity}},
  tenant_id {{schema1_id}} NOT NULL,
  record_id {{schema1_id}} NOT NULL,
  session_id {{schema1_id}} NOT NULL,
  plan_id {{schema1_id}},
  kind VARCHAR(32) NOT NULL,
  migration_scenario VARCHAR(32),
  recorded_at {{timestamp}} NOT NULL,
  body {{json}} NOT NULL,
  CONSTRAINT ${prefix}journal_pk PRIMARY KEY (seq),
  CONSTRAINT ${prefix}journal_record_uk UNIQUE (tenant_id, record_id)
){{table_options}};

CREATE TABLE ${prefix}profiles (
  tenant_id {{schema1_id}} NOT NULL,
  customer_id {{schema1_id}} NOT NULL,
  field_name {{schema1_id}} NOT NULL,
  value_json {{json}} NOT NULL,
  source VARCHAR(255) NOT NULL,
  confidence {{double}} NOT NULL,
  expires_at {{timestamp}},
  updated_at {{timestamp}} NOT NULL,
  CONSTRAINT ${prefix}profiles_pk PRIMARY KEY (tenant_id, customer_id, field_name)
){{table_options}};
