package org.scenariomigration;

/**
 * The root of every exception this library throws on purpose. It is unchecked: a host catches it (or one of its
 * specific subclasses) where it can do something about it and lets it propagate elsewhere.
 *
 * <p>Every subclass carries a message that names the thing that was wrong and the offending value, and every operation
 * that throws one leaves stored state as it was before the call.
 */
public class ScenarioMigrationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the given message. */
  public ScenarioMigrationException(String message) {
    super(message);
  }

  /** Creates an exception with the given message and cause. */
  public ScenarioMigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
