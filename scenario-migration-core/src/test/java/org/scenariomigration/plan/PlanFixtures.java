package org.scenariomigration.plan;

import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.scenario.Step;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Plans over the seed examples, generated with a fixed clock and predictable ids. */
public final class PlanFixtures {
  public static final Instant CREATED_AT = Instant.parse("2025-03-04T05:06:07.123456789Z");

  private PlanFixtures() {}

  /** A planner whose plans are created at {@link #CREATED_AT} with ids plan-1, plan-2, ... */
  public static MigrationPlanner planner() {
    AtomicInteger n = new AtomicInteger();
    return MigrationPlanner.builder()
        .clock(Clock.fixed(CREATED_AT, ZoneOffset.UTC))
        .idGenerator(() -> "plan-" + n.incrementAndGet())
        .build();
  }

  /** V2 of {@link Seeds#v1WithPayment()} without the payment checkpoint and with a step nothing leads to. */
  public static ScenarioVersion v2PaymentDeletedWithOrphan() {
    return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(Seeds.welcome().to("checkout"))
        .step(Seeds.checkout().to("confirm"))
        .step(Seeds.confirm())
        .step(Step.builder("orphan").name("Orphan"))
        .build();
  }

  /** Welcome forks to two identical "Ask" steps that both lead to Confirm: twins no context tells apart. */
  public static ScenarioVersion twins(int version, String first, String second) {
    return ScenarioVersion.builder("order-flow", version)
        .step(Seeds.welcome().when("x > 1", first).to(second))
        .step(Step.builder(first).name("Ask").to("confirm"))
        .step(Step.builder(second).name("Ask").to("confirm"))
        .step(Seeds.confirm())
        .build();
  }

  /**
   * V2 of {@link Seeds#v1()} in which Checkout's description was edited (so its hash changed), behind an inserted
   * Age Verification that also asks for an optional nickname and creates an account.
   */
  public static ScenarioVersion v2CheckoutReworded() {
    return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(Seeds.welcome().to("age_check"))
        .step(Seeds.ageCheck().collects(CollectedField.optional("nickname")).requiredAction(true).to("checkout"))
        .step(Seeds.checkout().description("Takes the order and the money").to("confirm"))
        .step(Seeds.confirm())
        .build();
  }

  /** {@link Seeds#v1()} plus a step no transition touches: deleting it leaves its sessions nowhere to go. */
  public static ScenarioVersion v1WithIsolatedLegacyStep() {
    return Seeds.v1().toBuilder().step(Step.builder("legacy").name("Legacy")).build();
  }

  /** V2 of {@link Seeds#v1()} without Confirm: nothing is left downstream of Checkout. */
  public static ScenarioVersion v2ConfirmDeleted() {
    return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(Seeds.welcome().to("checkout"))
        .step(Seeds.checkout())
        .build();
  }

  /** V2 of {@link Seeds#v1WithPayment()} with Payment moved after Checkout: a paid session would pay again. */
  public static ScenarioVersion v2PaymentMovedAfterCheckout() {
    return ScenarioVersion.builder("order-flow", 2).name("Order Flow")
        .step(Seeds.welcome().to("checkout"))
        .step(Seeds.checkout().to("payment"))
        .step(Seeds.payment().to("confirm"))
        .step(Seeds.confirm())
        .build();
  }

  /** One plan per seed example and per edge case of the diff, with no policies. */
  public static List<MigrationPlan> allPlans() {
    MigrationPlanner p = planner();
    return List.of(
        p.plan(PlanRequest.builder("t1", Seeds.v1(), Seeds.v2AgeInserted()).createdBy("op@example.com").build()),
        p.plan(PlanRequest.builder("t1", Seeds.v1(), Seeds.v2PaymentDownstream()).build()),
        p.plan(PlanRequest.builder("t1", Seeds.v1(), Seeds.v2AgeFork()).build()),
        p.plan(PlanRequest.builder("t1", Seeds.v1WithPayment(), Seeds.v2AgeForkBeforePayment()).build()),
        p.plan(PlanRequest.builder("t1", Seeds.v1WithPayment(), v2PaymentDeletedWithOrphan()).build()),
        p.plan(PlanRequest.builder("t1", twins(1, "ask1", "ask2"), twins(2, "ask_a", "ask_b")).build()),
        p.plan(PlanRequest.builder("t1", Seeds.v1(), v2CheckoutReworded()).map("checkout", "checkout").build()),
        p.plan(PlanRequest.builder("t1", v1WithIsolatedLegacyStep(), v2ConfirmDeleted()).build()),
        p.plan(PlanRequest.builder("t1", Seeds.v1WithPayment(), v2PaymentMovedAfterCheckout()).build()),
        p.plan(PlanRequest.builder("t1", transferV1(), transferV2()).build()),
        p.plan(PlanRequest.builder("t1", siblingsV1(), siblingsV2()).build()));
  }

