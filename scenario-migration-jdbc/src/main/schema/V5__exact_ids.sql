-- #if h2
-- scenario-migration schema 5: ids compare exactly. On H2 the id columns of schema 1 are CHARACTER VARYING, which H2
-- compares exactly (as Java's String.compareTo: no padding, no case or Unicode folding) as long as the database is
-- not opened with IGNORECASE=TRUE and has no COLLATION set (either would fold the ids: do not use them). Nothing to
-- change, so that H2 and the other dialects share version numbers.
-- #elif postgresql
-- scenario-migration schema 5: ids compare exactly. On PostgreSQL schema 1 already declared every id column
-- (tenant, session, customer, channel, scenario, step, plan, journal record, field name) COLLATE "C": a byte-wise,
-- deterministic comparison that neither pads nor folds case or Unicode forms, and VARCHAR never pads. Nothing to
-- change, so that PostgreSQL and the other dialects share version numbers. What the database cannot tell apart (a lone
-- UTF-16 surrogate, which the driver sends as '?') the library refuses before any statement (the id grammar).
-- #elif mariadb
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
-- #end
