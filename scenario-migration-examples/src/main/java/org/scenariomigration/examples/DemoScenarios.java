package org.scenariomigration.examples;

import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;

/**
 * The seed quickstart's order flow, in the two versions every example uses.
 *
 * <pre>
 * v1: Welcome → Checkout → Payment (checkpoint) → Confirm
 * v2: Welcome → Age Verification ─[age &lt; 18]→ Rejection
 *                                 └[age &gt;= 18]→ Checkout → Payment (checkpoint) → Loyalty Enrollment → Confirm
 * </pre>
 *
 * <p>Version 2 inserts Age Verification (which collects {@code age}) with a fork that sends minors to Rejection, and
 * Loyalty Enrollment, a step with a required action, before Confirm.
 */
public final class DemoScenarios {
  /** The scenario id. */
  public static final String SCENARIO_ID = "order-flow";

  private DemoScenarios() {}

  private static Step.Builder welcome() {
    return Step.builder("welcome").name("Welcome").description("Greets the customer");
  }

  private static Step.Builder checkout() {
    return Step.builder("checkout").name("Checkout").description("Takes the order");
  }

  private static Step.Builder payment() {
    return Step.builder("payment").name("Payment").description("Takes the payment").collects("card")
        .checkpoint("payment processed");
  }

  private static Step.Builder confirm() {
    return Step.builder("confirm").name("Confirm").description("Confirms the order");
  }

  /** Version 1: Welcome → Checkout → Payment (checkpoint) → Confirm. */
  public static ScenarioVersion v1() {
    return ScenarioVersion.builder(SCENARIO_ID, 1).name("Order Flow")
        .step(welcome().to("checkout"))
        .step(checkout().to("payment"))
        .step(payment().to("confirm"))
        .step(confirm())
        .build();
  }

  /** Version 2: Age Verification with an age fork after Welcome, Loyalty Enrollment before Confirm. */
  public static ScenarioVersion v2() {
    return ScenarioVersion.builder(SCENARIO_ID, 2).name("Order Flow")
        .step(welcome().to("age_check"))
        .step(Step.builder("age_check").name("Age Verification").description("Asks for the customer's age")
            .collects(new CollectedField("age", false, "the customer's age in years"))
            .when("age < 18", "rejection").when("age >= 18", "checkout"))
        .step(Step.builder("rejection").name("Rejection").description("Tells minors we cannot sell"))
        .step(checkout().to("payment"))
        .step(payment().to("loyalty"))
        .step(Step.builder("loyalty").name("Loyalty Enrollment").description("Enrolls the customer in the loyalty"
            + " program").requiredAction(true).to("confirm"))
        .step(confirm())
        .build();
  }
}
