package org.scenariomigration.spi;

import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.InvalidIdException;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.plan.PlanRequest;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;

/** Data for the store contract suites. Instants are whole seconds so that stores with coarse timestamps pass. */
public final class StoreFixtures {
  /** A fixed instant. */
  public static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");
  /** A value full of quotes and SQL metacharacters. */
  public static final String NASTY = "o'brien\"; DROP TABLE x; --";

  private StoreFixtures() {}

  /** Welcome → Checkout → Confirm, as version {@code version} of {@code scenarioId}. */
  public static ScenarioVersion v1(String scenarioId, int version) {
    return ScenarioVersion.builder(scenarioId, version).name("Order Flow")
        .step(Step.builder("welcome").name("Welcome").description("Greets the customer").to("checkout"))
        .step(Step.builder("checkout").name("Checkout").description("Takes the order").to("confirm"))
        .step(Step.builder("confirm").name("Confirm").description("Confirms the order"))
        .build();
  }

  /** Welcome → Age Verification → Checkout → Confirm. */
  public static ScenarioVersion v2(String scenarioId, int version) {
    return ScenarioVersion.builder(scenarioId, version).name("Order Flow")
        .step(Step.builder("welcome").name("Welcome").description("Greets the customer").to("age_check"))
        .step(Step.builder("age_check").name("Age Verification").description("Asks for the age").collects("age")
            .to("checkout"))
        .step(Step.builder("checkout").name("Checkout").description("Takes the order").to("confirm"))
        .step(Step.builder("confirm").name("Confirm").description("Confirms the order"))
        .build();
  }

  /** A planner with a fixed clock starting at {@code at} that advances a second per plan, ids plan-1, plan-2 ... */
  public static MigrationPlanner planner(Instant at) {
    AtomicInteger n = new AtomicInteger();
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return at.plus(Duration.ofSeconds(n.get()));
      }
    };
    return MigrationPlanner.builder().clock(clock).idGenerator(() -> "plan-" + n.incrementAndGet()).build();
  }

  /** A pending plan from v1 to v2 of {@code scenarioId}. */
  public static MigrationPlan plan(MigrationPlanner planner, String tenantId, String scenarioId, String createdBy) {
    return planner.plan(PlanRequest.builder(tenantId, v1(scenarioId, 1), v2(scenarioId, 2)).createdBy(createdBy)
        .build());
  }

  /** A fresh session at {@code stepId} of order-flow v1 (revision 0: stores set it on insert). */
  public static SessionState session(String tenantId, String sessionId, String stepId) {
    return session(tenantId, sessionId, "order-flow", 1, stepId, "web", T0);
  }

  /** A fresh session. */
  public static SessionState session(String tenantId, String sessionId, String scenarioId, int version, String stepId,
      String channel, Instant createdAt) {
    String customer = Ids.isValid("customer-" + sessionId) ? "customer-" + sessionId : "customer"; // ids at the bound
    return SessionState.builder().tenantId(tenantId).sessionId(sessionId).customerId(customer).channel(channel)
        .createdAt(createdAt).scenarioId(scenarioId).version(version).scenarioChecksum("checksum-" + version)
        .currentStepId(stepId).history(List.of(new StepVisit("welcome", "Welcome", "hash-welcome", createdAt, false,
            null))).build();
  }

  /** A session with every component filled, including nested variables and awkward text. */
  public static SessionState richSession(String tenantId, String sessionId) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("name", NASTY);
    vars.put("age", 42);
    vars.put("score", 1.5);
    vars.put("vip", true);
    vars.put("tags", List.of("a", NASTY));
    vars.put("address", Map.of("city", "Zürich", "street", "O'Connell \"St\""));
    vars.put(NASTY, "key with metacharacters");
    return SessionState.builder().tenantId(tenantId).sessionId(sessionId).customerId(NASTY).channel("whats'app")
        .createdAt(T0).scenarioId("order-flow").version(3).scenarioChecksum("chk'sum").currentStepId("check'out")
        .history(List.of(new StepVisit("welcome", "Welcome", "hash-welcome", T0, false, null),
            new StepVisit("pay'ment", NASTY, "hash-payment", T0.plusSeconds(5), true, "paid; DROP TABLE x; --"),
            new StepVisit("check'out", "Checkout", "hash-checkout", T0.plusSeconds(9), false, "")))
        .variables(vars).pending(new PendingMigration("plan'1", "hash-checkout", 4, T0.plusSeconds(10),
            List.of("age", NASTY)))
        .settledPlans(Set.of("plan-0", NASTY)).pinned(true).build();
  }

  /** {@code s} with other ids (everything else kept). */
  public static SessionState withIds(SessionState s, String tenantId, String sessionId, String customerId,
      String channel, String scenarioId, String stepId) {
    return s.toBuilder().tenantId(tenantId).sessionId(sessionId).customerId(customerId).channel(channel)
        .scenarioId(scenarioId).currentStepId(stepId).build();
  }

  /** {@code p} under another id, tenant and status. */
  public static MigrationPlan withIds(MigrationPlan p, String id, String tenantId, PlanStatus status) {
    return p.toBuilder().id(id).tenantId(tenantId).status(status).build();
  }

  /**
   * Asserts that {@code call} throws {@link InvalidIdException} naming {@code kind} and {@code value}.
   *
   * @return the exception
   */
  public static InvalidIdException assertInvalidId(IdKind kind, String value, ThrowingCallable call) {
    InvalidIdException e = catchThrowableOfType(InvalidIdException.class, call);
    assertThat(e).as("InvalidIdException for %s %s", kind.label(), Ids.quote(value)).isNotNull();
    assertThat(e.kind()).as(Ids.quote(value)).isEqualTo(kind);
    assertThat(e.value()).isEqualTo(value);
    assertThat(e.getMessage()).startsWith(kind.label() + " " + Ids.quote(value) + " is invalid: ");
    return e;
  }

  /** A marker of {@code planId}. */
  public static PendingMigration marker(String planId) {
    return new PendingMigration(planId, "hash-checkout", 2, T0, List.of());
  }
}
