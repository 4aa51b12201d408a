package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scenariomigration.runtime.RuntimeFixtures.T0;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.runtime.RuntimeFixtures.TestClock;
import org.scenariomigration.spi.Extractor;
import org.scenariomigration.memory.InMemoryPlanStore;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.memory.InMemoryScenarioStore;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.spi.SessionStore;

class OperationsDryRunTest {
  private static final Set<String> WRITES = Set.of("insert", "update", "commit", "mark", "unmark", "replace",
      "delete", "save", "setCurrentVersion", "put");

  /** An engine whose every store call is recorded, with a counting extractor and a recording listener. */
  private static final class Watched {
    final TestClock clock = new TestClock(T0);
    final InMemorySessionStore sessions = new InMemorySessionStore();
    final InMemoryPlanStore plans = new InMemoryPlanStore();
    final InMemoryScenarioStore scenarios = new InMemoryScenarioStore();
    final InMemoryProfileStore profiles = new InMemoryProfileStore();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<MigrationEvent> events = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger extractorCalls = new AtomicInteger();
    final List<String> ids = new ArrayList<>();
    final ScenarioMigration engine;

    Watched(Extractor.Extraction extraction) {
      Extractor extractor = request -> {
        extractorCalls.incrementAndGet();
        return Optional.ofNullable(extraction);
      };
      engine = ScenarioMigration.builder().clock(clock)
          .sessionStore(watch(sessions, SessionStore.class, JournalStore.class))
          .planStore(watch(plans, PlanStore.class))
          .scenarioStore(watch(scenarios, ScenarioStore.class))
          .profileStore(watch(profiles, ProfileStore.class))
          .extractor(extractor)
          .listener(events::add)
          .build();
    }

    @SuppressWarnings("unchecked")
    private <T> T watch(Object target, Class<T> type, Class<?>... more) {
      Class<?>[] types = new Class<?>[more.length + 1];
      types[0] = type;
      System.arraycopy(more, 0, types, 1, more.length);
      return (T) Proxy.newProxyInstance(getClass().getClassLoader(), types, (proxy, method, args) -> {
        calls.add(type.getSimpleName() + "." + method.getName());
        try {
          return method.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      });
    }

    void session(String id, String... steps) {
      engine.startSession(TENANT, id, "customer-" + id, "web", "order-flow");
      for (String s : steps) {
        engine.advance(TENANT, id, s);
      }
      ids.add(id);
    }

    List<String> writes() {
      synchronized (calls) {
        return calls.stream().filter(c -> WRITES.contains(c.substring(c.indexOf('.') + 1))).toList();
      }
    }

    /** Everything the stores hold that a dry run could touch. */
    Map<String, Object> snapshot() {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int v : scenarios.versions(TENANT, "order-flow")) {
        m.put("sessions@" + v, sessions.findAtVersion(TENANT, "order-flow", v, Integer.MAX_VALUE));
        m.put("version@" + v, scenarios.find(TENANT, "order-flow", v));
      }
      m.put("current", scenarios.currentVersion(TENANT, "order-flow"));
      m.put("plans", plans.forScenario(TENANT, "order-flow"));
      for (String id : ids) {
        m.put("session " + id, sessions.find(TENANT, id));
        m.put("journal " + id, sessions.forSession(TENANT, id));
        m.put("profile " + id, profiles.find(TENANT, "customer-" + id, "age"));
      }
      return m;
    }
  }

  private static MigrationPlan approve(Watched w, ScenarioVersion to) {
    MigrationPlan p = w.engine.operations().generatePlan(TENANT, to, "op");
    w.engine.operations().approve(TENANT, p.id(), "lead");
    return p;
  }

