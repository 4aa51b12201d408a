-- undoes scenario-migration schema 1: drops the tables and their data.

DROP TABLE IF EXISTS ${prefix}profiles;
DROP TABLE IF EXISTS ${prefix}journal;
DROP TABLE IF EXISTS ${prefix}sessions;
DROP TABLE IF EXISTS ${prefix}plans;
DROP TABLE IF EXISTS ${prefix}current_versions;
DROP TABLE IF EXISTS ${prefix}scenario_versions;
