package org.scenariomigration.scenario;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown when a scenario version does not validate. It lists every error found, not just the first; each names the
 * scenario, the version, the step and the offending value.
 */
public class InvalidScenarioException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String scenarioId;
  private final int version;
  private final transient ImmutableList<ScenarioProblem> problems;

  /** Creates the exception for the given errors. */
  public InvalidScenarioException(String scenarioId, int version, List<ScenarioProblem> problems) {
    super(message(scenarioId, version, problems));
    this.scenarioId = scenarioId;
    this.version = version;
    this.problems = ImmutableList.copyOf(problems);
  }

  private static String message(String scenarioId, int version, List<ScenarioProblem> problems) {
    StringBuilder sb = new StringBuilder("scenario '").append(scenarioId).append("' version ").append(version)
        .append(" is invalid (").append(problems.size()).append(problems.size() == 1 ? " error" : " errors")
        .append(")");
    for (ScenarioProblem p : problems) {
      sb.append(": ").append(p.message());
      if (sb.length() > 4000) {
        sb.append(" ...");
        break;
      }
    }
    return sb.toString();
  }

  /** The scenario id. */
  public String scenarioId() {
    return scenarioId;
  }

  /** The version number. */
  public int version() {
    return version;
  }

  /** Every error found. */
  public List<ScenarioProblem> problems() {
    return problems == null ? List.of() : problems;
  }
}
