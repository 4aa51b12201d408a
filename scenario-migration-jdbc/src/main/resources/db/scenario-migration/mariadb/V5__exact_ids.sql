-- scenario-migration schema 5: ids compare exactly. utf8mb4_bin, which schema 1 gave the id columns, is a PAD SPACE
-- collation: 'acme' and 'acme ' were one key, so one tenant's deploy could mark another's sessions. Every column
-- that holds an id (tenant, session, customer, channel, scenario, step, plan, journal record, field name) becomes
-- VARBINARY(1020): the UTF-8 bytes of the id, compared byte by byte with no padding, ordered by code point, the same
-- on MariaDB and MySQL (utf8mb4_nopad_bin is MariaDB's only; utf8mb4_0900_bin is MySQL's only). 1020 bytes hold the
-- 255 characters a VARCHAR(255) held; the library's ids are at most 255 bytes. The drivers read the columns back as
-- the same strings; SQL comparing them to string literals still works ('acme' is compared as its bytes). Nothing is
-- lost: ids that were one key under PAD SPACE stay distinct. Index sizes do not change.

ALTER TABLE ${prefix}scenario_versions
  MODIFY tenant_id VARBINARY(1020) NOT NULL,
  MODIFY scenario_id VARBINARY(1020) NOT NULL;

ALTER TABLE ${prefix}current_versions
  MODIFY tenant_id VARBINARY(1020) NOT NULL,
  MODIFY scenario_id VARBINARY(1020) NOT NULL;

ALTER TABLE ${prefix}plans
  MODIFY tenant_id VARBINARY(1020) NOT NULL,
  MODIFY plan_id VARBINARY(1020) NOT NULL,
  MODIFY scenario_id VARBINARY(1020) NOT NULL;

ALTER TABLE ${prefix}sessions
  MODIFY tenant_id VARBINARY(1020) NOT NULL,
  MODIFY session_id VARBINARY(1020) NOT NULL,
  MODIFY customer_id VARBINARY(1020) NOT NULL,
  MODIFY channel VARBINARY(1020) NOT NULL,
  MODIFY scenario_id VARBINARY(1020) NOT NULL,
  MODIFY current_step_id VARBINARY(1020) NOT NULL,
  MODIFY pending_plan_id VARBINARY(1020) NULL;

ALTER TABLE ${prefix}journal
  MODIFY tenant_id VARBINARY(1020) NOT NULL,
  MODIFY record_id VARBINARY(1020) NOT NULL,
  MODIFY session_id VARBINARY(1020) NOT NULL,
  MODIFY plan_id VARBINARY(1020) NULL;

ALTER TABLE ${prefix}profiles
  MODIFY tenant_id VARBINARY(1020) NOT NULL,
  MODIFY customer_id VARBINARY(1020) NOT NULL,
  MODIFY field_name VARBINARY(1020) NOT NULL;
