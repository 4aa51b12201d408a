package org.scenariomigration.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Reads and writes per-anchor policies in the seed's shape, for hosts that expose the operator's
 * {@code PUT /api/v1/migration-plans/{plan_id}/policies} endpoint:
 *
 * <pre>{@code
 * {
 *   "policies": {
 *     "<anchor_content_hash>": {
 *       "anchor_content_hash": "<anchor_content_hash>",
 *       "anchor_name": "Checkout",
 *       "scope_filter": {"include_channels": ["whatsapp"], "max_session_age_days": 30},
 *       "update_downstream": true
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Within a policy every field is optional: {@code anchor_content_hash} defaults to the key and must equal it,
 * {@code scope_filter} defaults to every session, {@code update_downstream} to {@code true} and
 * {@code force_scenario} ({@code clean_graft}, {@code gap_fill} or {@code re_route}) to the computed class. The scope
 * filter also takes {@code exclude_channels}, {@code min_session_age_days}, {@code include_current_steps} and
 * {@code exclude_current_steps}. Whether a key is an anchor of a given plan is checked by
 * {@link MigrationPlan#withPolicies(Map)}, not here. Errors throw {@link MalformedJsonException} naming the JSON path
 * and the value; a document beyond the limits of {@link ScenarioJson} (nesting depth 64 ...) throws
 * {@link JsonLimitException} naming the limit. These are the same policy objects {@link PlanJson} writes under
 * {@code anchor_policies}.
 */
public final class PolicyJson {
  private static final String DOC = "policies";

  private PolicyJson() {}

  /**
   * Reads the seed's request body, {@code {"policies": {hash: policy, ...}}}, into policies keyed by anchor content
   * hash, in document order.
   */
  public static Map<String, AnchorPolicy> readRequest(String json) {
    Json.Obj root = new Json.Obj(DOC, "$", Json.parse(DOC, json));
    if (!root.has("policies")) {
      throw root.fail("$.policies", "required object is missing");
    }
    return PlanJson.readPolicies(root.obj("policies"));
  }

  /** Reads a bare policies object, {@code {hash: policy, ...}} (the value of {@code anchor_policies} in a plan). */
  public static Map<String, AnchorPolicy> readPolicies(String json) {
    return PlanJson.readPolicies(new Json.Obj(DOC, "$", Json.parse(DOC, json)));
  }

  /** Writes the seed's request body, {@code {"policies": {...}}}, that {@link #readRequest(String)} reads back. */
  public static String writeRequest(Map<String, AnchorPolicy> policies) {
    ObjectNode root = Json.object();
    ObjectNode ps = root.putObject("policies");
    policies.forEach((k, v) -> ps.set(k, PlanJson.policy(v)));
    return Json.write(root);
  }

  /** Writes one policy object in the seed's shape. */
  public static String write(AnchorPolicy policy) {
    java.util.Objects.requireNonNull(policy, "policy must not be null");
    return Json.write(PlanJson.policy(policy));
  }
}
