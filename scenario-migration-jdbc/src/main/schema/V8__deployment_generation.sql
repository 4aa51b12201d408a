-- scenario-migration schema 8: constant-time deploys. A deploy writes no session row any more: a session is judged
-- against the deployed plans at its next message, and one left out is pinned at its scenario's deployment
-- generation, so that it is judged again only once the generation moved on. Additive: every existing row gets 0.
-- current_versions.generation: moved on by one by every change of the current version (deploy, widened rollout,
-- rollback, version made current), in the transaction that changes it; 0 for a row written before this version.
-- sessions.pin_generation: the deployment generation a pinned session was judged at; 0 for a session pinned before
-- this version (it stays pinned until the next deployment moves the generation on) and for every unpinned one.
-- Counting a deployment's sessions uses the marking index of schema 2 (tenant, scenario, version, step).

ALTER TABLE ${prefix}current_versions ADD COLUMN generation BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE ${prefix}sessions ADD COLUMN pin_generation BIGINT DEFAULT 0 NOT NULL;
-- #if postgresql

-- Counting a deployment's sessions (the seed's "sessions marked", once per deploy) reads this partial index alone:
-- the sessions with no marker that have not ended, by version and step, with every column the eligibility rules test
-- (an index-only scan: 1,000,000 sessions counted in about 0.1 s instead of a scan of the table; benchmarks/README.md,
-- issue #17). A session leaves it when it is marked, migrated or ended.
CREATE INDEX ${prefix}sessions_coverage_ix ON ${prefix}sessions (tenant_id, scenario_id, version, current_step_id)
    INCLUDE (rollout_bucket, channel, created_at, pinned, pin_generation, settled_plans)
    WHERE pending_plan_id IS NULL AND ended_at IS NULL;
-- #end
