package org.scenariomigration.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.scenariomigration.model.ScenarioVersion;
import org.scenariomigration.model.Step;

/** Scenarios of the seed and a clock the tests move. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");

  private Fixtures() {}

  /** A clock that stands still unless a test moves it. */
  static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static Step.Builder welcome() {
    return Step.builder("welcome").name("Welcome").description("Greets the customer");
  }

  static Step.Builder checkout() {
    return Step.builder("checkout").name("Checkout").description("Takes the order");
  }

  static Step.Builder confirm() {
    return Step.builder("confirm").name("Confirm").description("Confirms the order");
  }

  /** V1: Welcome → Checkout → Confirm. */
  static ScenarioVersion v1() {
    return ScenarioVersion.builder("order-flow", 1).name("Order Flow")
        .step(welcome().to("checkout"))
        .step(checkout().to("confirm"))
        .step(confirm())
        .build();
  }

  /** V2: Welcome → Age Verification → Checkout → Confirm (gap fill at Checkout). */
  static ScenarioVersion v2AgeInserted() {
    return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(welcome().to("age_check"))
        .step(Step.builder("age_check").name("Age Verification").description("Asks for the customer's age")
            .collects("age").to("checkout"))
        .step(checkout().to("confirm"))
        .step(confirm())
        .build();
  }

  /** V2: Welcome → Checkout → Payment → Confirm (clean graft at Checkout). */
  static ScenarioVersion v2PaymentDownstream() {
    return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(welcome().to("checkout"))
        .step(checkout().to("payment"))
        .step(Step.builder("payment").name("Payment").description("Takes the payment").collects("card")
            .checkpoint("payment processed").to("confirm"))
        .step(confirm())
        .build();
  }
}
