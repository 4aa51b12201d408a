package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.runtime.RuntimeFixtures.TestClock;
import org.scenariomigration.spi.FilledField;
import org.scenariomigration.memory.InMemoryProfileStore;
import org.scenariomigration.spi.ProfileField;

class OperationsObservabilityTest {
  private static final String A = "tenant-a";
  private static final String B = "tenant-b";
  private static final String C = "tenant-c";
  private static final String D = "tenant-d";

  private final TestClock clock = new TestClock(RuntimeFixtures.T0);
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final List<MigrationEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger throwerCalls = new AtomicInteger();
  private final AtomicReference<ScenarioMigration> self = new AtomicReference<>();
  private final List<String> notYetStored = Collections.synchronizedList(new ArrayList<>());

  private ScenarioMigration engine(MigrationConfig config) {
    ScenarioMigration e = ScenarioMigration.builder().config(config).clock(clock).profileStore(profiles)
        .listener(ev -> {
          throwerCalls.incrementAndGet();
          throw new IllegalStateException("listener bug");
        })
        .listener(events::add)
        .listener(this::checkStored)
        .listener(ev -> {
          throw new UnsupportedOperationException("another listener bug");
        })
        .build();
    self.set(e);
    return e;
  }

  /** Events come after the change they describe was stored. */
  private void checkStored(MigrationEvent ev) {
    ScenarioMigration e = self.get();
    if (ev instanceof MigrationEvent.MigrationApplied m
        && e.session(m.tenantId(), m.sessionId()).version() != m.toVersion()) {
      notYetStored.add(m.toString());
    } else if (ev instanceof MigrationEvent.Relocated r
        && e.session(r.tenantId(), r.sessionId()).version() != r.toVersion()) {
      notYetStored.add(r.toString());
    } else if (ev instanceof MigrationEvent.PlanDeployed d
        && e.operations().plan(d.tenantId(), d.planId()).rolloutPercent() != d.rolloutPercent()) {
      notYetStored.add(d.toString());
    }
  }

  private static void session(ScenarioMigration e, String tenant, String id, String... steps) {
    e.startSession(tenant, id, "customer-" + id, "web", "order-flow");
    for (String s : steps) {
      e.advance(tenant, id, s);
    }
  }

  private static MigrationPlan deploy(ScenarioMigration e, String tenant, ScenarioVersion to) {
    MigrationPlan p = e.operations().generatePlan(tenant, to, "op");
    e.operations().approve(tenant, p.id(), "lead");
    e.operations().deploy(tenant, p.id());
    return p;
  }

  private <T extends MigrationEvent> List<T> of(Class<T> type) {
    synchronized (events) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  @Test
  void listeners_receive_typed_events_and_throwing_listeners_break_nothing() {
    ScenarioMigration e = engine(MigrationConfig.custom()
        .withoutSafeTarget(MigrationConfig.NoSafeTargetAction.EXIT).build()); // tenant C exits
    // tenant A: clean graft, gap fill from the session and from the profile, then a rollback
    e.publish(A, RuntimeFixtures.v1());
    session(e, A, "w");
    session(e, A, "by-session", "checkout");
    session(e, A, "by-profile", "checkout");
    e.setVariables(A, "by-session", Map.of("age", 30));
    profiles.put(A, "customer-by-profile", new ProfileField("age", 52, "crm", 1.0, null));
    MigrationPlan plan = deploy(e, A, RuntimeFixtures.v2AgeInserted());

    assertThat(e.reconcile(A, "w")).isEqualTo(new Outcome.Teleport("welcome", 2, Outcome.TeleportReason.CLEAN_GRAFT, null));
    assertThat(e.reconcile(A, "by-session")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));
    assertThat(e.reconcile(A, "by-profile")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));
    RollbackReport rb = e.operations().rollback(A, plan.id());
    assertThat(e.reconcile(A, "w")).isEqualTo(new Outcome.Teleport("welcome", 1, Outcome.TeleportReason.ROLLBACK, null));
    // tenant B: a checkpoint block
    e.publish(B, RuntimeFixtures.v1WithPayment());
    session(e, B, "paid", "payment", "checkout");
    MigrationPlan blockedPlan = deploy(e, B, RuntimeFixtures.v2PaymentAfterCheckout());
    assertThat(e.reconcile(B, "paid").blockedByCheckpoint()).isTrue();
    // tenant C: an exit; tenant D: a relocation
    e.publish(C, RuntimeFixtures.v1());
    session(e, C, "lost", "checkout");
    e.publish(C, RuntimeFixtures.unrelated(2));
    e.operations().makeCurrent(C, "order-flow", 2);
    assertThat(e.reconcile(C, "lost").kind()).isEqualTo(Outcome.Kind.EXIT_SCENARIO);
    e.publish(D, RuntimeFixtures.v1());
    session(e, D, "moved", "checkout");
    e.publish(D, RuntimeFixtures.v2PaymentDownstream());
    e.operations().makeCurrent(D, "order-flow", 2);
    assertThat(e.reconcile(D, "moved").kind()).isEqualTo(Outcome.Kind.TELEPORT);

