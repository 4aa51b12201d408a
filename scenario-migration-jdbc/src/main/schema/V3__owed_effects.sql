-- scenario-migration schema 3: what a migration made without the host (eager batch migration) owes the host, stored
-- with the session in the same write and handed over by its next reconcile. Additive: NULL means nothing is owed.

ALTER TABLE ${prefix}sessions ADD COLUMN owed {{json}};
