package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.scenariomigration.MovableClock;
import org.scenariomigration.plan.InvalidVariableMappingException;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanJson;
import org.scenariomigration.plan.VariableMapping;
import org.scenariomigration.scenario.InvalidFieldValueException;
import org.scenariomigration.scenario.ScenarioGenerators;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.ValueGenerators;

/**
 * Variable mappings compose along a chain, over generated scenarios, sessions, variables and mappings: a session
 * migrated one plan at a time ends with the variables of a session that slept through both plans and migrated once,
 * and both equal the plans' mappings applied in turn; rolling the second plan back gives the first plan's variables
 * back. Validation refuses renames in a cycle and two mappings of one field wherever they sit in the list, and every
 * valid list survives the plan's JSON.
 */
class VariableMappingProperties {
  private static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");
  private static final String TENANT = "t1";

  @Property(tries = 60)
  void mappings_compose_along_a_chain_and_rollback_undoes_the_last_plans(
      @ForAll @IntRange(min = 3, max = 10) int steps, @ForAll long seed) {
    ScenarioVersion v1 = ScenarioGenerators.scenario(steps, seed);
    ScenarioVersion v2 = ScenarioGenerators.withVersion(v1, 2);
    ScenarioVersion v3 = ScenarioGenerators.withVersion(v1, 3);
    Random r = new Random(seed);
    ScenarioMigration m = ScenarioMigration.builder().clock(new MovableClock(T0)).config(MigrationConfig.custom()
        .logMigrations(false).logGapFills(false).logReRoutes(false).logCheckpointBlocks(false).build()).build();
    m.publish(TENANT, v1);
    List<String> walk = SessionGenerators.walk(v1, r, 6);
    Map<String, Object> given = new java.util.TreeMap<>();
    List<String> known = new ArrayList<>(new java.util.TreeSet<>(MappingChecks.known(v1)));
    for (String id : List.of("hop-by-hop", "sleeper")) {
      m.startSession(TENANT, id, "c-" + id, "web", ScenarioGenerators.SCENARIO_ID);
      for (String step : walk.subList(1, walk.size())) {
        m.advance(TENANT, id, step);
      }
    }
    Random values = new Random(seed ^ 0x5eed);
    for (String f : known) {
      if (values.nextInt(3) > 0) {
        Object v = values.nextBoolean() ? (Object) (long) values.nextInt(10) : "v" + values.nextInt(3);
        try {
          m.setVariables(TENANT, "hop-by-hop", Map.of(f, v));
          m.setVariables(TENANT, "sleeper", Map.of(f, v));
          given.put(f, m.session(TENANT, "sleeper").variables().get(f));
        } catch (InvalidFieldValueException e) {
          // a typed field refuses this value: the session goes without it
        }
      }
    }
    Map<String, Object> before = m.session(TENANT, "sleeper").variables();

    MigrationPlan p1 = deploy(m, v2, r, known);
    Outcome first = handed(m, "hop-by-hop");
    SessionState afterFirst = m.session(TENANT, "hop-by-hop");
    MigrationPlan p2 = deploy(m, v3, r, known);
    Outcome second = handed(m, "hop-by-hop");
    Outcome once = handed(m, "sleeper");
    // a generated graph may ask for a field (twins, edited anchors): compare the sessions that moved without asking
    boolean moved = moved(first) && moved(second) && moved(once);
    Statistics.label("moved without asking").collect(moved);
    Assume.that(moved);
    Statistics.label("mappings in the chain").collect(Math.min(4, p1.variableMappings().size()
        + p2.variableMappings().size()));
    Statistics.label("both plans map").collect(!p1.variableMappings().isEmpty() && !p2.variableMappings().isEmpty());
    // a chain where both plans map is the case the property is about, not only chains of no mapping
    Statistics.label("both plans map").coverage(cov -> cov.check(true).percentage(p -> p >= 30));

    SessionState hop = m.session(TENANT, "hop-by-hop");
    SessionState sleeper = m.session(TENANT, "sleeper");
    assertThat(afterFirst.version()).isEqualTo(2);
    assertThat(hop.version()).isEqualTo(3);
    assertThat(sleeper.version()).isEqualTo(3);
    MappingApplier applier = new MappingApplier();
    Map<String, Object> inTurn = applier.applyOne(p2.variableMappings(),
        applier.applyOne(p1.variableMappings(), before, v1.conditionEngine()), v1.conditionEngine());
    assertThat(afterFirst.variables()).isEqualTo(applier.applyOne(p1.variableMappings(), before,
        v1.conditionEngine()));
    assertThat(hop.variables()).isEqualTo(inTurn);
    assertThat(sleeper.variables()).isEqualTo(inTurn);

    m.operations().rollback(TENANT, p2.id());
    m.reconcile(TENANT, "hop-by-hop");
    assertThat(m.session(TENANT, "hop-by-hop").version()).isEqualTo(2);
    assertThat(m.session(TENANT, "hop-by-hop").variables()).isEqualTo(afterFirst.variables());
  }

