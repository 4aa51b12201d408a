package org.scenariomigration.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The on-demand, memoised reachability of a {@link ScenarioVersion} ({@code upstreamOf}, {@code downstreamOf},
 * {@code canReach}), the transient {@link ReachTable} plan generation uses, and the unreachable-step warnings agree
 * with a transitive closure computed here, on random graphs with cycles, self-loops, duplicate transitions and
 * unreachable steps, asked in random order twice (memo misses, collisions and hits).
 */
class ReachabilityProperties {

  /** A random graph: {@code n} steps, 0 to 4 transitions each to any step, a random start step. */
  record Shape(int n, long seed) {
    ScenarioVersion version() {
      Random r = new Random(seed);
      List<Step> steps = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Step.Builder b = Step.builder("s" + i);
        int k = r.nextInt(5);
        for (int t = 0; t < k; t++) {
          // mostly forward and near, so long chains, joins and the odd back edge appear
          int target = r.nextInt(4) == 0 ? r.nextInt(n) : Math.min(n - 1, i + 1 + r.nextInt(3));
          b.to("s" + target);
        }
        steps.add(b.build());
      }
      Collections.shuffle(steps, r);
      return ScenarioVersion.builder("reach", 1).startStep("s" + r.nextInt(Math.max(1, n / 4))).steps(steps)
          .build();
    }
  }

  @Provide
  Arbitrary<Shape> shapes() {
    return Combinators.combine(Arbitraries.integers().between(1, 150), Arbitraries.longs()).as(Shape::new);
  }

  @Property(tries = 300)
  void on_demand_reachability_agrees_with_the_transitive_closure(@ForAll("shapes") Shape shape) {
    ScenarioVersion v = shape.version();
    int n = shape.n();
    boolean[][] reach = closure(v, n);
    ReachTable table = new ReachTable(v.graph);
    Random r = new Random(shape.seed());
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    for (int round = 0; round < 2; round++) {
      Collections.shuffle(order, r);
      for (int x : order) {
        String id = "s" + x;
        assertThat(v.downstreamOf(id)).as("downstream of %s", id).isEqualTo(ids(n, y -> reach[x][y]));
        assertThat(v.upstreamOf(id)).as("upstream of %s", id).isEqualTo(ids(n, y -> reach[y][x]));
        int vx = v.indexOf(id);
        assertThat(names(v, table.descendants(vx))).isEqualTo(ids(n, y -> reach[x][y]));
        assertThat(names(v, table.ancestors(vx))).isEqualTo(ids(n, y -> reach[y][x]));
        assertThat(v.canReach(id, id)).as("%s reaches itself", id).isEqualTo(reach[x][x]);
        for (int k = 0; k < 4; k++) {
          int y = r.nextInt(n);
          assertThat(v.canReach(id, "s" + y)).as("%s reaches s%s", id, y).isEqualTo(reach[x][y]);
        }
      }
    }
    int start = Integer.parseInt(v.startStepId().substring(1));
    Set<String> unreachable = ids(n, y -> y != start && !reach[start][y]);
    Set<String> warned = new HashSet<>();
    v.warnings().forEach(w -> {
      assertThat(w.kind()).isEqualTo(ScenarioProblem.Kind.UNREACHABLE_STEP);
      warned.add(w.stepId());
    });
    assertThat(warned).isEqualTo(unreachable);

    boolean cyclic = false;
    for (int x = 0; x < n; x++) {
      cyclic |= reach[x][x];
    }
    Statistics.label("cycle").collect(cyclic);
    Statistics.label("unreachable steps").collect(!unreachable.isEmpty());
    Statistics.label("more steps than memo slots").collect(2 * n > Graph.MEMO_SLOTS);
    Statistics.label("cycle").coverage(c -> c.check(true).percentage(p -> p >= 20));
    Statistics.label("unreachable steps").coverage(c -> c.check(true).percentage(p -> p >= 20));
    Statistics.label("more steps than memo slots").coverage(c -> c.check(true).percentage(p -> p >= 30));
  }

  /** {@code reach[x][y]}: y is reachable from x through one or more transitions (repeated squaring-free fixpoint). */
  private static boolean[][] closure(ScenarioVersion v, int n) {
    boolean[][] reach = new boolean[n][n];
    for (Step s : v.steps()) {
      int x = Integer.parseInt(s.id().substring(1));
      for (Transition t : s.transitions()) {
        reach[x][Integer.parseInt(t.toStepId().substring(1))] = true;
      }
    }
    for (int k = 0; k < n; k++) { // Warshall
      for (int x = 0; x < n; x++) {
        if (reach[x][k]) {
          for (int y = 0; y < n; y++) {
            reach[x][y] |= reach[k][y];
          }
        }
      }
    }
    return reach;
  }

  private static Set<String> ids(int n, java.util.function.IntPredicate p) {
    Set<String> out = new HashSet<>();
    for (int y = 0; y < n; y++) {
      if (p.test(y)) {
        out.add("s" + y);
      }
    }
    return out;
  }

  private static Set<String> names(ScenarioVersion v, BitSet bits) {
    Set<String> out = new HashSet<>();
    bits.stream().forEach(i -> out.add(v.graph.ids[i]));
    return out;
  }
}
