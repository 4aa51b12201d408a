-- scenario-migration schema 9: modes shared by every node (issue 19). Additive: three new tables, empty. Every engine on the database reads mode_settings.revision at most every mode_refresh_seconds, and
-- the rest only when it moved on.
-- mode_settings: one row (id 1), written by the first change: the global mode set at run time (NULL: each engine uses its configured mode) and
-- the revision, moved on by one by every change, in the transaction that makes it (which locks this row first, so
-- that changes are serialised and numbered without gaps).
-- tenant_modes: a tenant's mode (NULL: none of its own) and whether it is on the soft-launch list; a row with neither
-- is deleted.
-- mode_changes: the journal of changes, by revision: its scope (global, tenant, soft_launch), the tenant (tenant
-- scope only), the value before and after (a mode's name, NULL for none; for the soft-launch list the tenant ids,
-- sorted, one per line), who made it and when.

CREATE TABLE ${prefix}mode_settings (
  id INTEGER NOT NULL,
  global_mode VARCHAR(16),
  revision BIGINT NOT NULL,
  CONSTRAINT ${prefix}mode_settings_pk PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}tenant_modes (
  tenant_id VARBINARY(1020) NOT NULL,
  mode VARCHAR(16),
  soft_launch BOOLEAN NOT NULL,
  CONSTRAINT ${prefix}tenant_modes_pk PRIMARY KEY (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}mode_changes (
  revision BIGINT NOT NULL,
  scope VARCHAR(16) NOT NULL,
  tenant_id VARBINARY(1020),
  from_value TEXT,
  to_value TEXT,
  changed_by TEXT NOT NULL,
  changed_at DATETIME(6) NOT NULL,
  CONSTRAINT ${prefix}mode_changes_pk PRIMARY KEY (revision)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