  /** Reconciles the session, the host retiring at once what the move hands over (its required actions). */
  private static Outcome handed(ScenarioMigration m, String session) {
    Outcome o = m.reconcile(TENANT, session);
    if (o.effectId() != null) {
      m.acknowledge(TENANT, session, o.effectId());
    }
    return o;
  }

  private static boolean moved(Outcome o) {
    return o.kind() == Outcome.Kind.TELEPORT || o.kind() == Outcome.Kind.EXECUTE_ACTIONS;
  }

  /** Generates a plan to {@code to}, gives it random mappings its versions accept, approves and deploys it. */
  private static MigrationPlan deploy(ScenarioMigration m, ScenarioVersion to, Random r, List<String> known) {
    MigrationPlan p = m.operations().generatePlan(TENANT, to, "op");
    List<VariableMapping> mappings = new ArrayList<>();
    for (int i = r.nextInt(6); i > 0; i--) {
      String source = known.isEmpty() ? "f0" : known.get(r.nextInt(known.size()));
      List<VariableMapping> tried = new ArrayList<>(mappings);
      try {
        VariableMapping candidate = switch (r.nextInt(4)) {
          case 0 -> VariableMapping.rename(source, r.nextBoolean() ? "n" + r.nextInt(4)
              : known.isEmpty() ? "n9" : known.get(r.nextInt(known.size())));
          case 1 -> VariableMapping.drop(source);
          case 2 -> VariableMapping.defaultValue(r.nextBoolean() ? source : "d" + r.nextInt(3),
              r.nextBoolean() ? (Object) (long) r.nextInt(5) : "x");
          default -> VariableMapping.computed("c" + r.nextInt(3), r.nextBoolean() ? source + " == " + r.nextInt(4)
              : "has(" + source + ")");
        };
        tried.add(candidate);
        m.operations().updateMappings(TENANT, p.id(), tried);
        mappings = tried;
      } catch (InvalidVariableMappingException | org.scenariomigration.InvalidIdException e) {
        // refused (a conflict, a cycle, a type): the plan keeps the mappings it had
        assertThat(m.operations().plan(TENANT, p.id()).variableMappings()).isEqualTo(mappings);
      }
    }
    m.operations().approve(TENANT, p.id(), "lead");
    m.operations().deploy(TENANT, p.id());
    return m.operations().plan(TENANT, p.id());
  }

  @Property(tries = 200)
  void renames_in_a_cycle_are_refused_wherever_they_sit(@ForAll @IntRange(min = 2, max = 6) int length,
      @ForAll long seed) {
    Random r = new Random(seed);
    List<VariableMapping> mappings = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      mappings.add(VariableMapping.rename("c" + i, "c" + ((i + 1) % length)));
    }
    for (int i = r.nextInt(4); i > 0; i--) {
      mappings.add(r.nextBoolean() ? VariableMapping.drop("other" + i)
          : VariableMapping.defaultValue("other" + i, (long) i));
    }
    Collections.shuffle(mappings, r);
    MigrationPlan plan = plan();

