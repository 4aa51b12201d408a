package org.scenariomigration.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * White-box: what a version's {@link Graph} retains after reachability questions. It may hold arrays sized by the
 * steps and transitions and a memo of at most {@link Graph#MEMO_SLOTS} reach sets, never a reach set per step (which
 * is O(steps²) bits on a chain). The estimate walks the graph's fields by reflection and fails on a field type it
 * does not know, so a new field has to be accounted for here.
 */
class GraphFootprintTest {
  private static final int N = 20_000;

  @Test
  void after_questions_about_many_steps_the_graph_retains_memory_linear_in_steps_and_transitions() {
    // a chain, not a cycle: the steps of one cycle would share one reach set in an all-steps table
    ScenarioVersion v = ScenarioVersion.builder("big", 1).steps(ScenarioSizeTest.chain(N, false)).build();
    String last = "s" + (N - 1);
    for (int i = 0; i < N; i += 97) {
      assertThat(v.canReach("s" + i, last)).isEqualTo(i < N - 1);
      assertThat(v.upstreamOf("s" + i)).hasSize(i);
      assertThat(v.downstreamOf("s" + i)).hasSize(N - 1 - i);
    }

    long bytes = estimate(v.graph, new IdentityHashMap<>());
    int transitions = N - 1;

    // about 100 bytes a step and 8 a transition here; a reach set per step would be N²/8 = 50 MB per direction
    assertThat(bytes).isLessThan(128L * (N + transitions));
    long[] memo = v.graph.memoFootprint();
    assertThat(memo[0]).isEqualTo(Graph.MEMO_SLOTS);
    assertThat(memo[1]).isLessThanOrEqualTo((long) Graph.MEMO_SLOTS * (N + 63) / 64 * 64);
  }

  @Test
  void concurrent_questions_get_the_answers_of_the_graph() {
    int n = 2_000;
    ScenarioVersion v = ScenarioVersion.builder("big", 1).steps(ScenarioSizeTest.chain(n, false)).build();

    long wrong = IntStream.range(0, 20_000).parallel().filter(k -> {
      int from = (int) (k * 7919L % n);
      int to = (int) (k * 104_729L % n);
      return v.canReach("s" + from, "s" + to) != (from < to);
    }).count();

    assertThat(wrong).isZero();
  }

  /** Bytes reachable from {@code o} through the graph's own structures (step ids are the steps', not counted). */
  private static long estimate(Object o, Map<Object, Boolean> seen) {
    if (o == null || o instanceof String || o instanceof Integer || seen.put(o, true) != null) {
      return 0;
    }
    if (o instanceof int[] a) {
      return 16 + 4L * a.length;
    }
    if (o instanceof BitSet b) {
      return 40 + b.size() / 8;
    }
    if (o instanceof Object[] a) {
      long sum = 16 + 4L * a.length;
      for (Object e : a) {
        sum += estimate(e, seen);
      }
      return sum;
    }
    if (o instanceof AtomicReferenceArray<?> a) {
      long sum = 32 + 4L * a.length();
      for (int i = 0; i < a.length(); i++) {
        sum += estimate(a.get(i), seen);
      }
      return sum;
    }
    if (o instanceof Map<?, ?> m) {
      long sum = 48 + 56L * m.size(); // a hash-map entry, its share of the table, a boxed value
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sum += estimate(e.getKey(), seen) + estimate(e.getValue(), seen);
      }
      return sum;
    }
    if (!o.getClass().getPackageName().equals(Graph.class.getPackageName())) {
      return fail("the graph holds a %s: account for it in this estimate", o.getClass().getName());
    }
    long sum = 16;
    for (Field f : o.getClass().getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      if (f.getType().isPrimitive()) {
        sum += 8;
        continue;
      }
      f.setAccessible(true);
      try {
        sum += 4 + estimate(f.get(o), seen);
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
    return sum;
  }
}
