package org.scenariomigration.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Every {@code with...} copy of a {@link SessionState} changes only the components it is about and keeps every other
 * one (a copy once dropped {@code end} and {@code pinGeneration}). The components are read by reflection over the
 * class's fields and their accessors, so a component added later is checked without touching this test, and a
 * {@code with...} method added later fails {@link #every_with_method_is_checked()} until it is described here.
 */
class SessionStateCopyProperties {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * One {@code with...} call: its name, the call, and the components it changes with their expected values (computed
   * from the session before the call).
   */
  record Copy(String method, UnaryOperator<SessionState> call, Function<SessionState, Map<String, Object>> changes) {
    @Override
    public String toString() {
      return method;
    }
  }

  @Property(tries = 400)
  void a_copy_changes_what_it_is_about_and_keeps_every_other_component(@ForAll("sessions") SessionState before,
      @ForAll("copies") Copy copy) throws ReflectiveOperationException {
    Statistics.collect(copy.method());
    SessionState after = copy.call().apply(before);
    Map<String, Object> changed = copy.changes().apply(before);

    assertThat(components()).containsAll(changed.keySet());
    for (String c : components()) {
      Object expected = changed.containsKey(c) ? changed.get(c) : read(before, c);
      assertThat(read(after, c)).as("%s of %s", c, copy.method()).isEqualTo(expected);
    }
    Statistics.coverage(check -> {
      for (String m : withMethods()) {
        check.check(m).count(n -> n > 0);
      }
    });
  }

  @Property(tries = 200)
  void to_builder_then_build_gives_an_equal_session(@ForAll("sessions") SessionState s)
      throws ReflectiveOperationException {
    SessionState copy = s.toBuilder().build();

    assertThat(copy).isEqualTo(s).hasSameHashCodeAs(s).hasToString(s.toString());
    for (String c : components()) {
      assertThat(read(copy, c)).as(c).isEqualTo(read(s, c));
      assertThat(s.toString()).contains(c + "=");
    }
  }

  @Property(tries = 200)
  void sessions_differing_in_one_component_are_not_equal(@ForAll("sessions") SessionState s) {
    assertThat(s.withRevision(s.revision() + 1)).isNotEqualTo(s);
    assertThat(s.toBuilder().pinGeneration(s.pinGeneration() + 1).build()).isNotEqualTo(s);
    assertThat(s.toBuilder().end(s.end() == null ? new SessionEnd(EndReason.COMPLETED, T0) : null).build())
        .isNotEqualTo(s);
  }

  @Example
  void every_with_method_is_checked() {
    assertThat(new TreeSet<>(copyArbitraries().keySet())).isEqualTo(withMethods());
  }

  @Example
  void the_builder_names_a_missing_required_component() {
    SessionState.Builder b = SessionState.builder().tenantId("t").sessionId("s").createdAt(T0).scenarioId("flow");
    org.assertj.core.api.Assertions.assertThatThrownBy(b::build).isInstanceOf(NullPointerException.class)
        .hasMessage("currentStepId");
  }

  // ------------------------------------------------------------------------------------------------ generators

  @Provide
  Arbitrary<SessionState> sessions() {
    Arbitrary<String> ids = Arbitraries.of("t", "s", "c-1", "web", "flow");
    Arbitrary<Map<String, Object>> vars = Arbitraries.maps(Arbitraries.of("age", "name", "city"),
        Arbitraries.oneOf(Arbitraries.integers().between(0, 99).map(i -> (Object) i),
            Arbitraries.of("Ann", "Bob").map(x -> (Object) x))).ofMaxSize(3);
    Arbitrary<PendingMigration> pending = pendings().injectNull(0.4);
    Arbitrary<OwedEffects> owed = oweds().injectNull(0.5);
    Arbitrary<SessionEnd> end = ends().injectNull(0.5);
    Arbitrary<Set<String>> settled = Arbitraries.of("p0", "p1", "p2").set().ofMaxSize(2);
    Arbitrary<List<StepVisit>> walk = visits().list().ofMaxSize(4);
    return Combinators.combine(ids.list().ofSize(6), vars, pending, owed, end, settled, walk,
        Arbitraries.longs().between(0, 50)).as((id, v, p, o, e, st, w, n) -> {
          SessionState s = SessionState.builder().tenantId(id.get(0)).sessionId(id.get(1)).customerId(id.get(2))
              .channel(id.get(3)).createdAt(T0.plusSeconds(n)).scenarioId(id.get(4)).version(1 + (int) (n % 4))
              .scenarioChecksum("sum-" + id.get(5)).currentStepId("a").variables(v).pending(p).settledPlans(st)
              .pinned(n % 2 == 0).revision(n * 3).owed(o).end(e).pinGeneration(n % 2 == 0 ? n % 5 : 0).build();
          for (StepVisit x : w) {
            s = s.withVisit(x);
          }
          return s;
        });
  }

  @Provide
  Arbitrary<Copy> copies() {
    return Arbitraries.oneOf(new ArrayList<>(copyArbitraries().values()));
  }

  /** Every {@code with...} method by name, with the calls to try. */
  private static Map<String, Arbitrary<Copy>> copyArbitraries() {
    Arbitrary<Map<String, Object>> moreVars = Arbitraries.maps(Arbitraries.of("age", "zip", "name"),
        Arbitraries.of("x", "y").map(x -> (Object) x)).ofMaxSize(2);
    Map<String, Arbitrary<Copy>> out = new LinkedHashMap<>();
    for (Arbitrary<Copy> a : List.of(
        Combinators.combine(Arbitraries.integers().between(1, 9), Arbitraries.of("sum-9", "other"),
            Arbitraries.of("b", "c")).as((v, sum, step) -> new Copy("withPosition", s -> s.withPosition(v, sum, step),
                s -> Map.of("version", v, "scenarioChecksum", sum, "currentStepId", step))),
        visits().map(x -> new Copy("withVisit", s -> s.withVisit(x),
            s -> Map.of("history", s.historyWith(x), "currentStepId", x.stepId()))),
        moreVars.map(m -> new Copy("withVariables", s -> s.withVariables(m), s -> {
          Map<String, Object> merged = new LinkedHashMap<>(s.variables());
          merged.putAll(m);
          return Map.of("variables", merged);
        })),
        moreVars.map(m -> new Copy("withVariablesReplaced", s -> s.withVariablesReplaced(m),
            s -> Map.of("variables", m))),
        pendings().injectNull(0.3).map(p -> new Copy("withPending", s -> s.withPending(p),
            s -> nullable("pending", p))),
        Arbitraries.of("p1", "p7").map(id -> new Copy("withSettled", s -> s.withSettled(id), s -> {
          Set<String> more = new LinkedHashSet<>(s.settledPlans());
          more.add(id);
          return Map.of("settledPlans", more);
        })),
        Arbitraries.of(true, false).map(pin -> new Copy("withPinned", s -> s.withPinned(pin),
            s -> Map.of("pinned", pin, "pinGeneration", pin ? s.pinGeneration() : 0L))),
        Arbitraries.longs().between(0, 6).map(g -> new Copy("withPin", s -> s.withPin(g),
            s -> Map.of("pinned", true, "pinGeneration", g))),
        Arbitraries.longs().between(0, 200).map(r -> new Copy("withRevision", s -> s.withRevision(r),
            s -> Map.of("revision", r))),
        oweds().injectNull(0.3).map(o -> new Copy("withOwed", s -> s.withOwed(o), s -> nullable("owed", o))),
        ends().injectNull(0.3).map(e -> new Copy("withEnd", s -> s.withEnd(e), s -> {
          Map<String, Object> m = nullable("end", e);
          if (e != null && e != s.end()) {
            m.put("pending", null); // ending clears the marker: an ended session is never migrated
          }
          return m;
        })))) {
      out.put(a.sample().method(), a);
    }
    return out;
  }

  private static Map<String, Object> nullable(String component, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(component, value);
    return m;
  }

  private static Arbitrary<StepVisit> visits() {
    return Arbitraries.of("a", "b", "c", "d").map(id -> new StepVisit(id, id.toUpperCase(java.util.Locale.ROOT),
        "hash-" + id, T0.plusSeconds(id.charAt(0)), id.equals("c"), id.equals("c") ? "paid" : ""));
  }

  private static Arbitrary<PendingMigration> pendings() {
    return Arbitraries.of("p1", "p2").map(id -> new PendingMigration(id, "hash-a", 2, T0, List.of("age"), false));
  }

  private static Arbitrary<OwedEffects> oweds() {
    return Arbitraries.of("r-1", "r-2").map(id -> new OwedEffects(id, OwedEffects.Kind.EXECUTE_ACTIONS, "p1", "c", 2,
        "gap_fill", null, List.of("loyalty")));
  }

  private static Arbitrary<SessionEnd> ends() {
    return Arbitraries.of(EndReason.COMPLETED, EndReason.EXITED).map(r -> new SessionEnd(r, T0.plusSeconds(60)));
  }

  // ------------------------------------------------------------------------------------------------ reflection

  /** The components: the instance fields of {@link SessionState}, each read through its accessor. */
  private static List<String> components() {
    List<String> out = new ArrayList<>();
    for (Field f : SessionState.class.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        out.add(f.getName());
      }
    }
    return out;
  }

  /** The public {@code with...} methods of {@link SessionState}. */
  private static Set<String> withMethods() {
    Set<String> out = new TreeSet<>();
    Arrays.stream(SessionState.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
        .filter(m -> m.getName().startsWith("with") && m.getReturnType() == SessionState.class)
        .forEach(m -> out.add(m.getName()));
    return out;
  }

  private static Object read(SessionState s, String component) throws ReflectiveOperationException {
    Method accessor = SessionState.class.getMethod(component);
    try {
      return accessor.invoke(s);
    } catch (InvocationTargetException e) {
      throw new AssertionError("accessor " + component + "() threw", e.getCause());
    }
  }
}