    assertThat(throwerCalls.get()).isEqualTo(events.size()).isPositive();
    assertThat(notYetStored).isEmpty();
    assertThat(of(MigrationEvent.PlanGenerated.class)).extracting(MigrationEvent.PlanGenerated::planId)
        .containsExactly(plan.id(), blockedPlan.id());
    assertThat(of(MigrationEvent.PlanGenerated.class).get(0)).satisfies(g -> {
      assertThat(g.tenantId()).isEqualTo(A);
      assertThat(g.scenarioId()).isEqualTo("order-flow");
      assertThat(g.fromVersion()).isEqualTo(1);
      assertThat(g.toVersion()).isEqualTo(2);
    });
    assertThat(of(MigrationEvent.PlanApproved.class)).extracting(MigrationEvent.PlanApproved::approvedBy)
        .containsExactly("lead", "lead");
    assertThat(of(MigrationEvent.PlanDeployed.class)).extracting(MigrationEvent.PlanDeployed::rolloutPercent)
        .containsExactly(100, 100);
    assertThat(of(MigrationEvent.SessionsMarked.class)).extracting(MigrationEvent.SessionsMarked::count)
        .containsExactly(3L, 1L);
    assertThat(of(MigrationEvent.MigrationApplied.class)).extracting(MigrationEvent.MigrationApplied::sessionId,
        MigrationEvent.MigrationApplied::scenario).containsExactly(
            org.assertj.core.groups.Tuple.tuple("w", MigrationScenario.CLEAN_GRAFT),
            org.assertj.core.groups.Tuple.tuple("by-session", MigrationScenario.GAP_FILL),
            org.assertj.core.groups.Tuple.tuple("by-profile", MigrationScenario.GAP_FILL));
    assertThat(of(MigrationEvent.GapFilled.class)).extracting(MigrationEvent.GapFilled::sessionId,
        MigrationEvent.GapFilled::field, MigrationEvent.GapFilled::source).containsExactly(
            org.assertj.core.groups.Tuple.tuple("by-session", "age", FilledField.Source.SESSION),
            org.assertj.core.groups.Tuple.tuple("by-profile", "age", FilledField.Source.PROFILE));
    assertThat(of(MigrationEvent.PlanRolledBack.class)).singleElement().satisfies(r -> {
      assertThat(r.planId()).isEqualTo(plan.id());
      assertThat(r.sessionsToRestore()).isEqualTo(rb.sessionsToRestore().size()).isEqualTo(3);
    });
    assertThat(of(MigrationEvent.RolledBack.class)).extracting(MigrationEvent.RolledBack::sessionId)
        .containsExactly("w");
    assertThat(of(MigrationEvent.CheckpointBlocked.class)).singleElement().satisfies(b -> {
      assertThat(b.tenantId()).isEqualTo(B);
      assertThat(b.sessionId()).isEqualTo("paid");
      assertThat(b.planId()).isEqualTo(blockedPlan.id());
      assertThat(b.warning()).contains("Payment");
    });
    assertThat(of(MigrationEvent.Exited.class)).singleElement().satisfies(x -> {
      assertThat(x.tenantId()).isEqualTo(C);
      assertThat(x.sessionId()).isEqualTo("lost");
    });
    assertThat(of(MigrationEvent.Relocated.class)).singleElement().satisfies(r -> {
      assertThat(r.tenantId()).isEqualTo(D);
      assertThat(r.toVersion()).isEqualTo(2);
      assertThat(r.toStepId()).isEqualTo("checkout");
      assertThat(r.planId()).isNull();
    });
    assertThat(events).allSatisfy(ev -> assertThat(ev.at()).isEqualTo(RuntimeFixtures.T0));

