-- scenario-migration schema 4: a gate per scenario. Every operator change of a scenario (deploy, rollback, rollout
-- widened, version made current, purge) makes its generation odd while it runs, holding the row, and even again when
-- it ends; a reconcile writes only while the generation it decided on is unchanged. A scenario without a row has
-- generation 0. Additive.

CREATE TABLE ${prefix}scenario_gates (
  tenant_id {{id}} NOT NULL,
  scenario_id {{id}} NOT NULL,
  generation BIGINT NOT NULL,
  holder VARCHAR(2000),
  changed_at {{timestamp}} NOT NULL,
  CONSTRAINT ${prefix}scenario_gates_pk PRIMARY KEY (tenant_id, scenario_id)
){{table_options}};
