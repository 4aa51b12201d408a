package org.scenariomigration.scenario;

/** The seed quickstart's worked examples, as scenario versions (shared by the test suites of every module). */
public final class Seeds {
  private Seeds() {}

  public static Step.Builder welcome() {
    return Step.builder("welcome").name("Welcome").description("Greets the customer");
  }

  public static Step.Builder checkout() {
    return Step.builder("checkout").name("Checkout").description("Takes the order");
  }

  public static Step.Builder confirm() {
    return Step.builder("confirm").name("Confirm").description("Confirms the order");
  }

  public static Step.Builder ageCheck() {
    return Step.builder("age_check").name("Age Verification").description("Asks for the customer's age")
        .collects("age");
  }

  public static Step.Builder payment() {
    return Step.builder("payment").name("Payment").description("Takes the payment").collects("card")
        .checkpoint("payment processed");
  }

  public static Step.Builder rejection() {
    return Step.builder("rejection").name("Rejection").description("Tells minors we cannot sell");
  }

  /** V1: Welcome → Checkout → Confirm. */
  public static ScenarioVersion v1() {
    return ScenarioVersion.builder("order-flow", 1).name("Order Flow")
        .step(welcome().to("checkout"))
        .step(checkout().to("confirm"))
        .step(confirm())
        .build();
  }

  /** V2: Welcome → Age Verification → Checkout → Confirm (gap fill). */
  public static ScenarioVersion v2AgeInserted() {
    return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(welcome().to("age_check"))
        .step(ageCheck().to("checkout"))
        .step(checkout().to("confirm"))
        .step(confirm())
        .build();
  }

  /** V2: Welcome → Checkout → Payment → Confirm (clean graft at Checkout). */
  public static ScenarioVersion v2PaymentDownstream() {
    return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(welcome().to("checkout"))
        .step(checkout().to("payment"))
        .step(payment().to("confirm"))
        .step(confirm())
        .build();
  }

  /** V2: Welcome → Age Check → [age < 18] Rejection / [age >= 18] Checkout → Confirm (re-route). */
  public static ScenarioVersion v2AgeFork() {
    return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(welcome().to("age_check"))
        .step(ageCheck().when("age < 18", "rejection").when("age >= 18", "checkout"))
        .step(rejection())
        .step(checkout().to("confirm"))
        .step(confirm())
        .build();
  }

  /** V1 with a payment checkpoint: Welcome → Payment → Checkout → Confirm. */
  public static ScenarioVersion v1WithPayment() {
    return ScenarioVersion.builder("order-flow", 1).name("Order Flow")
        .step(welcome().to("payment"))
        .step(payment().to("checkout"))
        .step(checkout().to("confirm"))
        .step(confirm())
        .build();
  }

  /** V2: the age fork inserted before the payment: minors are rejected before they could pay. */
  public static ScenarioVersion v2AgeForkBeforePayment() {
    return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(welcome().to("age_check"))
        .step(ageCheck().when("age < 18", "rejection").when("age >= 18", "payment"))
        .step(rejection())
        .step(payment().to("checkout"))
        .step(checkout().to("confirm"))
        .step(confirm())
        .build();
  }
}