  @Test
  void a_dry_run_predicts_each_outcome_and_provably_writes_nothing() {
    Watched w = new Watched(new Extractor.Extraction(40, 0.99));
    w.engine.publish(TENANT, RuntimeFixtures.v1());
    w.session("at-welcome");
    w.session("no-age", "checkout");
    w.session("with-age", "checkout");
    w.engine.setVariables(TENANT, "with-age", Map.of("age", 30));
    MigrationPlan plan = approve(w, RuntimeFixtures.v2AgeInserted());
    Map<String, Object> before = w.snapshot();
    Map<String, Long> metricsBefore = w.engine.metrics().counters();
    w.calls.clear();
    w.events.clear();

    Outcome welcome = w.engine.operations().dryRun(TENANT, plan.id(), "at-welcome", false);
    Outcome noAge = w.engine.operations().dryRun(TENANT, plan.id(), "no-age", false);
    Outcome withAge = w.engine.operations().dryRun(TENANT, plan.id(), "with-age", false);

    assertThat(welcome).isEqualTo(new Outcome.Teleport("welcome", 2, Outcome.TeleportReason.CLEAN_GRAFT, null));
    assertThat(noAge).isInstanceOfSatisfying(Outcome.Collect.class, c -> assertThat(c.fields()).containsExactly("age"));
    assertThat(withAge).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));
    assertThat(w.extractorCalls).hasValue(0);

    Outcome extracted = w.engine.operations().dryRun(TENANT, plan.id(), "no-age", true);

    assertThat(extracted).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));
    assertThat(w.extractorCalls).hasValue(1);
    assertThat(w.writes()).isEmpty();
    assertThat(w.calls).isNotEmpty(); // it did read
    assertThat(w.events).isEmpty();
    assertThat(w.engine.metrics().counters()).isEqualTo(metricsBefore);
    assertThat(w.snapshot()).isEqualTo(before);
    assertThat(w.engine.operations().plan(TENANT, plan.id()).status()).isEqualTo(PlanStatus.APPROVED);
  }

  @Test
  void a_dry_run_of_a_deployed_plan_leaves_marked_sessions_untouched() {
    Watched w = new Watched(new Extractor.Extraction(40, 0.9)); // between the thresholds: confirm
    w.engine.publish(TENANT, RuntimeFixtures.v1());
    w.session("no-age", "checkout");
    MigrationPlan plan = approve(w, RuntimeFixtures.v2AgeInserted());
    w.engine.operations().deploy(TENANT, plan.id());
    Map<String, Object> before = w.snapshot();
    long revision = w.engine.session(TENANT, "no-age").revision();
    w.calls.clear();
    w.events.clear();

    Outcome collect = w.engine.operations().dryRun(TENANT, plan.id(), "no-age", false);
    Outcome confirm = w.engine.operations().dryRun(TENANT, plan.id(), "no-age", true);

    assertThat(collect.kind()).isEqualTo(Outcome.Kind.COLLECT);
    assertThat(confirm).isInstanceOfSatisfying(Outcome.Confirm.class, c -> {
      assertThat(c.field()).isEqualTo("age");
      assertThat(c.value()).isEqualTo(40L);
    });
    assertThat(w.extractorCalls).hasValue(1);
    assertThat(w.writes()).isEmpty();
    assertThat(w.events).isEmpty();
    assertThat(w.snapshot()).isEqualTo(before);
    assertThat(w.engine.session(TENANT, "no-age").revision()).isEqualTo(revision);
    assertThat(w.engine.pendingMigration(TENANT, "no-age").orElse(null).askedFields()).isEmpty();
    // the real thing still works afterwards
    assertThat(w.engine.reconcile(TENANT, "no-age").kind()).isEqualTo(Outcome.Kind.CONFIRM);
  }

  @Test
  void a_dry_run_of_a_session_the_plan_would_not_mark_continues() {
    Watched w = new Watched(null);
    w.engine.publish(TENANT, RuntimeFixtures.v1());
    w.session("s1", "checkout");
    MigrationPlan plan = w.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2AgeInserted(), "op");
    w.engine.operations().updatePolicies(TENANT, plan.id(), Map.of(RuntimeFixtures.anchor(plan, "Checkout")
        .anchorContentHash(),
        AnchorPolicy.defaults(RuntimeFixtures.anchor(plan, "Checkout"))
            .withScopeFilter(ScopeFilter.builder().excludeChannels("web").build())));
    w.calls.clear();

    assertThat(w.engine.operations().dryRun(TENANT, plan.id(), "s1", true)).isSameAs(Outcome.CONTINUE);
    assertThat(w.extractorCalls).hasValue(0);
    assertThat(w.writes()).isEmpty();
  }

  @Test
  void the_impact_preview_counts_predicted_outcomes_and_lists_checkpoint_blocks_without_writing() {
    Watched w = new Watched(new Extractor.Extraction(40, 0.99));
    w.engine.publish(TENANT, RuntimeFixtures.v1WithPayment());
    w.session("a-paid", "payment", "checkout");
    w.session("b-welcome");
    w.session("c-welcome");
    w.session("d-paid", "payment", "checkout");
    MigrationPlan plan = approve(w, RuntimeFixtures.v2PaymentAfterCheckout());
    Map<String, Object> before = w.snapshot();
    w.calls.clear();

    ImpactPreview all = w.engine.operations().previewImpact(TENANT, plan.id(), 0);
    ImpactPreview sample = w.engine.operations().previewImpact(TENANT, plan.id(), 2);

    assertThat(all.planId()).isEqualTo(plan.id());
    assertThat(all.sessionsExamined()).isEqualTo(4);
    assertThat(all.byOutcome()).containsOnly(Map.entry("checkpoint_blocked", 2L),
        Map.entry("teleport:clean_graft", 2L));
    assertThat(all.checkpointBlocked()).containsExactly("a-paid", "d-paid");
    assertThat(sample.sessionsExamined()).isEqualTo(2);
    assertThat(sample.byOutcome()).containsOnly(Map.entry("checkpoint_blocked", 1L),
        Map.entry("teleport:clean_graft", 1L));
    assertThat(sample.checkpointBlocked()).containsExactly("a-paid");
    assertThat(w.extractorCalls).hasValue(0);
    assertThat(w.writes()).isEmpty();
    assertThat(w.snapshot()).isEqualTo(before);

    // the preview agrees with what reconcile then does
    w.engine.operations().deploy(TENANT, plan.id());
    assertThat(w.engine.reconcile(TENANT, "a-paid").blockedByCheckpoint()).isTrue();
    assertThat(w.engine.reconcile(TENANT, "b-welcome")).isEqualTo(new Outcome.Teleport("welcome", 2, Outcome.TeleportReason.CLEAN_GRAFT,
        null));
  }
}
