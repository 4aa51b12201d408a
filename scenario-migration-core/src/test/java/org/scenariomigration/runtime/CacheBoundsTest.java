package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.runtime.RuntimeFixtures.Env;

/** Every cache of the engine is bounded in estimated bytes, whatever the sizes of the versions it holds. */
class CacheBoundsTest {

  @Test
  void every_engine_cache_is_bounded_in_estimated_bytes_as_the_readme_says() {
    Map<String, long[]> caches = new Env().engine.cacheWeights();

    assertThat(caches).containsOnlyKeys("versions", "facts", "composites", "anchor indexes", "prepared anchors");
    assertThat(caches.get("versions")[0]).isEqualTo(CacheWeights.VERSIONS_BYTES).isEqualTo(32L << 20);
    assertThat(caches.get("facts")[0]).isEqualTo(CacheWeights.FACTS_BYTES).isEqualTo(16L << 20);
    assertThat(caches.get("composites")[0]).isEqualTo(CacheWeights.COMPOSITES_BYTES).isEqualTo(16L << 20);
    assertThat(caches.get("anchor indexes")[0]).isEqualTo(CacheWeights.ANCHOR_INDEXES_BYTES).isEqualTo(4L << 20);
    assertThat(caches.get("prepared anchors")[0]).isEqualTo(CacheWeights.PREPARED_BYTES).isEqualTo(8L << 20);
  }

  @Test
  void a_version_weighs_by_its_steps_and_transitions() {
    assertThat(CacheWeights.version(chain(1, 1_000, 1)))
        .isEqualTo(CacheWeights.ENTRY + 1_000 * CacheWeights.STEP + 999 * CacheWeights.TRANSITION);
  }

  @Test
  void relocating_sessions_of_many_large_versions_keeps_the_caches_within_their_bounds() {
    Env env = new Env();
    int steps = 200;
    int versions = 50; // 50 versions of about 0.7 MB estimated each: 36 MB, more than the versions' 32 MB
    for (int v = 1; v <= versions; v++) {
      env.engine.publish(TENANT, chain(v, steps, 25));
      env.engine.operations().makeCurrent(TENANT, "long", v);
      env.engine.startSession(TENANT, "s" + v, "c" + v, "web", "long");
      env.engine.advance(TENANT, "s" + v, "s" + v);
    }
    for (int v = 1; v < versions; v++) {
      assertThat(env.engine.reconcile(TENANT, "s" + v).kind()).isNotNull();
      assertThat(env.engine.session(TENANT, "s" + v).version()).isEqualTo(versions);
    }
    env.engine.cacheWeights().forEach((name, w) -> assertThat(w[1]).as(name).isLessThanOrEqualTo(w[0]));
    assertThat(env.engine.cacheWeights().get("versions")[1]).isGreaterThan(CacheWeights.VERSIONS_BYTES / 2);
  }

  @Test
  void the_estimate_and_the_impact_preview_go_through_every_page_of_sessions() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    int n = 2 * PlanLifecycle.PAGE + 50;
    for (int i = 0; i < n; i++) {
      env.session(String.format("s%04d", i), "web", "checkout");
    }
    org.scenariomigration.plan.MigrationPlan plan = env.engine.operations().generatePlan(TENANT,
        RuntimeFixtures.v2PaymentDownstream(), "op");

    assertThat(plan.summary().estimatedSessionsAffected()).isEqualTo(n);
    assertThat(env.engine.operations().previewImpact(TENANT, plan.id(), 0).sessionsExamined()).isEqualTo(n);
    assertThat(env.engine.operations().previewImpact(TENANT, plan.id(), n - 10).sessionsExamined()).isEqualTo(n - 10);
  }

  /**
   * A chain s0 → s1 → ... of {@code steps} steps, each also leading to the next {@code fanOut - 1} steps; each version
   * renames half its steps so that no two versions are alike.
   */
  static ScenarioVersion chain(int version, int steps, int fanOut) {
    ScenarioVersion.Builder b = ScenarioVersion.builder("long", version).name("Long");
    for (int i = 0; i < steps; i++) {
      Step.Builder s = Step.builder("s" + i).name("Step " + i + (i % 2 == 0 ? "" : " of v" + version));
      for (int j = i + 1; j <= i + fanOut && j < steps; j++) {
        s.to("s" + j);
      }
      b.step(s);
    }
    return b.build();
  }
}
