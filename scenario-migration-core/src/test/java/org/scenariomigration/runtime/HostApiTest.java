package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.runtime.RuntimeFixtures.T0;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.scenariomigration.InvalidIdException;
import org.scenariomigration.condition.ConditionEngine;
import org.scenariomigration.memory.InMemoryPlanStore;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.memory.InMemoryScenarioStore;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.memory.InMemoryVisitLog;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.scenario.AmbiguousAnchorReferenceException;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.ContentHash;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.UnknownAnchorException;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.spi.Stores;
import org.scenariomigration.spi.UnitOfWork;
import org.scenariomigration.spi.VisitLog;

/** The host's first afternoon: wiring the engine in one call, one policy by step id, imported sessions, profiles. */
class HostApiTest {

  @Nested
  class UpdatePolicy {
    private final RuntimeFixtures.Env env = new RuntimeFixtures.Env();

    @Test
    void a_policy_is_edited_by_step_id_and_the_estimate_follows_the_new_scope() {
      env.engine.publish(TENANT, RuntimeFixtures.v1());
      env.session("w1", "whatsapp", "checkout");
      env.session("s1", "sms", "checkout");
      MigrationPlan plan = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2AgeInserted(), "op");
      assertThat(plan.summary().estimatedSessionsAffected()).isEqualTo(2);

      MigrationPlan edited = env.engine.operations().updatePolicy(TENANT, plan.id(), "checkout",
          p -> p.includeChannels("whatsapp").maxSessionAgeDays(30));

      AnchorTransformation checkout = edited.transformationMap().anchorFor("checkout");
      AnchorPolicy policy = edited.policyFor(checkout);
      assertThat(policy.scopeFilter().includeChannels()).containsExactly("whatsapp");
      assertThat(policy.scopeFilter().maxSessionAgeDays()).isEqualTo(30);
      assertThat(policy.anchorContentHash()).isEqualTo(checkout.anchorContentHash());
      assertThat(edited.anchorPolicies()).containsOnlyKeys(checkout.anchorContentHash());
      assertThat(edited.summary().estimatedSessionsAffected()).isEqualTo(1);
      assertThat(env.engine.operations().plan(TENANT, plan.id())).isEqualTo(edited);
    }

    @Test
    void the_reviews_short_hash_names_the_same_anchor_and_a_second_edit_starts_from_the_first() {
      env.engine.publish(TENANT, RuntimeFixtures.v1());
      MigrationPlan plan = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2AgeInserted(), "op");
      String hash = plan.transformationMap().anchorFor("checkout").anchorContentHash();
      env.engine.operations().updatePolicy(TENANT, plan.id(), "checkout", p -> p.includeChannels("whatsapp"));

      MigrationPlan edited = env.engine.operations().updatePolicy(TENANT, plan.id(), ContentHash.shortForm(hash),
          p -> p.updateDownstream(false));

