-- scenario-migration schema 7: the full visit log, off by default (sessions.visit_log). Additive: the visits table
-- starts empty, and the erasure records count the visit-log rows an erasure removed (0 for every existing record).
-- visits: one row per visit of a session (its start, every advance, the arrival of a migration, relocation or
-- rollback), appended in the transaction of the session write that made it, never read by the per-message path.
-- ordinal is the visit's number in its session, from 0. visited_at is exact to the microsecond and visited_nano
-- holds the nanosecond of the second, so that the instant reads back exactly. customer_id serves forgetCustomer;
-- the indexes serve purge's retention delete (by tenant, oldest first) and the erasure (a customer's rows).

CREATE TABLE ${prefix}visits (
  tenant_id {{id}} NOT NULL,
  session_id {{id}} NOT NULL,
  ordinal BIGINT NOT NULL,
  customer_id {{id}} NOT NULL,
  step_id {{id}} NOT NULL,
  step_name {{text}} NOT NULL,
  content_hash VARCHAR(255) NOT NULL,
  version INTEGER NOT NULL,
  visited_at {{timestamp}} NOT NULL,
  visited_nano INTEGER NOT NULL,
  CONSTRAINT ${prefix}visits_pk PRIMARY KEY (tenant_id, session_id, ordinal)
){{table_options}};
CREATE INDEX ${prefix}visits_visited_ix ON ${prefix}visits (tenant_id, visited_at);
CREATE INDEX ${prefix}visits_customer_ix ON ${prefix}visits (tenant_id, customer_id);

ALTER TABLE ${prefix}erasures ADD COLUMN visits INTEGER DEFAULT 0 NOT NULL;
