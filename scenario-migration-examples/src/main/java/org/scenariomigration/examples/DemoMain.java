package org.scenariomigration.examples;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.scenariomigration.micrometer.MicrometerMigrationMetrics;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.ContentHash;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.report.PlanReport;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.runtime.DeploymentResult;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.Outcome;
import org.scenariomigration.runtime.Reconciled;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.Extractor;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.session.SessionState;

/**
 * The seed quickstart, end to end, on the embedded default store (H2 in memory through {@code JdbcStores}), or on the
 * database of a JDBC URL given as the only argument:
 *
 * <pre>
 * DemoMain                                                   # H2 in memory
 * DemoMain jdbc:postgresql://127.0.0.1:5432/test?user=postgres   # tables sm_demo_&lt;random&gt;_*, dropped at the end
 * </pre>
 *
 * <p>Version 1 of the order flow is live with 20 sessions spread over its steps and channels; the operator creates
 * version 2 (Age Verification with an age fork, and Loyalty Enrollment), reviews the plan ({@link PlanReport}), sets
 * the seed's policy on Checkout, approves and deploys it. Then every session sends one message: the host calls
 * {@link ScenarioMigration#reconcile} and acts on the outcome, answering for the customer when the outcome asks
 * something. Then comes the deployment status, and last a progressive rollout of version 3 that a failing health gate
 * halts and rolls back ({@link DemoRollout}). The clock is a fixed, hand-moved one, so the output is the same on
 * every run except for the plan's id, which the engine draws at random.
 */
public final class DemoMain {
  static final String TENANT = "tenant-1";
  static final Instant VERSION_1_LIVE = Instant.parse("2025-10-01T08:00:00Z");
  static final Instant SESSIONS_START = Instant.parse("2025-11-28T09:00:00Z");
  static final Instant PLAN_GENERATED = Instant.parse("2025-11-29T10:00:00Z");
  static final Instant PLAN_APPROVED = Instant.parse("2025-11-29T10:15:00Z");
  static final Instant PLAN_DEPLOYED = Instant.parse("2025-11-29T10:30:00Z");
  static final Instant MESSAGES_START = Instant.parse("2025-11-29T11:00:00Z");

  private final PrintStream out;
  private final DemoClock clock = new DemoClock(VERSION_1_LIVE);
  private final DemoExtractor extractor = new DemoExtractor();

  private DemoMain(PrintStream out) {
    this.out = out;
  }

  /** Runs the demo; the optional argument is a JDBC URL (H2 in memory without it). */
  public static void main(String[] args) {
    if (args.length > 1 || (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help")))) {
      System.out.println("usage: DemoMain [jdbc-url]   (H2 in memory without it; for example "
          + "jdbc:postgresql://127.0.0.1:5432/test?user=postgres)");
      return;
    }
    run(args.length == 1 ? args[0] : null, System.out);
  }

  /** Runs the demo against {@code jdbcUrl} (H2 in memory when null), printing to {@code out}. */
  static void run(String jdbcUrl, PrintStream out) {
    new DemoMain(out).run(jdbcUrl);
  }

  private void run(String jdbcUrl) {
    try (DemoDatabase db = DemoDatabase.open(jdbcUrl, clock)) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      MicrometerMigrationMetrics micrometer = new MicrometerMigrationMetrics(registry, "demo");
      DemoRollout rollout = new DemoRollout(out, clock);
      ScenarioMigration migration = db.wire(ScenarioMigration.builder())
          .extractor(extractor)
          .listener(micrometer)
          .listener(rollout)
          .clock(clock)
          // the demo prints every outcome itself, so the library's own per-migration log lines are off
          .config(MigrationConfig.custom()
              .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build())
          .build();
      micrometer.bind(migration);

      out.println("scenario-migration demo: the seed quickstart, end to end");
      out.println("store: " + db.describe());
      List<Customer> customers = versionOneIsLive(migration, db);
      MigrationPlan plan = operatorGeneratesAPlan(migration);
      plan = operatorConfiguresApprovesAndDeploys(migration, plan);
      everySessionSendsAMessage(migration, customers);
      deploymentStatus(migration, plan, registry);
      rollout.run(migration, customers); // 6. a progressive rollout halted by a failing gate and rolled back
    }
  }

