-- undoes scenario-migration schema 3: drops the owed column. Obligations not yet handed over are lost with it, so
-- downgrade only when every session's next reconcile has run (SELECT COUNT(*) FROM ${prefix}sessions WHERE owed IS
-- NOT NULL answers 0).

ALTER TABLE ${prefix}sessions DROP COLUMN owed;
