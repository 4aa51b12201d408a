package org.scenariomigration.plan;

import java.util.Locale;

/**
 * The lifecycle of a migration plan: {@code pending → approved → deployed → superseded}, with {@code rejected},
 * {@code rolled_back} and {@code expired} as side exits. The JSON names are lowercase.
 */
public enum PlanStatus {
  /** Generated, waiting for review. */
  PENDING,
  /** Approved by an operator, not yet deployed. */
  APPROVED,
  /** Deployed: its sessions are marked and migrate at their next message. */
  DEPLOYED,
  /** A newer plan for the same scenario was deployed. */
  SUPERSEDED,
  /** Rejected by an operator. */
  REJECTED,
  /** Deployed and then rolled back. */
  ROLLED_BACK,
  /** Purged by retention before it was deployed. */
  EXPIRED;

  private final String jsonName = name().toLowerCase(Locale.ROOT);

  /** The JSON name, for example {@code rolled_back}. */
  public String jsonName() {
    return jsonName;
  }

  /** Parses a JSON name; throws {@link IllegalArgumentException} naming the value when it is unknown. */
  public static PlanStatus fromJson(String name) {
    for (PlanStatus s : values()) {
      if (s.jsonName().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown plan status '" + name + "'");
  }
}
