package org.scenariomigration.jdbc;

import java.time.Instant;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.scenario.Step;

/** Scenarios of the seed (from the core test-jar's {@link Seeds}) and a clock the tests move. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");

  private Fixtures() {}

  /** A clock that stands still unless a test moves it. */
  static final class TestClock extends org.scenariomigration.MovableClock {
    TestClock(Instant now) {
      super(now);
    }
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

  /** V1: Welcome → Checkout → Confirm. */
  static ScenarioVersion v1() {
    return Seeds.v1();
  }

  /** V2: Welcome → Age Verification → Checkout → Confirm (gap fill at Checkout). */
  static ScenarioVersion v2AgeInserted() {
    return Seeds.v2AgeInserted();
  }

  /** V2: Welcome → Checkout → Payment → Confirm (clean graft at Checkout). */
  static ScenarioVersion v2PaymentDownstream() {
    return Seeds.v2PaymentDownstream();
  }
}