      AnchorPolicy policy = edited.anchorPolicies().get(hash);
      assertThat(policy.updateDownstream()).isFalse();
      assertThat(policy.scopeFilter().includeChannels()).containsExactly("whatsapp");
    }

    @Test
    void twins_named_by_step_id_get_policies_of_their_own_and_migrate_by_them() {
      env.engine.publish(TENANT, receipts(1));
      for (String[] s : List.of(new String[] {"at-a", "card", "a"}, new String[] {"at-b", "cash", "b"})) {
        env.engine.startSession(TENANT, s[0], "customer-" + s[0], "web", "flow");
        env.engine.advance(TENANT, s[0], "pay");
        env.engine.advance(TENANT, s[0], s[1]);
        env.engine.advance(TENANT, s[0], s[2]);
      }
      MigrationPlan plan = env.engine.operations().generatePlan(TENANT, receipts(2), "op");
      String hash = plan.transformationMap().anchorFor("a").anchorContentHash();
      assertThat(plan.transformationMap().anchorsWithHash(hash)).hasSize(2);

      env.engine.operations().updatePolicy(TENANT, plan.id(), "a", p -> p.updateDownstream(false));
      MigrationPlan edited = env.engine.operations().plan(TENANT, plan.id());

      AnchorTransformation a = edited.transformationMap().anchorFor("a");
      AnchorTransformation b = edited.transformationMap().anchorFor("b");
      assertThat(edited.anchorPolicies()).containsOnlyKeys(AnchorPolicy.twinKey(a));
      assertThat(edited.policyFor(a).updateDownstream()).isFalse();
      assertThat(edited.policyFor(b).updateDownstream()).isTrue();
      MigrationPlan readBack = org.scenariomigration.plan.PlanJson.read(org.scenariomigration.plan.PlanJson.write(edited));
      assertThat(readBack.anchorPolicies()).isEqualTo(edited.anchorPolicies());
      assertThat(readBack.policyFor(a).updateDownstream()).isFalse();
      assertThatThrownBy(() -> env.engine.operations().updatePolicy(TENANT, plan.id(), hash,
          p -> p.updateDownstream(false))).isInstanceOf(AmbiguousAnchorReferenceException.class);
      MigrationPlan byHash = edited.withPolicies(Map.of(hash, AnchorPolicy.defaults(a).withUpdateDownstream(false)));
      assertThat(byHash.anchorPolicies()).as("a policy for the hash is every twin's").containsOnlyKeys(hash);
      assertThat(byHash.policyFor(b).updateDownstream()).isFalse();

      env.engine.operations().approve(TENANT, plan.id(), "lead");
      env.engine.operations().deploy(TENANT, plan.id());
      assertThat(env.engine.reconcile(TENANT, "at-a")).isEqualTo(Outcome.CONTINUE);
      assertThat(env.engine.session(TENANT, "at-a").version()).isEqualTo(1);
      assertThat(env.engine.reconcile(TENANT, "at-b").kind()).isEqualTo(Outcome.Kind.TELEPORT);
      assertThat(env.engine.session(TENANT, "at-b").version()).isEqualTo(2);
    }

    @Test
    void across_a_chain_a_twins_own_policy_is_found_by_the_last_plans_step_id_even_when_the_ids_changed() {
      env.engine.publish(TENANT, receipts(1, "a", "b"));
      for (String[] s : List.of(new String[] {"at-a", "card", "a"}, new String[] {"at-b", "cash", "b"})) {
        env.engine.startSession(TENANT, s[0], "customer-" + s[0], "web", "flow");
        env.engine.advance(TENANT, s[0], "pay");
        env.engine.advance(TENANT, s[0], s[1]);
        env.engine.advance(TENANT, s[0], s[2]);
      }
      MigrationOperations ops = env.engine.operations();
      MigrationPlan first = ops.generatePlan(TENANT, receipts(2, "a2", "b2"), "op");
      assertThat(first.transformationMap().anchorFor("a").toStepId()).isEqualTo("a2");
      ops.approve(TENANT, first.id(), "lead");
      ops.deploy(TENANT, first.id());
      MigrationPlan second = ops.generatePlan(TENANT, receipts(3, "a2", "b2"), "op");
      ops.updatePolicy(TENANT, second.id(), "a2", p -> p.updateDownstream(false));
      ops.approve(TENANT, second.id(), "lead");
      ops.deploy(TENANT, second.id());

      // both sessions are still on v1: one composite move each, under the second plan's policies
      assertThat(env.engine.reconcile(TENANT, "at-a")).isEqualTo(Outcome.CONTINUE);
      assertThat(env.engine.session(TENANT, "at-a").version()).isEqualTo(1);
      assertThat(env.engine.reconcile(TENANT, "at-b").kind()).isEqualTo(Outcome.Kind.TELEPORT);
      assertThat(env.engine.session(TENANT, "at-b").version()).isEqualTo(3);
      assertThat(env.engine.session(TENANT, "at-b").currentStepId()).isEqualTo("b2");
    }

    @Test
    void a_bad_reference_a_bad_value_or_a_plan_that_is_not_pending_changes_nothing() {
      env.engine.publish(TENANT, RuntimeFixtures.v1());
      MigrationPlan plan = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2AgeInserted(), "op");
      MigrationOperations ops = env.engine.operations();

      assertThatThrownBy(() -> ops.updatePolicy(TENANT, plan.id(), "nowhere", p -> p.maxSessionAgeDays(1)))
          .isInstanceOf(UnknownAnchorException.class).hasMessageContaining("'nowhere'");
      assertThatThrownBy(() -> ops.updatePolicy(TENANT, plan.id(), "checkout", p -> p.includeChannels("web ")))
          .isInstanceOf(InvalidIdException.class).hasMessageContaining("\"web \"");
      assertThatThrownBy(() -> ops.updatePolicy(TENANT, plan.id(), "checkout", p -> p.maxSessionAgeDays(-2)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
      assertThat(ops.plan(TENANT, plan.id())).isEqualTo(plan);

      ops.approve(TENANT, plan.id(), "lead");
      assertThatThrownBy(() -> ops.updatePolicy(TENANT, plan.id(), "checkout", p -> p.maxSessionAgeDays(1)))
          .isInstanceOf(IllegalPlanStatusException.class);
      assertThat(ops.plan(TENANT, plan.id()).anchorPolicies()).isEmpty();
    }
  }

  @Nested
  class StartSession {
    private final RuntimeFixtures.Env env = new RuntimeFixtures.Env();

    @Test
    void an_imported_session_keeps_its_real_start_and_a_scope_filter_measures_its_age_from_it() {
      env.engine.publish(TENANT, RuntimeFixtures.v1());
      Instant began = T0.minus(Duration.ofDays(40));
      SessionState s = env.engine.startSession(TENANT, "old", "customer-old", "web", "order-flow", began);
      env.engine.startSession(TENANT, "new", "customer-new", "web", "order-flow", null);
      env.engine.advance(TENANT, "old", "checkout");
      env.engine.advance(TENANT, "new", "checkout");

      assertThat(s.createdAt()).isEqualTo(began);
      assertThat(s.history()).singleElement().satisfies(v -> assertThat(v.visitedAt()).isEqualTo(began));
      assertThat(env.engine.session(TENANT, "new").createdAt()).isEqualTo(T0);
      MigrationPlan plan = env.engine.operations().generatePlan(TENANT, RuntimeFixtures.v2AgeInserted(), "op");
      MigrationPlan edited = env.engine.operations().updatePolicy(TENANT, plan.id(), "checkout",
          p -> p.maxSessionAgeDays(30));
      assertThat(edited.summary().estimatedSessionsAffected()).isEqualTo(1);
    }

    @Test
    void a_start_after_now_is_refused_and_nothing_is_stored() {
      env.engine.publish(TENANT, RuntimeFixtures.v1());
      Instant later = T0.plusSeconds(1);
      assertThatThrownBy(() -> env.engine.startSession(TENANT, "s", "c", "web", "order-flow", later))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'s'")
          .hasMessageContaining(later.toString());
      assertThatThrownBy(() -> env.engine.session(TENANT, "s")).isInstanceOf(UnknownSessionException.class);
    }
  }

  @Nested
  class Profiles {
    @Test
    void a_profile_written_through_the_engine_fills_a_gap_and_reads_back() {
      RuntimeFixtures.Env env = new RuntimeFixtures.Env();
      env.engine.publish(TENANT, RuntimeFixtures.v1());
      env.session("s1", "web", "checkout");
      env.engine.putProfile(TENANT, "customer-s1", new ProfileField("age", 41, "crm", 1.0, null));

      assertThat(env.engine.profile(TENANT, "customer-s1", "age")).hasValueSatisfying(
          f -> assertThat(f.value()).isEqualTo(41L));
      assertThat(env.profiles.find(TENANT, "customer-s1", "age")).isPresent();
      assertThat(env.engine.profile("tenant-2", "customer-s1", "age")).isEmpty();
      env.deploy(RuntimeFixtures.v2AgeInserted());
      assertThat(env.engine.reconcile(TENANT, "s1").kind()).isEqualTo(Outcome.Kind.TELEPORT);
      assertThat(env.engine.session(TENANT, "s1").variables()).containsEntry("age", 41L);
    }

    @Test
    void a_bad_customer_id_is_refused() {
      RuntimeFixtures.Env env = new RuntimeFixtures.Env();
      assertThatThrownBy(() -> env.engine.putProfile(TENANT, " padded", new ProfileField("age", 1, "crm", 1.0,
          null))).isInstanceOf(InvalidIdException.class).hasMessageContaining("\" padded\"");
      assertThat(env.profiles.find(TENANT, " padded", "age")).isEmpty();
    }
  }

  @Nested
  class OneCallWiring {
    /** A set of in-memory stores that records the condition engine the builder hands it. */
    final class MemoryStores implements Stores {
      final InMemorySessionStore sessions = new InMemorySessionStore();
      final InMemoryScenarioStore scenarios = new InMemoryScenarioStore();
      final InMemoryPlanStore plans = new InMemoryPlanStore();
      final InMemoryProfileStore profiles = new InMemoryProfileStore();
      final InMemoryVisitLog visits = new InMemoryVisitLog();
      final AtomicReference<ConditionEngine> given = new AtomicReference<>();

      @Override
      public ScenarioStore scenarioStore() {
        return scenarios;
      }

      @Override
      public PlanStore planStore() {
        return plans;
      }

      @Override
      public SessionStore sessionStore() {
        return sessions;
      }

      @Override
      public JournalStore journalStore() {
        return sessions;
      }

      @Override
      public ProfileStore profileStore() {
        return profiles;
      }

      @Override
      public VisitLog visitLog() {
        return visits;
      }

      @Override
      public UnitOfWork unitOfWork() {
        return UnitOfWork.NONE;
      }

      @Override
      public Stores withConditionEngine(ConditionEngine engine) {
        given.set(engine);
        return this;
      }
    }

    @Test
    void stores_sets_every_store_and_hands_the_set_the_engines_condition_engine() {
      MemoryStores stores = new MemoryStores();
      ConditionEngine engine = expression -> ConditionEngine.builtIn().compile(expression); // not the default
      ScenarioMigration m = ScenarioMigration.builder().stores(stores).conditionEngine(engine).build();

      m.publish(TENANT, RuntimeFixtures.v1());
      m.startSession(TENANT, "s1", "c1", "web", "order-flow");
      m.putProfile(TENANT, "c1", new ProfileField("age", 30, "crm", 1.0, null));

      assertThat(stores.given.get()).isSameAs(engine);
      assertThat(m.conditionEngine()).isSameAs(engine);
      assertThat(stores.scenarios.find(TENANT, "order-flow", 1)).isPresent();
      assertThat(stores.sessions.find(TENANT, "s1")).isPresent();
      assertThat(stores.profiles.find(TENANT, "c1", "age")).isPresent();
      assertThat(stores.sessions.forSession(TENANT, "s1")).isEmpty();
    }

    @Test
    void a_store_set_after_the_set_replaces_the_sets_own() {
      MemoryStores stores = new MemoryStores();
      InMemoryProfileStore own = new InMemoryProfileStore();
      ScenarioMigration m = ScenarioMigration.builder().stores(stores).profileStore(own).build();

      m.putProfile(TENANT, "c1", new ProfileField("age", 30, "crm", 1.0, null));

      assertThat(own.find(TENANT, "c1", "age")).isPresent();
      assertThat(stores.profiles.find(TENANT, "c1", "age")).isEmpty();
      assertThat(stores.given.get()).as("no engine set: the set keeps its own").isNull();
      assertThat(m.conditionEngine()).isSameAs(ConditionEngine.builtIn());
    }
  }

  /** welcome → pay → [card] card → a → confirm, [cash] cash → b → confirm: a and b are twins. */
  static ScenarioVersion receipts(int number) {
    return receipts(number, "a", "b");
  }

  /** {@link #receipts(int)} with the twins' ids {@code a} and {@code b}. */
  static ScenarioVersion receipts(int number, String a, String b) {
    return ScenarioVersion.builder("flow", number).name("Flow")
        .step(Step.builder("welcome").name("Welcome").to("pay"))
        .step(Step.builder("pay").name("Pay").when("method == \"card\"", "card").when("method == \"cash\"", "cash"))
        .step(Step.builder("card").name("Card").to(a))
        .step(Step.builder("cash").name("Cash").to(b))
        .step(Step.builder(a).name("Receipt").description("Send the receipt").to("confirm"))
        .step(Step.builder(b).name("Receipt").description("Send the receipt").to("confirm"))
        .step(Step.builder("confirm").name("Confirm"))
        .build();
  }

  static Map<String, Object> none() {
    return Map.of();
  }
}