    // the metrics count exactly what the listeners saw
    assertThat(e.metrics().counters()).isEqualTo(expectedCounters());
    assertThat(e.metrics().count("gap_fills.profile")).isEqualTo(1);
    assertThat(e.metrics().count("never_counted")).isZero();
    assertThat(e.metrics().slowPathCount()).isPositive();
    assertThat(e.metrics().slowPathMaxNanos()).isLessThanOrEqualTo(e.metrics().slowPathTotalNanos());
  }

  private static final Map<Class<?>, String> COUNTER = Map.ofEntries(
      Map.entry(MigrationEvent.PlanGenerated.class, "plans_generated"),
      Map.entry(MigrationEvent.PlanApproved.class, "plans_approved"),
      Map.entry(MigrationEvent.PlanDeployed.class, "plans_deployed"),
      Map.entry(MigrationEvent.PlanRolledBack.class, "plans_rolled_back"),
      Map.entry(MigrationEvent.SessionsMarked.class, "sessions_marked"),
      Map.entry(MigrationEvent.MigrationApplied.class, "migrations_applied"),
      Map.entry(MigrationEvent.GapFilled.class, "gap_fills"),
      Map.entry(MigrationEvent.CheckpointBlocked.class, "checkpoint_blocks"),
      Map.entry(MigrationEvent.Relocated.class, "relocations"),
      Map.entry(MigrationEvent.Exited.class, "exits"),
      Map.entry(MigrationEvent.RolledBack.class, "rollbacks_applied"));

  private Map<String, Long> expectedCounters() {
    Map<String, Long> m = new TreeMap<>();
    synchronized (events) {
      for (MigrationEvent ev : events) {
        String name = COUNTER.get(ev.getClass());
        long n = ev instanceof MigrationEvent.SessionsMarked sm ? sm.count() : 1;
        m.merge(name, n, Long::sum);
        if (ev instanceof MigrationEvent.GapFilled g) {
          m.merge("gap_fills." + g.source().jsonName(), 1L, Long::sum);
        }
      }
    }
    return m;
  }

  @Test
  void dry_runs_and_previews_publish_nothing_and_count_nothing() {
    ScenarioMigration e = engine(MigrationConfig.DEFAULTS);
    e.publish(A, RuntimeFixtures.v1());
    session(e, A, "s1", "checkout");
    e.setVariables(A, "s1", Map.of("age", 30));
    MigrationPlan plan = e.operations().generatePlan(A, RuntimeFixtures.v2AgeInserted(), "op");
    int before = events.size();
    Map<String, Long> counters = e.metrics().counters();

    e.operations().dryRun(A, plan.id(), "s1", true);
    e.operations().previewImpact(A, plan.id(), 0);

    assertThat(events).hasSize(before);
    assertThat(e.metrics().counters()).isEqualTo(counters);
  }

  @Test
  void with_logging_switched_off_migrations_still_run_and_publish_events() {
    ScenarioMigration e = engine(MigrationConfig.custom()
        .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build());
    e.publish(A, RuntimeFixtures.v1());
    session(e, A, "s1", "checkout");
    e.setVariables(A, "s1", Map.of("age", 30));
    deploy(e, A, RuntimeFixtures.v2AgeInserted());

    assertThat(e.reconcile(A, "s1")).isEqualTo(new Outcome.Teleport("checkout", 2, Outcome.TeleportReason.GAP_FILL, null));
    assertThat(e.metrics().count("migrations_applied")).isEqualTo(1);
    assertThat(e.metrics().count("gap_fills.session")).isEqualTo(1);
  }
}