  // ------------------------------------------------------------------------------------------------ 1. version 1

  private List<Customer> versionOneIsLive(ScenarioMigration migration, DemoDatabase db) {
    ScenarioVersion v1 = DemoScenarios.v1();
    migration.publish(TENANT, v1);
    heading("1. Version 1 is live, and 20 customers are somewhere in it");
    out.println("v1: " + path(v1));

    List<Customer> customers = customers();
    out.println();
    out.println("  session  channel   at         started     what the host knows about the customer's age");
    for (Customer c : customers) {
      clock.set(c.startedAt);
      migration.startSession(TENANT, c.sessionId, c.customerId, c.channel, DemoScenarios.SCENARIO_ID);
      for (String step : pathTo(c.step)) {
        clock.advance(Duration.ofMinutes(1));
        migration.advance(TENANT, c.sessionId, step);
      }
      if (c.profileAge != null) {
        migration.putProfile(TENANT, c.customerId, new ProfileField("age", c.profileAge, "crm", 1.0, null));
      }
      if (c.variableAge != null) {
        migration.setVariables(TENANT, c.sessionId, Map.of("age", c.variableAge));
      }
      if (c.extracted != null) {
        extractor.conversations.put(c.sessionId, c.extracted);
      }
      out.printf(Locale.ROOT, "  %-8s %-9s %-10s %-11s %s%n", c.sessionId, c.channel, name(v1, c.step),
          c.startedAt.toString().substring(0, 10), c.knownAge());
    }
    return customers;
  }

  /** The steps a session at {@code step} went through after Welcome. */
  private static List<String> pathTo(String step) {
    List<String> order = List.of("checkout", "payment", "confirm");
    int i = order.indexOf(step);
    return i < 0 ? List.of() : order.subList(0, i + 1);
  }

  // ------------------------------------------------------------------------------------------------ 2. the plan

  private MigrationPlan operatorGeneratesAPlan(ScenarioMigration migration) {
    clock.set(PLAN_GENERATED);
    ScenarioVersion v2 = DemoScenarios.v2();
    heading("2. The operator creates version 2 and generates a migration plan");
    out.println("v2: " + path(v2));
    MigrationPlan plan = migration.operations().generatePlan(TENANT, v2, "operator@example.com");
    out.println();
    out.println("The operator's review (PlanReport.text; PlanReport.markdown and PlanReport.mermaid render it for a"
        + " wiki page):");
    out.println();
    out.print(indent(PlanReport.text(plan)));
    return plan;
  }

  private MigrationPlan operatorConfiguresApprovesAndDeploys(ScenarioMigration migration, MigrationPlan plan) {
    heading("3. The operator sets a policy, approves and deploys");
    plan = migration.operations().updatePolicy(TENANT, plan.id(), "checkout",
        p -> p.includeChannels("whatsapp").maxSessionAgeDays(30));
    AnchorTransformation checkout = plan.transformationMap().anchorFor("checkout");
    out.println("policy   Checkout [" + ContentHash.shortForm(checkout.anchorContentHash()) + "]: include_channels"
        + " [whatsapp], max_session_age_days 30 (the seed's example); every other anchor: all sessions");
    clock.set(PLAN_APPROVED);
    plan = migration.operations().approve(TENANT, plan.id(), "lead@example.com");
    out.println("approve  by " + plan.approvedBy() + " at " + plan.approvedAt() + ": status "
        + plan.status().jsonName());
    clock.set(PLAN_DEPLOYED);
    DeploymentResult deployed = migration.operations().deploy(TENANT, plan.id());
    plan = migration.operations().plan(TENANT, plan.id());
    out.println("deploy   at " + deployed.deployedAt() + ": status " + plan.status().jsonName() + ", "
        + deployed.sessionsMarked() + " sessions marked, none moved yet");
    Map<String, String> names = new HashMap<>();
    plan.transformationMap().anchors().forEach(a -> names.put(a.anchorContentHash(), a.anchorName()));
    deployed.sessionsByAnchor().forEach((hash, n) -> out.printf(Locale.ROOT, "           %-9s [%s] %d%n",
        names.getOrDefault(hash, hash), ContentHash.shortForm(hash), n));
    return plan;
  }

