package org.scenariomigration.runtime;

import java.time.Instant;
import java.util.List;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.memory.InMemorySessionStore;
import org.scenariomigration.spi.JournalRecord;

/** The seed quickstart's scenarios (copied from the model tests' Seeds) and an engine wired for tests. */
final class RuntimeFixtures {
  static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");
  static final String TENANT = "tenant-1";

  private RuntimeFixtures() {}

  /** A clock that stands still unless a test moves it. */
  static final class TestClock extends org.scenariomigration.MovableClock {
    TestClock(Instant now) {
      super(now);
    }
  }

  /**
   * In-memory stores shared by every engine {@link #builder()} builds: a fresh set per test for a contract run on the
   * in-memory stores (JUnit makes an instance of the test class per test).
   */
  static final class MemoryStores {
    final InMemorySessionStore sessions = new InMemorySessionStore();
    final org.scenariomigration.memory.InMemoryProfileStore profiles =
        new org.scenariomigration.memory.InMemoryProfileStore();
    final org.scenariomigration.memory.InMemoryScenarioStore scenarios =
        new org.scenariomigration.memory.InMemoryScenarioStore();
    final org.scenariomigration.memory.InMemoryPlanStore plans = new org.scenariomigration.memory.InMemoryPlanStore();

    ScenarioMigration.Builder builder() {
      return ScenarioMigration.builder().sessionStore(sessions).profileStore(profiles).scenarioStore(scenarios)
          .planStore(plans);
    }
  }

  /** An engine with in-memory stores the test can inspect. */
  static final class Env {
    final TestClock clock = new TestClock(T0);
    final InMemorySessionStore sessions = new InMemorySessionStore();
    final InMemoryProfileStore profiles = new InMemoryProfileStore();
    final ScenarioMigration engine;

    Env() {
      this(MigrationConfig.DEFAULTS, org.scenariomigration.spi.Extractor.NONE);
    }

    Env(MigrationConfig config) {
      this(config, org.scenariomigration.spi.Extractor.NONE);
    }

    Env(MigrationConfig config, org.scenariomigration.spi.Extractor extractor) {
      this(config, extractor, () -> java.util.UUID.randomUUID().toString());
    }

    /** An engine whose plan ids come from {@code planIds} (a sequence makes two engines' journals comparable). */
    Env(MigrationConfig config, org.scenariomigration.spi.Extractor extractor,
        java.util.function.Supplier<String> planIds) {
      engine = ScenarioMigration.builder().config(config).clock(clock).sessionStore(sessions)
          .profileStore(profiles).extractor(extractor).planIdGenerator(planIds).build();
    }

    List<JournalRecord> journal(String sessionId) {
      return sessions.forSession(TENANT, sessionId);
    }

    /** Starts a session on order-flow and walks it along {@code steps}. */
    void session(String id, String channel, String... steps) {
      engine.startSession(TENANT, id, "customer-" + id, channel, "order-flow");
      for (String s : steps) {
        engine.advance(TENANT, id, s);
      }
    }

    /** Generates, approves and deploys a plan to {@code to}. */
    MigrationPlan deploy(ScenarioVersion to) {
      MigrationPlan p = engine.operations().generatePlan(TENANT, to, "op@example.com");
      if (engine.config().requireApproval()) {
        engine.operations().approve(TENANT, p.id(), "lead@example.com");
      }
      engine.operations().deploy(TENANT, p.id());
      return engine.operations().plan(TENANT, p.id());
    }
  }

  static AnchorTransformation anchor(MigrationPlan plan, String name) {
    return plan.transformationMap().anchors().stream().filter(a -> a.anchorName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no anchor named " + name));
  }

  static Step.Builder welcome() {
    return Seeds.welcome();
  }

  static Step.Builder checkout() {
    return Seeds.checkout();
  }

  static Step.Builder confirm() {
    return Seeds.confirm();
  }

  static Step.Builder ageCheck() {
    return Seeds.ageCheck();
  }

  static Step.Builder payment() {
    return Seeds.payment();
  }

  static Step.Builder rejection() {
    return Seeds.rejection();
  }

  /** V1: Welcome → Checkout → Confirm. */
  static ScenarioVersion v1() {
    return Seeds.v1();
  }

  /** V2: Welcome → Age Verification → Checkout → Confirm (gap fill). */
  static ScenarioVersion v2AgeInserted() {
    return Seeds.v2AgeInserted();
  }

  /** V2: Welcome → Checkout → Payment → Confirm (clean graft at Checkout). */
  static ScenarioVersion v2PaymentDownstream() {
    return Seeds.v2PaymentDownstream();
  }

  /** V2: Welcome → Age Check → [age < 18] Rejection / [age >= 18] Checkout → Confirm (re-route). */
  static ScenarioVersion v2AgeFork() {
    return Seeds.v2AgeFork();
  }

  /** V1 with a payment checkpoint: Welcome → Payment → Checkout → Confirm. */
  static ScenarioVersion v1WithPayment() {
    return Seeds.v1WithPayment();
  }

  /** V2: the age fork inserted before the payment: minors are rejected before they could pay. */
  static ScenarioVersion v2AgeForkBeforePayment() {
    return Seeds.v2AgeForkBeforePayment();
  }

  /** V2 of {@link #v1WithPayment()} with Payment moved after Checkout: a paid session at Checkout would pay again. */
  static ScenarioVersion v2PaymentAfterCheckout() {
    return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(welcome().to("checkout"))
        .step(checkout().to("payment"))
        .step(payment().to("confirm"))
        .step(confirm())
        .build();
  }

  /** V2: Welcome → ID Check (a required action, nothing collected) → Checkout → Confirm. */
  static ScenarioVersion v2RequiredActionInserted() {
    return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(welcome().to("id_check"))
        .step(Step.builder("id_check").name("ID Check").description("Runs the ID check").requiredAction(true)
            .to("checkout"))
        .step(checkout().to("confirm"))
        .step(confirm())
        .build();
  }

  /** V2 of v1 for the composite test: Welcome → Age → Loyalty → Checkout → Confirm. */
  static ScenarioVersion v2AgeAndLoyalty() {
    return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(welcome().to("age_check"))
        .step(ageCheck().to("loyalty"))
        .step(Step.builder("loyalty").name("Loyalty").description("Asks for the loyalty card").collects("loyalty_id")
            .to("checkout"))
        .step(checkout().to("confirm"))
        .step(confirm())
        .build();
  }

  /** V3: Loyalty dropped again: Welcome → Age → Checkout → Confirm. */
  static ScenarioVersion v3LoyaltyDropped() {
    return ScenarioVersion.builder("order-flow", 3).name("Order Flow")
        .step(welcome().to("age_check"))
        .step(ageCheck().to("checkout"))
        .step(checkout().to("confirm"))
        .step(confirm())
        .build();
  }

  /** A version of order-flow that shares no step with the others. */
  static ScenarioVersion unrelated(int version) {
    return ScenarioVersion.builder("order-flow", version).name("Order Flow")
        .step(Step.builder("hello").name("Hello").description("Says hello").to("bye"))
        .step(Step.builder("bye").name("Bye").description("Says bye"))
        .build();
  }
}