    assertThatThrownBy(() -> plan.withVariableMappings(mappings))
        .isInstanceOfSatisfying(InvalidVariableMappingException.class, e ->
            assertThat(e.problem()).isEqualTo(InvalidVariableMappingException.Problem.CYCLE))
        .hasMessageContaining("rename in a cycle");
  }

  @Property(tries = 200)
  void two_mappings_of_one_field_are_refused(@ForAll("writers") VariableMapping a,
      @ForAll("writers") VariableMapping b, @ForAll long seed) {
    VariableMapping second = retarget(b, a.field());
    List<VariableMapping> mappings = new ArrayList<>(List.of(a, second));
    Collections.shuffle(mappings, new Random(seed));
    MigrationPlan plan = plan();

    assertThatThrownBy(() -> plan.withVariableMappings(mappings))
        .isInstanceOfSatisfying(InvalidVariableMappingException.class, e -> {
          assertThat(e.problem()).isEqualTo(InvalidVariableMappingException.Problem.CONFLICT);
          assertThat(e.getMessage()).contains("'" + a.field() + "'");
        });
  }

  @Property(tries = 100)
  void valid_mappings_with_any_default_survive_the_plans_json(@ForAll("valid") List<VariableMapping> mappings) {
    MigrationPlan plan = plan().withVariableMappings(mappings);

    MigrationPlan read = PlanJson.read(PlanJson.write(plan));

    assertThat(read.variableMappings()).isEqualTo(mappings);
    assertThat(read).isEqualTo(plan);
    assertThat(PlanJson.readMappings("{\"variable_mappings\": " + PlanJson.writeMappings(mappings) + "}"))
        .isEqualTo(mappings);
  }

  @Provide
  Arbitrary<VariableMapping> writers() {
    Arbitrary<String> names = Arbitraries.of("a", "b", "c", "d");
    return Arbitraries.oneOf(
        Combinators.combine(names, Arbitraries.of("x", "y")).as(VariableMapping::rename),
        names.map(VariableMapping::drop),
        names.map(n -> VariableMapping.computed(n, "z > 1")));
  }

  /** {@code m} writing (or dropping) {@code field} instead. */
  private static VariableMapping retarget(VariableMapping m, String field) {
    if (m instanceof VariableMapping.Rename r) {
      return VariableMapping.rename("src_" + field, field);
    }
    return m instanceof VariableMapping.Drop ? VariableMapping.drop(field) : VariableMapping.computed(field, "z > 2");
  }

  @Provide
  Arbitrary<List<VariableMapping>> valid() {
    return Combinators.combine(ValueGenerators.values().list().ofMaxSize(4), Arbitraries.integers().between(0, 4),
        Arbitraries.integers().between(0, 3)).as((defaults, renames, computed) -> {
          List<VariableMapping> out = new ArrayList<>();
          for (int i = 0; i < defaults.size(); i++) {
            out.add(VariableMapping.defaultValue("d" + i, defaults.get(i)));
          }
          for (int i = 0; i < renames; i++) {
            out.add(i % 2 == 0 ? VariableMapping.rename("old" + i, "new" + i) : VariableMapping.drop("gone" + i));
          }
          for (int i = 0; i < computed; i++) {
            out.add(VariableMapping.computed("c" + i, "old" + i + " >= " + i + " && has(x.y)"));
          }
          return out;
        });
  }

  private static MigrationPlan plan() {
    ScenarioMigration m = ScenarioMigration.builder().clock(new MovableClock(T0)).build();
    m.publish(TENANT, VariableMappingsContract.v1());
    return m.operations().generatePlan(TENANT, VariableMappingsContract.v2(), "op");
  }
}
