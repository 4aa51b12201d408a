package org.scenariomigration.spi;

import org.scenariomigration.session.VariableValues;
import java.util.Locale;

/**
 * A field that gap fill filled, and where the value came from.
 *
 * @param field the field name
 * @param value the value: one of {@link VariableValues}, normalised
 * @param source where it came from
 * @param confidence the confidence (1 for profile and session values)
 */
public record FilledField(String field, Object value, Source source, double confidence) {

  /**
   * Normalises the value.
   *
   * @throws UnsupportedValueException when the value is outside {@link VariableValues}' model, naming the field
   */
  public FilledField {
    value = VariableValues.normalize(field, value);
  }

  /**
   * Where a gap-fill value came from. A field the session already holds is not a gap: its own value is kept and is
   * never overwritten by the profile (that would lose the customer's answer). For a field the session lacks, the
   * look-up order is the profile (skipping expired values), then the extractor; then the customer is asked.
   */
  public enum Source {
    /** The customer profile. */
    PROFILE,
    /** The session variables. */
    SESSION,
    /** Extraction from the conversation. */
    EXTRACTION;

    private final String jsonName = name().toLowerCase(Locale.ROOT);

    /** The JSON name. */
    public String jsonName() {
      return jsonName;
    }
  }
}
