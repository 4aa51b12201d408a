package org.scenariomigration.session;

import org.scenariomigration.spi.InvalidEndReasonException;
import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Why a session ended: {@link #COMPLETED} (it reached a step with no outgoing transition), {@link #ABANDONED} (the
 * customer went away), {@link #EXITED} (it left the scenario, for example after an {@code exit_scenario} outcome), or a
 * host-defined name. A name is 1 to 64 characters of lower-case ASCII letters, digits, {@code _}, {@code -} and
 * {@code .}, starting with a letter: it is stored as it is and carries no personal data.
 *
 * @param name the reason's name, for example {@code completed}
 */
public record EndReason(String name) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

  /** The session reached a step with no outgoing transition. */
  public static final EndReason COMPLETED = new EndReason("completed");
  /** The customer went away. */
  public static final EndReason ABANDONED = new EndReason("abandoned");
  /** The session left the scenario. */
  public static final EndReason EXITED = new EndReason("exited");

  /**
   * Validates the name.
   *
   * @throws InvalidEndReasonException naming the value when it breaks the grammar above
   */
  public EndReason {
    requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new InvalidEndReasonException(name);
    }
  }

  /** The reason called {@code name}: one of the constants, or a host-defined reason. */
  public static EndReason of(String name) {
    return switch (requireNonNull(name, "name")) {
      case "completed" -> COMPLETED;
      case "abandoned" -> ABANDONED;
      case "exited" -> EXITED;
      default -> new EndReason(name);
    };
  }

  @Override
  public String toString() {
    return name;
  }
}
