-- undoes scenario-migration schema 2: drops the secondary indexes; no data is lost.

-- #if mariadb
DROP INDEX ${prefix}plans_scenario_ix ON ${prefix}plans;
DROP INDEX ${prefix}journal_plan_ix ON ${prefix}journal;
DROP INDEX ${prefix}journal_session_ix ON ${prefix}journal;
DROP INDEX ${prefix}sessions_pending_ix ON ${prefix}sessions;
DROP INDEX ${prefix}sessions_marking_ix ON ${prefix}sessions;
-- #else
DROP INDEX IF EXISTS ${prefix}plans_scenario_ix;
DROP INDEX IF EXISTS ${prefix}journal_plan_ix;
DROP INDEX IF EXISTS ${prefix}journal_session_ix;
DROP INDEX IF EXISTS ${prefix}sessions_pending_ix;
DROP INDEX IF EXISTS ${prefix}sessions_marking_ix;
-- #end
