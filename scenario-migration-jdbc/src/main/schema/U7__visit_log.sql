-- undoes scenario-migration schema 7: drops the full visit log and the erasure records' count of its rows. The
-- logged visits are lost (a session's own history keeps its visits): export them first if they are needed.

ALTER TABLE ${prefix}erasures DROP COLUMN visits;
DROP TABLE ${prefix}visits;
