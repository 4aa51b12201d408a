-- undoes scenario-migration schema 9: drops the shared modes and their journal. Each engine then keeps its modes in
-- memory again, from its configured mode; the journal of changes is lost (export it first if it is needed).

DROP TABLE ${prefix}mode_changes;
DROP TABLE ${prefix}tenant_modes;
DROP TABLE ${prefix}mode_settings;
