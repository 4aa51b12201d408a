package org.scenariomigration.spi;

import org.scenariomigration.session.VariableValues;
import java.util.Optional;

/**
 * Extracts a field's value from the conversation so far, for example with an LLM. Gap fill calls it after the profile
 * and the session variables, and only when {@code gap_fill.extraction_enabled} is true.
 */
@FunctionalInterface
public interface Extractor {

  /** An extractor that never finds anything: the default. */
  Extractor NONE = request -> Optional.empty();

  /** The extracted value with its confidence, or empty when the conversation does not say. */
  Optional<Extraction> extract(ExtractionRequest request);

  /**
   * What to extract.
   *
   * @param tenantId the tenant
   * @param sessionId the session whose conversation to read
   * @param customerId the customer
   * @param field the field name
   * @param hint the collected field's extraction hint, possibly empty
   * @param maxConversationTurns how many recent turns to read at most
   */
  record ExtractionRequest(String tenantId, String sessionId, String customerId, String field, String hint,
      int maxConversationTurns) {}

  /**
   * An extracted value.
   *
   * @param value the value: one of {@link VariableValues}, normalised ({@link Integer} becomes {@link Long} ...)
   * @param confidence from 0 to 1
   */
  record Extraction(Object value, double confidence) {
    /**
     * Validates the confidence and normalises the value.
     *
     * @throws UnsupportedValueException when the value is outside {@link VariableValues}' model
     */
    public Extraction {
      value = VariableValues.normalize("extracted value", value);
      if (!(confidence >= 0 && confidence <= 1)) {
        throw new IllegalArgumentException("extraction confidence must be between 0 and 1 but was " + confidence);
      }
    }
  }
}
