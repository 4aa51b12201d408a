-- undoes scenario-migration schema 2: drops the secondary indexes; no data is lost.

DROP INDEX IF EXISTS ${prefix}plans_scenario_ix;
DROP INDEX IF EXISTS ${prefix}journal_plan_ix;
DROP INDEX IF EXISTS ${prefix}journal_session_ix;
DROP INDEX IF EXISTS ${prefix}sessions_pending_ix;
DROP INDEX IF EXISTS ${prefix}sessions_marking_ix;
