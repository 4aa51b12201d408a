-- scenario-migration schema 2: secondary indexes for deployment marking, marker look-ups, the journal and plan
-- listing. The hot path (a session by tenant and id) is the primary key.

CREATE INDEX ${prefix}sessions_marking_ix ON ${prefix}sessions (tenant_id, scenario_id, version, current_step_id);
-- #if postgresql
CREATE INDEX ${prefix}sessions_pending_ix ON ${prefix}sessions (tenant_id, pending_plan_id, session_id)
  WHERE pending_plan_id IS NOT NULL;
-- #else
CREATE INDEX ${prefix}sessions_pending_ix ON ${prefix}sessions (tenant_id, pending_plan_id, session_id);
-- #end
CREATE INDEX ${prefix}journal_session_ix ON ${prefix}journal (tenant_id, session_id, seq);
CREATE INDEX ${prefix}journal_plan_ix ON ${prefix}journal (tenant_id, plan_id, seq);
CREATE INDEX ${prefix}plans_scenario_ix ON ${prefix}plans (tenant_id, scenario_id, created_at);