  // ------------------------------------------------------------------------------------------------ 3. messages

  private void everySessionSendsAMessage(ScenarioMigration migration, List<Customer> customers) {
    heading("4. Every customer sends a message: the host reconciles first, then acts on the outcome");
    ScenarioVersion v1 = DemoScenarios.v1();
    ScenarioVersion v2 = DemoScenarios.v2();
    clock.set(MESSAGES_START);
    Map<String, Integer> tally = new TreeMap<>();
    for (Customer c : customers) {
      clock.advance(Duration.ofMinutes(1));
      out.println();
      out.printf(Locale.ROOT, "%s  %s at %s, %s%n", c.sessionId, c.channel, name(v1, c.step), c.knownAge());
      // one read: the outcome comes with the session's state, no session(...) call
      Reconciled reconciled = migration.reconcileWithState(TENANT, c.sessionId);
      Outcome outcome = reconciled.outcome();
      tally.merge(outcome.kind().jsonName(), 1, Integer::sum);
      describe(migration, c, reconciled.session(), outcome, v2);
      if (outcome instanceof Outcome.Collect collect) {
        out.println("    customer answers: \"" + c.answer + "\"; the host stores it and reconciles again");
        Map<String, Object> answer = new LinkedHashMap<>();
        collect.fields().forEach(f -> answer.put(f, c.answer));
        migration.setVariables(TENANT, c.sessionId, answer);
        Reconciled again = migration.reconcileWithState(TENANT, c.sessionId);
        describe(migration, c, again.session(), again.outcome(), v2);
      } else if (outcome instanceof Outcome.Confirm confirm) {
        Object value = c.answer == null ? confirm.value() : c.answer;
        out.println(c.answer == null
            ? "    customer answers: \"yes\"; the host stores " + confirm.field() + "=" + value
                + " and reconciles again"
            : "    customer answers: \"no, I am " + value + "\"; the host stores " + confirm.field() + "=" + value
                + " and reconciles again");
        migration.setVariables(TENANT, c.sessionId, Map.of(confirm.field(), value));
        Reconciled again = migration.reconcileWithState(TENANT, c.sessionId);
        describe(migration, c, again.session(), again.outcome(), v2);
      }
    }
    out.println();
    out.println("outcomes of each session's first reconcile: " + tally);
  }

  private void describe(ScenarioMigration migration, Customer c, SessionState state, Outcome outcome,
      ScenarioVersion v2) {
    String line = switch (outcome.kind()) {
      case ENDED -> "ended (" + ((Outcome.Ended) outcome).reason().name() + "): start a new session";
      case TELEPORT -> {
        Outcome.Teleport t = (Outcome.Teleport) outcome;
        String what = switch (t.reason()) {
          case CLEAN_GRAFT -> "clean graft";
          case GAP_FILL -> "gap fill";
          case RE_ROUTE -> "re-route";
          case RELOCATION, ROLLBACK, OPERATOR_MOVE -> t.reason().jsonName();
        };
        yield "teleport (" + what + ") to " + name(v2, t.targetStepId()) + " of v" + t.targetVersion()
            + filled(migration, c) + (t.userMessage() == null ? "" : "; tell the customer: \"" + t.userMessage()
            + "\"");
      }
      case EXECUTE_ACTIONS -> {
        Outcome.ExecuteActions x = (Outcome.ExecuteActions) outcome;
        yield "execute_actions: run " + x.stepIds().stream().map(id -> name(v2, id)).toList() + ", then continue"
            + " at " + name(v2, x.targetStepId()) + " of v" + x.targetVersion() + " (gap fill)"
            + filled(migration, c);
      }
      case COLLECT -> {
        Outcome.Collect x = (Outcome.Collect) outcome;
        yield "collect " + x.fields() + ": ask \"" + x.prompt() + "\"";
      }
      case CONFIRM -> {
        Outcome.Confirm x = (Outcome.Confirm) outcome;
        yield "confirm " + x.field() + "=" + x.value() + " (extracted with confidence "
            + String.format(Locale.ROOT, "%.2f", x.confidence()) + "): ask \"" + x.prompt() + "\"";
      }
      case CHECKPOINT_BLOCKED -> "continue on v1, checkpoint block: " + outcome.warning();
      case CONTINUE -> {
        yield state.pending() == null
            ? "continue on v1: not marked, the Checkout policy's scope filter left it out"
            : "continue";
      }
      case EXIT_SCENARIO -> "exit_scenario: \"" + ((Outcome.ExitScenario) outcome).message() + "\"";
    };
    out.println("  → " + line);
  }

