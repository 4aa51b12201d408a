package org.scenariomigration.policy;

import org.scenariomigration.json.Json;
import org.scenariomigration.json.JsonLimitException;
import org.scenariomigration.json.MalformedJsonException;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanJson;
import org.scenariomigration.scenario.ScenarioJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import org.scenariomigration.InvalidIdException;
import org.scenariomigration.scenario.MigrationScenario;

/**
 * Reads and writes per-anchor policies in the operator API's shape, for hosts that expose the operator's
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
 * <p>A key is an anchor content hash, or {@code <anchor_content_hash>@<source step id>} for one of twins
 * ({@link AnchorPolicy#twinKey}). Within a policy every field is optional: {@code anchor_content_hash} defaults to the
 * key's hash and must equal it,
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
   * Reads the operator API's request body, {@code {"policies": {hash: policy, ...}}}, into policies keyed by anchor
   * content hash (or twin key), in document order.
   */
  public static Map<String, AnchorPolicy> readRequest(String json) {
    Json.Obj root = new Json.Obj(DOC, "$", Json.parse(DOC, json));
    if (!root.has("policies")) {
      throw root.fail("$.policies", "required object is missing");
    }
    return readPolicies(root.obj("policies"));
  }

  /** Reads a bare policies object, {@code {hash: policy, ...}} (the value of {@code anchor_policies} in a plan). */
  public static Map<String, AnchorPolicy> readPolicies(String json) {
    return readPolicies(new Json.Obj(DOC, "$", Json.parse(DOC, json)));
  }

  /**
   * Writes the operator API's request body, {@code {"policies": {...}}}, that {@link #readRequest(String)} reads back.
   */
  public static String writeRequest(Map<String, AnchorPolicy> policies) {
    ObjectNode root = Json.object();
    ObjectNode ps = root.putObject("policies");
    policies.forEach((k, v) -> ps.set(k, toNode(v)));
    return Json.write(root);
  }

  /** Writes one policy object in the operator API's shape. */
  public static String write(AnchorPolicy policy) {
    java.util.Objects.requireNonNull(policy, "policy must not be null");
    return Json.write(toNode(policy));
  }

  /** One policy as a JSON object in the operator API's shape (what {@link #write(AnchorPolicy)} writes). */
  public static ObjectNode toNode(AnchorPolicy p) {
    ObjectNode o = Json.object();
    o.put("anchor_content_hash", p.anchorContentHash());
    o.put("anchor_name", p.anchorName());
    ScopeFilter f = p.scopeFilter();
    ObjectNode so = o.putObject("scope_filter");
    so.set("include_channels", Json.strings(f.includeChannels()));
    so.set("exclude_channels", Json.strings(f.excludeChannels()));
    so.put("max_session_age_days", f.maxSessionAgeDays());
    so.put("min_session_age_days", f.minSessionAgeDays());
    so.set("include_current_steps", Json.strings(f.includeCurrentSteps()));
    so.set("exclude_current_steps", Json.strings(f.excludeCurrentSteps()));
    o.put("update_downstream", p.updateDownstream());
    o.put("force_scenario", p.forceScenario() == null ? null : p.forceScenario().jsonName());
    return o;
  }

  /** Reads the operator API's policies object: anchor content hash (or twin key) to policy. */
  public static Map<String, AnchorPolicy> readPolicies(Json.Obj o) {
    Map<String, AnchorPolicy> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = o.node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      Json.Obj p = new Json.Obj(o.document, o.path + "." + e.getKey(), e.getValue());
      // a key is the anchor's hash, or the twin key <hash>@<source step id> of one anchor
      int at = e.getKey().indexOf(AnchorPolicy.TWIN_SEPARATOR);
      String keyHash = at < 0 ? e.getKey() : e.getKey().substring(0, at);
      String hash = p.str("anchor_content_hash", keyHash);
      if (!hash.equals(keyHash)) {
        throw p.fail(p.path + ".anchor_content_hash",
            "'" + hash + "' does not match the policy's key '" + e.getKey() + "'");
      }
      ScopeFilter filter = ScopeFilter.ALL;
      if (p.has("scope_filter")) {
        Json.Obj f = p.obj("scope_filter");
        try {
          filter = new ScopeFilter(new LinkedHashSet<>(f.strings("include_channels")),
              new LinkedHashSet<>(f.strings("exclude_channels")), f.optInteger("max_session_age_days"),
              f.optInteger("min_session_age_days"), new LinkedHashSet<>(f.strings("include_current_steps")),
              new LinkedHashSet<>(f.strings("exclude_current_steps")));
        } catch (InvalidIdException ex) {
          throw f.fail(f.path, ex);
        } catch (IllegalArgumentException ex) {
          throw f.fail(f.path, ex.getMessage());
        }
      }
      MigrationScenario force = p.has("force_scenario") ? p.enumValue("force_scenario", MigrationScenario::fromJson)
          : null;
      out.put(e.getKey(), new AnchorPolicy(hash, p.str("anchor_name", ""), filter, p.bool("update_downstream", true),
          force));
    }
    return out;
  }

}
