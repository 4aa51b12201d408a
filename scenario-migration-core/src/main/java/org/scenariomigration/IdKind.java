package org.scenariomigration;

/**
 * The kinds of id that follow the id grammar of {@link Ids}: every value the library uses as a key, stores in an id
 * column or compares in a store's query. {@link InvalidIdException#kind()} says which one was wrong.
 */
public enum IdKind {
  /** A tenant id: scopes every store operation. */
  TENANT("tenant id", "tenantId"),
  /** A session id, unique within its tenant. */
  SESSION("session id", "sessionId"),
  /** A customer id: the key of profile look-ups. */
  CUSTOMER("customer id", "customerId"),
  /** A channel (for example {@code whatsapp}): compared by scope filters. */
  CHANNEL("channel", "channel"),
  /** A scenario id, stable across its versions. */
  SCENARIO("scenario id", "scenarioId"),
  /** A step id, unique within its scenario version. */
  STEP("step id", "stepId"),
  /**
   * A field name: a field a step collects or requires, a profile field. Dotted paths such as {@code customer.age} are
   * field names too.
   */
  FIELD("field name", "field"),
  /** A migration plan id. */
  PLAN("plan id", "planId"),
  /** A journal record id. */
  JOURNAL_RECORD("journal record id", "recordId");

  private final String label;
  private final String parameter;

  IdKind(String label, String parameter) {
    this.label = label;
    this.parameter = parameter;
  }

  /** How messages name this kind, for example {@code tenant id}. */
  public String label() {
    return label;
  }

  /** The parameter name a {@link NullPointerException} names, for example {@code tenantId}. */
  public String parameterName() {
    return parameter;
  }
}
