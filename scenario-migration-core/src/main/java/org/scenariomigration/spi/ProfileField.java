package org.scenariomigration.spi;

import org.scenariomigration.session.VariableValues;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/**
 * One field of a customer profile.
 *
 * @param name the field name; it follows the id grammar ({@link Ids})
 * @param value the value: one of {@link VariableValues}, normalised ({@link Integer} becomes {@link Long}, maps come in
 *     key order ...)
 * @param source where it came from (for example {@code crm}, {@code extraction})
 * @param confidence how sure the source is, from 0 to 1
 * @param expiresAt when the value stops being valid, or {@code null} for never
 */
public record ProfileField(String name, Object value, String source, double confidence, Instant expiresAt) {

  /**
   * Validates the components and normalises the value.
   *
   * @throws UnsupportedValueException when the value is outside {@link VariableValues}' model, naming the field
   */
  public ProfileField {
    requireNonNull(name, "name");
    Ids.require(IdKind.FIELD, name);
    value = VariableValues.normalize(name, value);
    source = source == null ? "" : source;
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence of profile field '" + name + "' must be between 0 and 1 but was "
          + confidence);
    }
  }

  /** Whether the value has expired at {@code now}. */
  public boolean isExpired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