  /** The gap-filled fields of the session's last migration, with their sources, from the journal. */
  private static String filled(ScenarioMigration migration, Customer c) {
    List<JournalRecord> journal = migration.journal(TENANT, c.sessionId);
    if (journal.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (FilledField f : journal.get(journal.size() - 1).filledFields()) {
      parts.add(f.field() + "=" + f.value() + " from the " + switch (f.source()) {
        case PROFILE -> "profile";
        case SESSION -> "session";
        case EXTRACTION -> "conversation (extracted with confidence "
            + String.format(Locale.ROOT, "%.2f", f.confidence()) + ")";
      });
    }
    return parts.isEmpty() ? "" : "; " + String.join(", ", parts);
  }

  // ------------------------------------------------------------------------------------------------ 4. status

  private void deploymentStatus(ScenarioMigration migration, MigrationPlan plan, SimpleMeterRegistry registry) {
    heading("5. Deployment status (GET /api/v1/migration-plans/{plan_id}/deployment-status)");
    out.println(SeedJson.write(SeedJson.status(migration.operations().deploymentStatus(TENANT, plan.id()))));
    out.println();
    out.println("Micrometer (MicrometerMigrationMetrics on a SimpleMeterRegistry):");
    List<String> lines = new ArrayList<>();
    for (Meter m : registry.getMeters()) {
      String name = m.getId().getName();
      if (name.endsWith("slow_path") || name.endsWith(".max")) {
        continue; // timings differ from run to run
      }
      double value = m.measure().iterator().next().getValue();
      if (value > 0) {
        String tags = m.getId().getTags().isEmpty() ? "" : m.getId().getTags().stream()
            .map(t -> t.getKey() + "=" + t.getValue()).toList().toString();
        lines.add(String.format(Locale.ROOT, "  %-48s %d", name + tags, (long) value));
      }
    }
    lines.stream().sorted().forEach(out::println);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private void heading(String title) {
    out.println();
    out.println("== " + title);
  }

  private static String indent(String text) {
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        b.append("  ").append(line);
      }
      b.append('\n');
    }
    return b.toString().replaceAll("\n+$", "\n");
  }

  private static String name(ScenarioVersion v, String stepId) {
    return v.step(stepId).map(Step::name).orElse(stepId);
  }

  /** The version as a chain from its start step, forks opening one indented line per branch. */
  private static String path(ScenarioVersion v) {
    StringBuilder b = new StringBuilder();
    chain(v, v.startStepId(), "      ", new java.util.HashSet<>(), b);
    return b.toString();
  }

  private static void chain(ScenarioVersion v, String stepId, String indent, java.util.Set<String> seen,
      StringBuilder b) {
    Step s = v.requireStep(stepId);
    List<String> notes = new ArrayList<>();
    if (s.checkpoint()) {
      notes.add("checkpoint");
    }
    if (s.requiredAction()) {
      notes.add("required action");
    }
    if (!s.collectsFields().isEmpty()) {
      notes.add("collects " + String.join(", ", s.requiredCollectedFieldNames()));
    }
    b.append(s.name()).append(notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")");
    if (!seen.add(stepId)) {
      return;
    }
    if (s.transitions().size() == 1 && !s.transitions().get(0).isConditional()) {
      b.append(" → ");
      chain(v, s.transitions().get(0).toStepId(), indent, seen, b);
      return;
    }
    for (var t : s.transitions()) {
      b.append('\n').append(indent).append(t.isConditional() ? "[" + t.condition() + "]" : "[otherwise]")
          .append(" → ");
      chain(v, t.toStepId(), indent + "  ", seen, b);
    }
  }

