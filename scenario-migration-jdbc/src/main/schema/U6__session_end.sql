-- undoes scenario-migration schema 6: drops the erasure records and the end of sessions. Ended sessions become live
-- again to schema 5 (they could be marked and migrated): downgrade only after purging them, or end them again after
-- an upgrade. The erasure records, the proof that erasures happened, are lost: export them first.

DROP TABLE ${prefix}erasures;
-- #if mariadb
DROP INDEX ${prefix}journal_recorded_ix ON ${prefix}journal;
DROP INDEX ${prefix}sessions_customer_ix ON ${prefix}sessions;
DROP INDEX ${prefix}sessions_ended_ix ON ${prefix}sessions;
-- #else
DROP INDEX ${prefix}journal_recorded_ix;
DROP INDEX ${prefix}sessions_customer_ix;
DROP INDEX ${prefix}sessions_ended_ix;
-- #end
ALTER TABLE ${prefix}sessions DROP COLUMN end_reason;
ALTER TABLE ${prefix}sessions DROP COLUMN ended_at;
