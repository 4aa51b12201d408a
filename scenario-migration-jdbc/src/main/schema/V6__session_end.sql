-- scenario-migration schema 6: sessions end, and a customer's data can be erased. Additive: a session with NULL
-- ended_at has not ended (every existing row); the erasures table starts empty.
-- ended_at/end_reason: when and why a session ended (completed, abandoned, exited or a host-defined reason); purge
-- deletes ended sessions after retention.session_retention_days. The indexes serve purge's deletes (ended sessions
-- of a scenario, by end time) and forgetCustomer (a customer's sessions).
-- erasures: one row per forgetCustomer call, without personal data: who asked, when, and how much was removed.

ALTER TABLE ${prefix}sessions ADD COLUMN ended_at {{timestamp}};
ALTER TABLE ${prefix}sessions ADD COLUMN end_reason VARCHAR(64);
CREATE INDEX ${prefix}sessions_ended_ix ON ${prefix}sessions (tenant_id, scenario_id, ended_at);
CREATE INDEX ${prefix}sessions_customer_ix ON ${prefix}sessions (tenant_id, customer_id);
CREATE INDEX ${prefix}journal_recorded_ix ON ${prefix}journal (tenant_id, recorded_at);

CREATE TABLE ${prefix}erasures (
  tenant_id {{id}} NOT NULL,
  erasure_id {{id}} NOT NULL,
  requested_by VARCHAR(2000) NOT NULL,
  erased_at {{timestamp}} NOT NULL,
  sessions INTEGER NOT NULL,
  variables INTEGER NOT NULL,
  journal_records INTEGER NOT NULL,
  profile_fields INTEGER NOT NULL,
  CONSTRAINT ${prefix}erasures_pk PRIMARY KEY (tenant_id, erasure_id)
){{table_options}};
