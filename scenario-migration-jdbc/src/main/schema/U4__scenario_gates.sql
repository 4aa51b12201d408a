-- undoes scenario-migration schema 4: drops the gates. An operator change in progress (an odd generation) is lost
-- with them: downgrade only when none is (SELECT COUNT(*) FROM ${prefix}scenario_gates WHERE holder IS NOT NULL).

DROP TABLE ${prefix}scenario_gates;
