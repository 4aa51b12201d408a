package org.scenariomigration.examples.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.Reconciled;
import org.scenariomigration.runtime.ScenarioMigration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The host's message handling, in one transaction: reconcile first, then the host's own work (it records the
 * message; when the library says to run Loyalty Enrollment, it enrols the customer). The library's writes join the
 * transaction: when the host's work fails, the migration rolls back with it, and the next message gets the same
 * outcome again, under the same effect id; the commit retires what the outcome owed (no acknowledge needed).
 */
@Service
public class MessageService {
  private final ScenarioMigration migration;
  private final JdbcTemplate jdbc;

  MessageService(ScenarioMigration migration, JdbcTemplate jdbc) {
    this.migration = migration;
    this.jdbc = jdbc;
  }

  /**
   * Handles one incoming message of a session; a text containing {@code "fail"} makes the host's work fail after
   * it, as a broken downstream system would.
   *
   * @return what the library answered, as JSON fields
   */
  @Transactional
  public Map<String, Object> handle(String tenantId, String sessionId, String text) {
    // one read: the outcome comes with the session's state (step, version, variables), no session(...) call
    Reconciled reconciled = migration.reconcileWithState(tenantId, sessionId);
    Outcome outcome = reconciled.outcome();
    if (outcome instanceof Outcome.ExecuteActions actions && actions.stepIds().contains("loyalty")) {
      jdbc.update("INSERT INTO loyalty_enrolments (tenant_id, session_id) VALUES (?, ?)", tenantId, sessionId);
    }
    jdbc.update("INSERT INTO messages (tenant_id, session_id, text) VALUES (?, ?, ?)", tenantId, sessionId, text);
    if (text.contains("fail")) {
      throw new IllegalStateException("the host's work for session '" + sessionId + "' failed");
    }
    Map<String, Object> out = describe(outcome);
    out.put("step_id", reconciled.session().currentStepId());
    out.put("version", reconciled.session().version());
    return out;
  }

  static Map<String, Object> describe(Outcome outcome) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("outcome", outcome.kind().name().toLowerCase(java.util.Locale.ROOT));
    if (outcome instanceof Outcome.Teleport t) {
      out.put("target_step_id", t.targetStepId());
      out.put("target_version", t.targetVersion());
    } else if (outcome instanceof Outcome.ExecuteActions a) {
      out.put("step_ids", a.stepIds());
      out.put("target_step_id", a.targetStepId());
      out.put("target_version", a.targetVersion());
    }
    if (outcome.effectId() != null) {
      out.put("effect_id", outcome.effectId()); // retired by this transaction's commit: the stores join it
    }
    return out;
  }
}
