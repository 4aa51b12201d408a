package org.scenariomigration.json;

import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown when a JSON document (a scenario version or a migration plan) cannot be read: it is not JSON, it is nested too
 * deeply, it has the wrong shape, or it names an unsupported format version. The message names the document, the
 * JSON path and the offending value.
 */
public class MalformedJsonException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  private final String document;
  private final String path;
  private final String problem;

  /**
   * Creates the exception.
   *
   * @param document which kind of document, for example {@code scenario}
   * @param path the JSON path of the problem
   * @param message what is wrong there, naming the offending value
   * @param cause the reader's exception, or {@code null}
   */
  public MalformedJsonException(String document, String path, String message, Throwable cause) {
    super(document + " JSON is malformed at " + path + ": " + message, cause);
    this.document = document;
    this.path = path;
    this.problem = message;
  }

  /** Which kind of document: "scenario" or "migration plan". */
  public String document() {
    return document;
  }

  /** The JSON path of the problem, for example {@code $.steps[3].transitions[0].to_step_id}. */
  public String path() {
    return path;
  }

  /** What is wrong at {@link #path()}, naming the offending value (the message without document and path). */
  public String problem() {
    return problem;
  }
}
