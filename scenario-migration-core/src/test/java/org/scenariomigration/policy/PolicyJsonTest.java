package org.scenariomigration.policy;

import org.scenariomigration.json.MalformedJsonException;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanFixtures;
import org.scenariomigration.plan.PlanRequest;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.Seeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyJsonTest {

  @Test
  void reads_the_seed_policies_request_body() {
    Map<String, AnchorPolicy> policies = PolicyJson.readRequest("""
        {
          "policies": {
            "abc123def456": {
              "anchor_content_hash": "abc123def456",
              "anchor_name": "Checkout",
              "scope_filter": {
                "include_channels": ["whatsapp"],
                "max_session_age_days": 30
              },
              "update_downstream": true
            }
          }
        }""");

    assertThat(policies).containsOnlyKeys("abc123def456");
    AnchorPolicy p = policies.get("abc123def456");
    assertThat(p.anchorName()).isEqualTo("Checkout");
    assertThat(p.scopeFilter().includeChannels()).containsExactly("whatsapp");
    assertThat(p.scopeFilter().maxSessionAgeDays()).isEqualTo(30);
    assertThat(p.scopeFilter().minSessionAgeDays()).isNull();
    assertThat(p.updateDownstream()).isTrue();
    assertThat(p.forceScenario()).isNull();
  }

  @Test
  void every_field_of_a_policy_is_optional_and_the_hash_defaults_to_the_key() {
    Map<String, AnchorPolicy> policies = PolicyJson.readRequest("{\"policies\": {\"h1\": {}, \"h2\": "
        + "{\"update_downstream\": false, \"force_scenario\": \"gap_fill\"}}}");

    assertThat(policies.get("h1")).isEqualTo(new AnchorPolicy("h1", "", ScopeFilter.ALL, true, null));
    assertThat(policies.get("h2")).isEqualTo(new AnchorPolicy("h2", "", ScopeFilter.ALL, false,
        MigrationScenario.GAP_FILL));
  }

  @Test
  void writes_what_it_reads() {
    AnchorPolicy p = new AnchorPolicy("h1", "Checkout", new ScopeFilter(Set.of("web", "sms"), Set.of("voice"), 30, 1,
        Set.of("checkout"), Set.of()), false, MigrationScenario.RE_ROUTE);

    assertThat(PolicyJson.readRequest(PolicyJson.writeRequest(Map.of("h1", p)))).containsExactly(Map.entry("h1", p));
    assertThat(PolicyJson.readPolicies("{\"h1\": " + PolicyJson.write(p) + "}")).containsExactly(Map.entry("h1", p));
  }

  @Test
  void errors_name_the_json_path_and_the_value() {
    assertThatThrownBy(() -> PolicyJson.readRequest("{\"anchor_policies\": {}}"))
        .isInstanceOf(MalformedJsonException.class).hasMessageContaining("$.policies")
        .hasMessageContaining("required object is missing");
    assertThatThrownBy(() -> PolicyJson.readRequest("{\"policies\": {\"h1\": {\"anchor_content_hash\": \"h2\"}}}"))
        .isInstanceOf(MalformedJsonException.class).hasMessageContaining("$.policies.h1.anchor_content_hash")
        .hasMessageContaining("'h2' does not match the policy's key 'h1'");
    assertThatThrownBy(() -> PolicyJson.readRequest(
        "{\"policies\": {\"h1\": {\"scope_filter\": {\"max_session_age_days\": \"thirty\"}}}}"))
        .isInstanceOf(MalformedJsonException.class)
        .hasMessageContaining("$.policies.h1.scope_filter.max_session_age_days")
        .hasMessageContaining("thirty");
    assertThatThrownBy(() -> PolicyJson.readRequest("{\"policies\": {\"h1\": {\"force_scenario\": \"teleport\"}}}"))
        .isInstanceOf(MalformedJsonException.class).hasMessageContaining("unknown value 'teleport'");
    assertThatThrownBy(() -> PolicyJson.readRequest("{\"policies\": "))
        .isInstanceOf(MalformedJsonException.class).hasMessageStartingWith("policies JSON is malformed at $");
  }

  @Test
  void the_policies_it_reads_apply_to_a_plan_by_full_anchor_hash() {
    MigrationPlan plan = PlanFixtures.planner().plan(PlanRequest.builder("t1", Seeds.v1(), Seeds.v2AgeInserted())
        .build());
    String checkout = plan.transformationMap().anchorAtFromStep("checkout").orElseThrow().anchorContentHash();

    MigrationPlan changed = plan.withPolicies(PolicyJson.readRequest("{\"policies\": {\"" + checkout
        + "\": {\"scope_filter\": {\"include_channels\": [\"whatsapp\"]}}}}"));

    assertThat(changed.anchorPolicies().get(checkout).scopeFilter().includeChannels()).containsExactly("whatsapp");
  }
}
