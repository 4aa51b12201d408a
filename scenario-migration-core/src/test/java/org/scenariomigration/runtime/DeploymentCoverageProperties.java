package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.runtime.MigrationInvariantProperties.World;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.runtime.SessionGenerators.SessionSpec;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionState;

/**
 * A deployment covers sessions instead of marking them (issue #17): over generated scenarios, edits, sessions, scope
 * filters and rollout shares, deploying writes no session, and the counts it answers (and the status shows) are
 * exactly the sessions its plan then acts on at their first message.
 */
class DeploymentCoverageProperties {

  @Property(tries = 400)
  void the_counts_of_a_deployment_are_what_its_sessions_then_do(@ForAll("worlds") World w,
      @ForAll @IntRange(min = 1, max = 100) int rollout) {
    Env env = MigrationInvariantProperties.env(w, TENANT);
    MigrationPlan generated = env.engine.operations().generatePlan(TENANT, w.v2(), "op@example.com");
    Random r = new Random(w.seed());
    Map<String, AnchorPolicy> policies = new LinkedHashMap<>();
    for (AnchorTransformation a : generated.transformationMap().anchors()) {
      AnchorPolicy p = generated.policyFor(a)
          .withScopeFilter(MigrationInvariantProperties.scope(r, w.v1(), a.fromStepId()));
      policies.putIfAbsent(a.anchorContentHash(), r.nextInt(100) < 10 ? p.withUpdateDownstream(false) : p);
    }
    env.engine.operations().updatePolicies(TENANT, generated.id(), policies);
    env.engine.operations().approve(TENANT, generated.id(), "lead@example.com");
    Map<String, SessionState> before = MigrationInvariantProperties.snapshot(env, TENANT, w);

    DeploymentResult result = env.engine.operations().deploy(TENANT, generated.id(), rollout);

    // no session is written by a deploy
    assertThat(MigrationInvariantProperties.snapshot(env, TENANT, w)).isEqualTo(before);
    DeploymentStatus status = env.engine.operations().deploymentStatus(TENANT, generated.id());
    assertThat(status.sessionsMarked()).isEqualTo(result.sessionsMarked());
    assertThat(status.migrationsPending()).isEqualTo(result.sessionsMarked());
    assertThat(status.migrationsApplied()).isZero();
    // the covered sessions, per anchor, as the answer counts them
    Set<String> covered = new LinkedHashSet<>();
    Map<String, Long> byAnchor = new HashMap<>();
    for (SessionSpec spec : w.sessions()) {
      PendingMigration m = env.engine.pendingMigration(TENANT, spec.sessionId()).orElse(null);
      if (m != null) {
        assertThat(m.planId()).isEqualTo(generated.id());
        covered.add(spec.sessionId());
        byAnchor.merge(m.anchorContentHash() == null ? "exit" : m.anchorContentHash(), 1L, Long::sum);
      }
    }
    assertThat(result.sessionsMarked()).isEqualTo(covered.size());
    assertThat(result.sessionsByAnchor()).isEqualTo(byAnchor);

    // and at its first message the plan acts on exactly those
    for (SessionSpec spec : w.sessions()) {
      String id = spec.sessionId();
      Outcome o = env.engine.reconcile(TENANT, id);
      boolean actedOn = env.engine.journal(TENANT, id).stream()
          .anyMatch(x -> generated.id().equals(x.planId()) && x.kind() != JournalRecord.Kind.EFFECT_RETIRED)
          || o instanceof Outcome.Collect || o instanceof Outcome.Confirm;
      assertThat(actedOn).as("%s covered: %s, outcome %s", id, covered.contains(id), o)
          .isEqualTo(covered.contains(id));
      if (!covered.contains(id)) {
        // left out: pinned (or ended, or not on the old version), and its next message takes the fast path
        SessionState once = env.engine.session(TENANT, id);
        assertThat(env.engine.reconcile(TENANT, id)).isIn(Outcome.CONTINUE, o);
        assertThat(env.engine.session(TENANT, id)).isEqualTo(once);
      }
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<World> worlds() {
    return new MigrationInvariantProperties().worlds();
  }
}