  // ------------------------------------------------------------------------------------------------ fixtures

  /** A customer with a session, where it is, and what the host and the conversation know of the age. */
  static final class Customer {
    final String sessionId;
    final String customerId;
    final String channel;
    final String step;
    Instant startedAt;
    Integer profileAge;
    Integer variableAge;
    Extractor.Extraction extracted;
    Integer answer;

    Customer(int n, String channel, String step) {
      this.sessionId = String.format(Locale.ROOT, "s%02d", n);
      this.customerId = String.format(Locale.ROOT, "customer-%02d", n);
      this.channel = channel;
      this.step = step;
      this.startedAt = SESSIONS_START.plus(Duration.ofMinutes(10L * n));
    }

    Customer profile(int age) {
      this.profileAge = age;
      return this;
    }

    Customer variable(int age) {
      this.variableAge = age;
      return this;
    }

    Customer said(int age, double confidence) {
      this.extracted = new Extractor.Extraction(age, confidence);
      return this;
    }

    Customer answers(int age) {
      this.answer = age;
      return this;
    }

    Customer startedDaysBefore(int days) {
      this.startedAt = SESSIONS_START.minus(Duration.ofDays(days));
      return this;
    }

    String knownAge() {
      if (profileAge != null) {
        return "profile age=" + profileAge;
      }
      if (variableAge != null) {
        return "session variable age=" + variableAge;
      }
      if (extracted != null) {
        return "the conversation says " + extracted.value() + String.format(Locale.ROOT, " (confidence %.2f)",
            extracted.confidence());
      }
      return "nothing";
    }
  }

  /** The 20 sessions: where they are and what is known of each customer's age. */
  static List<Customer> customers() {
    return List.of(
        new Customer(1, "whatsapp", "welcome"),
        new Customer(2, "web", "welcome"),
        new Customer(3, "sms", "welcome"),
        new Customer(4, "whatsapp", "checkout").profile(34),
        new Customer(5, "whatsapp", "checkout").profile(16),
        new Customer(6, "whatsapp", "checkout").answers(41),
        new Customer(7, "whatsapp", "checkout").said(27, 0.90),
        new Customer(8, "whatsapp", "checkout").said(52, 0.97),
        new Customer(9, "whatsapp", "checkout").answers(15),
        new Customer(10, "web", "checkout").profile(30),
        new Customer(11, "sms", "checkout"),
        new Customer(12, "whatsapp", "checkout").profile(45).startedDaysBefore(45),
        new Customer(13, "web", "payment").profile(38),
        new Customer(14, "sms", "payment").profile(17),
        new Customer(15, "whatsapp", "payment").answers(62),
        new Customer(16, "whatsapp", "confirm").profile(29),
        new Customer(17, "web", "confirm").profile(16),
        new Customer(18, "sms", "confirm").variable(45),
        new Customer(19, "web", "confirm").said(33, 0.88).answers(17),
        new Customer(20, "sms", "welcome"));
  }

  /** What the conversation of each session says, as an LLM extractor would find it. */
  static final class DemoExtractor implements Extractor {
    final Map<String, Extraction> conversations = new HashMap<>();

    @Override
    public Optional<Extraction> extract(ExtractionRequest request) {
      return Optional.ofNullable(conversations.get(request.sessionId()));
    }
  }

  /** A clock the demo moves by hand, so that every timestamp is the same on every run. */
  static final class DemoClock extends Clock {
    private volatile Instant now;

    DemoClock(Instant start) {
      this.now = start;
    }

    void set(Instant at) {
      now = at;
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
      throw new UnsupportedOperationException("the demo clock is UTC only");
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
