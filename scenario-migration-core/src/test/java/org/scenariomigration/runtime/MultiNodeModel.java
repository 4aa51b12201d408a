package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.statistics.Statistics;
import org.scenariomigration.MovableClock;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.scenario.ScenarioGenerators;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.scenario.Transition;
import org.scenariomigration.spi.JournalRecord;
import org.scenariomigration.spi.JournalStore;
import org.scenariomigration.spi.PlanStore;
import org.scenariomigration.spi.ScenarioStore;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.SessionStore;

/**
 * A model of several nodes on one set of stores: engines each with caches of their own, one clock, and a random
 * interleaving of operator changes (deploy, widen, rollback, a version made current without a plan), host progress,
 * messages on any node and time passing. After every step it checks what no node may ever do from a stale view:
 * <ul>
 *   <li>a session a deployed plan marked is acted on at its first message (migrated, asked, kept by its policy or a
 *       checkpoint), on any node, and each plan migrates it at most once;</li>
 *   <li>a session is pinned only with a journal record saying why (a policy, a checkpoint, an exit);</li>
 *   <li>a relocation without a plan happens only when no deployed plan covers the session's version and that version
 *       is not current;</li>
 *   <li>once the caches' time to live has passed since the last change, a message settles a session that is on an old
 *       version (it migrates, relocates, or is pinned with a reason);</li>
 *   <li>a rollback restores exactly the sessions it reports, to the position and version it journaled.</li>
 * </ul>
 * Used in memory by {@link MultiNodeProperties} and on H2 and PostgreSQL by the jdbc module.
 */
public final class MultiNodeModel {
  /** What one step does. */
  public enum Kind { DEPLOY, WIDEN, ROLLBACK, MAKE_CURRENT, RECONCILE, ADVANCE, CLOCK }

  /**
   * One step: what, on which node, and a number that picks the rest (a session, a rollout percent, an edit).
   *
   * @param kind what
   * @param node the node
   * @param pick picks the rest
   */
  public record Step(Kind kind, int node, long pick) {}

  /** The sessions of every run. */
  public static final int SESSIONS = 6;

  private MultiNodeModel() {}

