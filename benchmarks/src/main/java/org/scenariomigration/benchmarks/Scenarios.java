package org.scenariomigration.benchmarks;

import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;

/** Scenario versions for the benchmarks. */
final class Scenarios {
  private Scenarios() {}

  /** Welcome → Checkout → Confirm. */
  static ScenarioVersion v1() {
    return ScenarioVersion.builder("order-flow", 1)
        .step(Step.builder("welcome").name("Welcome").to("checkout"))
        .step(Step.builder("checkout").name("Checkout").to("confirm"))
        .step(Step.builder("confirm").name("Confirm"))
        .build();
  }

  /**
   * Payment inserted downstream of Checkout: a clean graft at every anchor. Payment is no checkpoint here: a
   * checkpoint inserted before Confirm would (rightly) keep the sessions at Confirm, which never paid, where they are.
   */
  static ScenarioVersion v2PaymentDownstream() {
    return ScenarioVersion.builder("order-flow", 2)
        .step(Step.builder("welcome").name("Welcome").to("checkout"))
        .step(Step.builder("checkout").name("Checkout").to("payment"))
        .step(Step.builder("payment").name("Payment").description("Takes the payment").to("confirm"))
        .step(Step.builder("confirm").name("Confirm"))
        .build();
  }

  /** Version 3 after {@link #v2PaymentDownstream()}: a Receipt step after Payment (for the composite migration). */
  static ScenarioVersion v3ReceiptDownstream() {
    return ScenarioVersion.builder("order-flow", 3)
        .step(Step.builder("welcome").name("Welcome").to("checkout"))
        .step(Step.builder("checkout").name("Checkout").to("payment"))
        .step(Step.builder("payment").name("Payment").description("Takes the payment").to("receipt"))
        .step(Step.builder("receipt").name("Receipt").to("confirm"))
        .step(Step.builder("confirm").name("Confirm"))
        .build();
  }

  /** The comparison with Camunda, version 1: Start → Review (waits) → Done. */
  static ScenarioVersion reviewV1() {
    return ScenarioVersion.builder("review-flow", 1)
        .step(Step.builder("start").name("Start").to("review"))
        .step(Step.builder("review").name("Review").to("done"))
        .step(Step.builder("done").name("Done"))
        .build();
  }

  /** The comparison with Camunda, version 2: an Approve task inserted downstream of Review. */
  static ScenarioVersion reviewV2() {
    return ScenarioVersion.builder("review-flow", 2)
        .step(Step.builder("start").name("Start").to("review"))
        .step(Step.builder("review").name("Review").to("approve"))
        .step(Step.builder("approve").name("Approve").to("done"))
        .step(Step.builder("done").name("Done"))
        .build();
  }

  /** Age verification inserted before Checkout: a gap fill at Checkout. */
  static ScenarioVersion v2AgeInserted() {
    return ScenarioVersion.builder("order-flow", 2)
        .step(Step.builder("welcome").name("Welcome").to("age_check"))
        .step(Step.builder("age_check").name("Age Verification").collects("age").to("checkout"))
        .step(Step.builder("checkout").name("Checkout").to("confirm"))
        .step(Step.builder("confirm").name("Confirm"))
        .build();
  }

  /** An age fork with a rejection branch before Checkout: a re-route at Checkout. */
  static ScenarioVersion v2AgeFork() {
    return ScenarioVersion.builder("order-flow", 2)
        .step(Step.builder("welcome").name("Welcome").to("age_check"))
        .step(Step.builder("age_check").name("Age Verification").collects("age")
            .when("age < 18", "rejection").when("age >= 18", "checkout"))
        .step(Step.builder("rejection").name("Rejection"))
        .step(Step.builder("checkout").name("Checkout").to("confirm"))
        .step(Step.builder("confirm").name("Confirm"))
        .build();
  }

  /**
   * A layered graph of {@code n} steps: a chain of diamonds with forks reading fields, collected fields and
   * checkpoints, like a large real scenario.
   */
  static ScenarioVersion large(int n, int version, boolean edited) {
    ScenarioVersion.Builder b = ScenarioVersion.builder("large", version);
    for (int i = 0; i < n; i++) {
      Step.Builder s = Step.builder("s" + i).name("Step " + i).description("does thing " + i);
      if (i % 7 == 0) {
        s.collects("f" + i);
      }
      if (i % 50 == 25) {
        s.checkpoint("irreversible " + i);
      }
      if (i + 2 < n && i % 3 == 0) {
        s.when("f" + (i - i % 7) + " > 3", "s" + (i + 1)).to("s" + (i + 2));
      } else if (i + 1 < n) {
        s.to("s" + (i + 1));
      }
      if (edited && i % 100 == 50) {
        s.description("edited " + i);
      }
      b.step(s);
    }
    if (edited) {
      // an inserted step upstream of the middle
      b.step(Step.builder("inserted").name("Inserted").collects("extra").to("s" + (n / 2)));
      b.step(Step.builder("s" + n).name("Tail").description("new tail"));
    }
    return b.build();
  }

  /**
   * A scenario with a cycle, for long sessions: Welcome → Checkout → Confirm, and from Confirm back to Checkout while
   * {@code again} is true (otherwise on to Done). A session that goes round it for months keeps adding visits.
   */
  static ScenarioVersion loopV1() {
    return loop(1, "Confirm");
  }

  /**
   * {@link #loopV1()} with Confirm reworded (its name only, nothing else changes): a clean graft for a session at
   * Confirm, which stays there on version 2.
   */
  static ScenarioVersion loopV2Reworded() {
    return loop(2, "Confirm your order");
  }

  private static ScenarioVersion loop(int version, String confirmName) {
    return ScenarioVersion.builder("loop-flow", version)
        .step(Step.builder("welcome").name("Welcome").to("checkout"))
        .step(Step.builder("checkout").name("Checkout").collects("again").to("confirm"))
        .step(Step.builder("confirm").name(confirmName).when("again == true", "checkout").to("done"))
        .step(Step.builder("done").name("Done"))
        .build();
  }
}
