package org.scenariomigration.runtime;

import java.io.Serializable;
import java.util.List;
import org.scenariomigration.ScenarioMigrationException;

/**
 * Thrown when a configuration value or document is invalid. The message names every bad key and value;
 * {@link #problems()} lists them one by one, and {@link #key()} and {@link #value()} give the first.
 */
public class InvalidConfigException extends ScenarioMigrationException {
  private static final long serialVersionUID = 1L;

  /**
   * One bad setting.
   *
   * @param key the key inside {@code [scenario_migration]}, as {@link MigrationConfig} lists them, for example
   *     {@code gap_fill.confirmation_threshold} or {@code mode}; {@code null} when the document itself cannot be read
   * @param value the offending value as text (a string value without quotes), or {@code null} when it was
   *     {@code null} or there is none
   * @param message what is wrong with it, naming the key and the value
   */
  public record Problem(String key, String value, String message) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final List<Problem> problems;

  /** The exception for one bad setting: {@code key} (or {@code null}), its {@code value} and the message. */
  public InvalidConfigException(String key, String value, String message) {
    this(key, value, message, null);
  }

  /** The exception for one bad setting, caused by {@code cause} (a TOML parser's exception, for example). */
  public InvalidConfigException(String key, String value, String message, Throwable cause) {
    super(message, cause);
    this.problems = List.of(new Problem(key, value, message));
  }

  /** The exception for every bad setting of a config at once; {@code problems} must not be empty. */
  public InvalidConfigException(List<Problem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  private static String message(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an InvalidConfigException needs at least one problem");
    }
    StringBuilder sb = new StringBuilder("invalid scenario_migration config: ");
    for (int i = 0; i < problems.size(); i++) {
      sb.append(i == 0 ? "" : "; ").append(problems.get(i).message());
    }
    return sb.toString();
  }

  /** Every bad setting, in the order found; at least one. */
  public List<Problem> problems() {
    return problems;
  }

  /** The key of the first bad setting ({@link Problem#key()}), or {@code null} when the document cannot be read. */
  public String key() {
    return problems.get(0).key();
  }

  /** The value of the first bad setting ({@link Problem#value()}). */
  public String value() {
    return problems.get(0).value();
  }
}
