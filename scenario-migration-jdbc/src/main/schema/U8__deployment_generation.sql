-- undoes scenario-migration schema 8: drops the deployment generation and the generation pinned sessions were judged
-- at. The pinned sessions stay pinned (as schema 7 pinned them: for good); an older release marks at deploy again.

-- #if postgresql
DROP INDEX IF EXISTS ${prefix}sessions_coverage_ix;
-- #end
ALTER TABLE ${prefix}sessions DROP COLUMN pin_generation;
ALTER TABLE ${prefix}current_versions DROP COLUMN generation;