  /** Runs of 10 to 40 steps on {@code nodes} nodes, messages the most frequent. */
  public static Arbitrary<List<Step>> runs(int nodes) {
    Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.DEPLOY)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.WIDEN)),
        net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.ROLLBACK)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.MAKE_CURRENT)),
        net.jqwik.api.Tuple.of(10, Arbitraries.just(Kind.RECONCILE)),
        net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.ADVANCE)),
        net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.CLOCK)));
    return Combinators.combine(kinds, Arbitraries.integers().between(0, nodes - 1), Arbitraries.longs())
        .as(Step::new).list().ofMinSize(10).ofMaxSize(40);
  }

  /** The stores every node shares, as the model reads them. */
  public record Shared(SessionStore sessions, JournalStore journal, ScenarioStore scenarios, PlanStore plans) {}

  /**
   * Runs {@code steps} for {@code tenant} on {@code nodes} (engines over stores that {@code shared} reads too), with
   * {@code clock} the clock of every node and {@code ttl} the longest time a node's cache may keep a view.
   */
  public static void run(String tenant, List<ScenarioMigration> nodes, Shared shared, MovableClock clock,
      Duration ttl, List<Step> steps) {
    new Run(tenant, nodes, shared, clock, ttl).go(steps);
  }

  private static final class Run {
    final String tenant;
    final List<ScenarioMigration> nodes;
    final Shared shared;
    final MovableClock clock;
    final Duration ttl;
    ScenarioVersion latest;
    int lastChangeNode = -1;
    Instant lastChange = Instant.MIN;
    /** Sessions a rollback reported for restoring: the position and version they go back to. */
    final Map<String, String> restoreTo = new HashMap<>();

    Run(String tenant, List<ScenarioMigration> nodes, Shared shared, MovableClock clock, Duration ttl) {
      this.tenant = tenant;
      this.nodes = nodes;
      this.shared = shared;
      this.clock = clock;
      this.ttl = ttl;
    }

    ScenarioMigration node(int i) {
      return nodes.get(i % nodes.size());
    }

    String sessionId(long pick) {
      return "s" + Math.floorMod(pick, SESSIONS);
    }

    void go(List<Step> steps) {
      ScenarioMigration first = nodes.get(0);
      latest = Seeds.v1();
      first.publish(tenant, latest);
      String[] walk = {"welcome", "checkout", "confirm"};
      for (int i = 0; i < SESSIONS; i++) {
        String id = "s" + i;
        first.startSession(tenant, id, "c" + i, i % 2 == 0 ? "whatsapp" : "web", latest.scenarioId());
        for (int k = 1; k <= i % 3; k++) {
          first.advance(tenant, id, walk[k]);
        }
      }
      boolean soonAfterAnotherNode = false;
      for (Step step : steps) {
        Random r = new Random(step.pick());
        ScenarioMigration n = node(step.node());
        switch (step.kind()) {
          case DEPLOY -> change(step, () -> deploy(n, r));
          case WIDEN -> change(step, () -> widen(n, r));
          case ROLLBACK -> change(step, () -> rollback(n));
          case MAKE_CURRENT -> change(step, () -> makeCurrent(n, r));
          case ADVANCE -> advance(n, sessionId(step.pick()), r);
          case CLOCK -> clock.advance(Duration.ofMillis(100 + r.nextInt(3000)));
          case RECONCILE -> {
            boolean soon = step.node() % nodes.size() != lastChangeNode && lastChangeNode >= 0
                && Duration.between(lastChange, clock.instant()).compareTo(ttl.plusSeconds(1)) < 0;
            soonAfterAnotherNode |= soon;
            reconcile(n, sessionId(step.pick()));
          }
          default -> throw new AssertionError(step);
        }
      }
      Statistics.label("a message soon after another node's change").collect(soonAfterAnotherNode);
      Statistics.label("a message soon after another node's change")
          .coverage(c -> c.check(true).percentage(p -> p >= 30));
    }

    void change(Step step, Runnable work) {
      work.run();
      lastChangeNode = step.node() % nodes.size();
      lastChange = clock.instant();
    }

    MigrationPlan deployed() {
      MigrationPlan found = null;
      for (MigrationPlan p : shared.plans().forScenario(tenant, latest.scenarioId())) {
        if (p.status() == PlanStatus.DEPLOYED && (found == null || p.deployedAt().isAfter(found.deployedAt()))) {
          found = p;
        }
      }
      return found;
    }

    ScenarioVersion next(ScenarioMigration n, Random r) {
      ScenarioVersion current = n.currentVersion(tenant, latest.scenarioId());
      int number = shared.scenarios().versions(tenant, latest.scenarioId()).stream().mapToInt(Integer::intValue)
          .max().orElse(1) + 1;
      ScenarioVersion edited = new ScenarioGenerators.Edit(ScenarioGenerators.EditKind.values()[r.nextInt(
          ScenarioGenerators.EditKind.values().length)], r.nextLong()).apply(current);
      // numbered after every stored version (a rollback makes an older one current again)
      return ScenarioVersion.builder(edited.scenarioId(), number).name(edited.name())
          .startStep(edited.startStepId()).steps(edited.steps()).build();
    }

    void deploy(ScenarioMigration n, Random r) {
      ScenarioVersion to = next(n, r);
      MigrationPlan p = n.operations().generatePlan(tenant, to, "op");
      n.operations().approve(tenant, p.id(), "lead");
      int[] percents = {100, 100, 50, 10};
      n.operations().deploy(tenant, p.id(), percents[r.nextInt(percents.length)]);
      latest = to;
    }

    void widen(ScenarioMigration n, Random r) {
      MigrationPlan p = deployed();
      if (p != null) {
        n.operations().widenRollout(tenant, p.id(), Math.min(100, p.rolloutPercent() + 1 + r.nextInt(60)));
      }
    }

    void rollback(ScenarioMigration n) {
      MigrationPlan p = deployed();
      if (p == null) {
        return;
      }
      Map<String, JournalRecord> last = new LinkedHashMap<>();
      for (JournalRecord rec : shared.journal().forPlan(tenant, p.id())) {
        last.put(rec.sessionId(), rec);
      }
      Map<String, Integer> versionsBefore = new HashMap<>();
      for (int i = 0; i < SESSIONS; i++) {
        versionsBefore.put("s" + i, shared.sessions().find(tenant, "s" + i).orElseThrow().version());
      }
      RollbackReport report = n.operations().rollback(tenant, p.id());
      for (String id : report.sessionsToRestore()) {
        SessionState s = shared.sessions().find(tenant, id).orElseThrow();
        assertThat(s.pending()).as("%s reported for restoring", id).isNotNull();
        assertThat(s.pending().rollback()).isTrue();
        SessionState before = last.get(id).before();
        restoreTo.put(id, before.currentStepId() + "@" + before.version());
      }
      for (String id : report.sessionsKept()) {
        SessionState s = shared.sessions().find(tenant, id).orElseThrow();
        assertThat(s.pinned()).as("%s reported as kept", id).isTrue();
        assertThat(s.version()).as("%s reported as kept", id).isEqualTo(versionsBefore.get(id));
      }
    }

    void makeCurrent(ScenarioMigration n, Random r) {
      ScenarioVersion to = next(n, r);
      n.publish(tenant, to);
      n.operations().makeCurrent(tenant, to.scenarioId(), to.version());
      latest = to;
    }

    void advance(ScenarioMigration n, String id, Random r) {
      SessionState s = shared.sessions().find(tenant, id).orElseThrow();
      ScenarioVersion v = n.version(tenant, s.scenarioId(), s.version());
      List<Transition> ts = v.requireStep(s.currentStepId()).transitions();
      if (!ts.isEmpty()) {
        n.advance(tenant, id, ts.get(r.nextInt(ts.size())).toStepId());
      }
    }

    void reconcile(ScenarioMigration n, String id) {
      for (int round = 0; round < 5; round++) {
        SessionState before = shared.sessions().find(tenant, id).orElseThrow();
        int known = shared.journal().forSession(tenant, id).size();
        int current = shared.scenarios().readCurrentVersion(tenant, before.scenarioId());
        Map<Integer, MigrationPlan> live = livePlansByFrom(before.scenarioId());
        MigrationPlan marking = before.pending() == null || before.pending().rollback() ? null
            : shared.plans().find(tenant, before.pending().planId()).filter(p -> p.status() == PlanStatus.DEPLOYED
                || p.status() == PlanStatus.SUPERSEDED).orElse(null);
        Outcome o = n.reconcile(tenant, id);
        SessionState after = shared.sessions().find(tenant, id).orElseThrow();
        List<JournalRecord> all = shared.journal().forSession(tenant, id);
        List<JournalRecord> added = all.subList(known, all.size());
        check(id, before, o, after, added, all, current, live, marking);
        if (o instanceof Outcome.Collect c) {
          Map<String, Object> answers = new LinkedHashMap<>();
          c.fields().forEach(f -> answers.put(f, 30L));
          n.setVariables(tenant, id, answers);
        } else if (o instanceof Outcome.Confirm c) {
          n.setVariables(tenant, id, Map.of(c.field(), c.value()));
        } else {
          if (o.effectId() != null) {
            n.acknowledge(tenant, id, o.effectId()); // the host acted on what it was owed
          }
          return;
        }
      }
    }

    Map<Integer, MigrationPlan> livePlansByFrom(String scenarioId) {
      Map<Integer, MigrationPlan> out = new HashMap<>();
      for (MigrationPlan p : shared.plans().forScenario(tenant, scenarioId)) {
        if (p.status() == PlanStatus.DEPLOYED || p.status() == PlanStatus.SUPERSEDED) {
          out.put(p.fromVersion(), p);
        }
      }
      return out;
    }

    void check(String id, SessionState before, Outcome o, SessionState after, List<JournalRecord> added,
        List<JournalRecord> all, int current, Map<Integer, MigrationPlan> live, MigrationPlan marking) {
      String what = id + " " + before.currentStepId() + "@v" + before.version() + " -> " + o + " -> "
          + after.currentStepId() + "@v" + after.version() + " " + added.stream().map(JournalRecord::kind).toList();
      // a session a deployed plan marked is acted on at its first message, on any node
      if (marking != null && !(o instanceof Outcome.Collect) && !(o instanceof Outcome.Confirm)) {
        assertThat(after.pending() == null || !after.pending().planId().equals(marking.id()))
            .as("%s is still marked by plan %s", what, marking.id()).isTrue();
      }
      // each plan migrates a session at most once
      Map<String, Long> migrations = new HashMap<>();
      for (JournalRecord r : all) {
        if (r.planId() != null && (r.kind() == JournalRecord.Kind.MIGRATED
            || r.kind() == JournalRecord.Kind.RELOCATED)) {
          migrations.merge(r.planId(), 1L, Long::sum);
        }
      }
      assertThat(migrations.values()).as("migrations per plan of %s", what).allMatch(c -> c == 1);
      // a pin has a reason in the journal
      if (after.pinned() && !before.pinned()) {
        assertThat(added).as("the reason %s was pinned", what).anyMatch(r -> r.kind() == JournalRecord.Kind.PINNED
            || r.kind() == JournalRecord.Kind.CHECKPOINT_BLOCKED || r.kind() == JournalRecord.Kind.EXITED);
      }
      // a relocation without a plan only where no chain of deployed plans leads from the version to the current one
      for (JournalRecord r : added) {
        if (r.kind() == JournalRecord.Kind.RELOCATED && r.planId() == null) {
          assertThat(r.before().version()).as("relocation of %s", what).isNotEqualTo(current);
          int at = r.before().version();
          java.util.Set<Integer> seen = new java.util.HashSet<>();
          while (at != current && live.containsKey(at) && seen.add(at)) {
            at = live.get(at).toVersion();
          }
          assertThat(at).as("relocation without a plan of %s, though plans lead from v%d to v%d (%s)", what,
              r.before().version(), current, live.keySet()).isNotEqualTo(current);
        }
      }
      // a rollback restores what it reported, where it journaled
      String back = restoreTo.remove(id);
      if (back != null && o instanceof Outcome.Teleport t && t.reason() == Outcome.TeleportReason.ROLLBACK) {
        assertThat(after.currentStepId() + "@" + after.version()).as("restored %s", what).isEqualTo(back);
      } else if (back != null && before.pending() != null && before.pending().rollback()) {
        assertThat(o.blockedByCheckpoint()).as("restore of %s", what).isTrue();
      }
      // past every cache's time to live, a message settles a session on an old version
      boolean stale = Duration.between(lastChange, clock.instant()).compareTo(ttl) < 0;
      boolean restored = o instanceof Outcome.Teleport t && t.reason() == Outcome.TeleportReason.ROLLBACK; // one move a message
      if (!stale && !restored && !(o instanceof Outcome.Collect) && !(o instanceof Outcome.Confirm)) {
        int now = shared.scenarios().readCurrentVersion(tenant, after.scenarioId());
        assertThat(after.version() == now || after.pinned() || after.pending() != null)
            .as("%s is unsettled on v%d while v%d is current", what, after.version(), now).isTrue();
      }
    }
  }
}