  /**
   * A transfer flow with a retry loop: Ask amount → Check funds (computes {@code sufficient}) → [not sufficient] back
   * to Ask / Confirm → [confirmed] Transfer (checkpoint) / Cancelled → Note → Done.
   */
  public static ScenarioVersion transferV1() {
    return ScenarioVersion.builder("transfer", 1).name("Transfer")
        .step(Step.builder("ask").name("Ask amount").description("Asks the amount").collects("amount").to("check"))
        .step(Step.builder("check").name("Check funds").description("Checks the funds").requiredAction(true)
            .sets("sufficient").when("sufficient == false", "ask").to("confirm"))
        .step(Step.builder("confirm").name("Confirm").description("Asks for a yes").collects("confirmed")
            .when("confirmed == true", "transfer").to("cancelled"))
        .step(Step.builder("transfer").name("Transfer").description("Moves the money").checkpoint(true, "money sent")
            .to("done"))
        .step(Step.builder("cancelled").name("Cancelled").description("Says it is cancelled").to("note"))
        .step(Step.builder("note").name("Note").description("Asks for a note").collects("note").to("done"))
        .step(Step.builder("done").name("Done").description("Says goodbye"))
        .build();
  }

  /**
   * {@link #transferV1()} edited: Ask reworded and also asking the currency, a branch added at Check funds (too many
   * retries → Blocked), Note dropped.
   */
  public static ScenarioVersion transferV2() {
    return ScenarioVersion.builder("transfer", 2).name("Transfer")
        .step(Step.builder("ask").name("Ask amount").description("Asks how much to send").collects("amount")
            .collects("currency").to("check"))
        .step(Step.builder("check").name("Check funds").description("Checks the funds").requiredAction(true)
            .sets("sufficient").when("sufficient == false && retries > 3", "blocked")
            .when("sufficient == false", "ask").to("confirm"))
        .step(Step.builder("blocked").name("Blocked").description("Says the transfer is blocked"))
        .step(Step.builder("confirm").name("Confirm").description("Asks for a yes").collects("confirmed")
            .when("confirmed == true", "transfer").to("cancelled"))
        .step(Step.builder("transfer").name("Transfer").description("Moves the money").checkpoint(true, "money sent")
            .to("done"))
        .step(Step.builder("cancelled").name("Cancelled").description("Says it is cancelled").to("done"))
        .step(Step.builder("done").name("Done").description("Says goodbye"))
        .build();
  }

  /** A fork to two sibling steps, both later replaced in place: neither can be told from the other. */
  public static ScenarioVersion siblingsV1() {
    return ScenarioVersion.builder("siblings", 1)
        .step(Step.builder("a").name("A").when("x == 1", "p").to("q"))
        .step(Step.builder("p").name("P").to("b"))
        .step(Step.builder("q").name("Q").to("b"))
        .step(Step.builder("b").name("B"))
        .build();
  }

  /** {@link #siblingsV1()} with both siblings replaced. */
  public static ScenarioVersion siblingsV2() {
    return ScenarioVersion.builder("siblings", 2)
        .step(Step.builder("a").name("A").when("x == 1", "p2").to("q2"))
        .step(Step.builder("p2").name("P").description("Other").to("b"))
        .step(Step.builder("q2").name("Q").description("Other").to("b"))
        .step(Step.builder("b").name("B"))
        .build();
  }

  /** The gap-fill plan of the seed: V1 to V2 with Age Verification inserted before Checkout. */
  public static MigrationPlan gapFillPlan() {
    return planner().plan(PlanRequest.builder("t1", Seeds.v1(), Seeds.v2AgeInserted())
        .createdBy("op@example.com").build());
  }

  public static AnchorTransformation anchor(MigrationPlan plan, String name) {
    return plan.transformationMap().anchors().stream().filter(a -> a.anchorName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no anchor named " + name));
  }
}
