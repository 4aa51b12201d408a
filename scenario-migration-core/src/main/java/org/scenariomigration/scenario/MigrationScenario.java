package org.scenariomigration.scenario;

import java.util.Locale;

/** How sessions at an anchor are migrated; with the operator API's JSON names. */
public enum MigrationScenario {
  /** Upstream unchanged: the session is teleported silently to the anchor in the new version. */
  CLEAN_GRAFT,
  /** New upstream steps collect data the session never gave: it is filled from the profile, variables, extraction,
   * or asked for. */
  GAP_FILL,
  /** A new upstream fork could send the session elsewhere: its conditions are evaluated and it may be redirected. */
  RE_ROUTE;

  private final String jsonName = name().toLowerCase(Locale.ROOT);

  /** The JSON name: {@code clean_graft}, {@code gap_fill} or {@code re_route}. */
  public String jsonName() {
    return jsonName;
  }

  /** Parses a JSON name; throws {@link IllegalArgumentException} naming the value when it is unknown. */
  public static MigrationScenario fromJson(String name) {
    for (MigrationScenario s : values()) {
      if (s.jsonName().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown migration scenario '" + name + "', expected clean_graft, gap_fill or re_route");
  }
}
