package org.scenariomigration.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scenariomigration.scenario.ScenarioProblem.Kind;

/**
 * Versions at the size limits build and read (iteratively: no stack overflow on a 100,000-step chain), and versions
 * over them are rejected with {@link InvalidScenarioException} naming the limit and the count (the document length:
 * {@code ScenarioJsonTest}). No timing here: speed is in {@code ScenarioVersionBenchmark}.
 */
class ScenarioSizeTest {
  private static final int N = ScenarioVersion.MAX_STEPS;

  private static Step.Builder step(int i) {
    return Step.builder("s" + i).name("Step " + i);
  }

  /** s0 → s1 → … → s(n-1), and back to s0 when {@code cycle}. */
  static List<Step> chain(int n, boolean cycle) {
    List<Step> steps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Step.Builder b = step(i);
      if (i + 1 < n) {
        b.to("s" + (i + 1));
      } else if (cycle) {
        b.to("s0");
      }
      steps.add(b.build());
    }
    return steps;
  }

  private static ScenarioVersion version(List<Step> steps) {
    return ScenarioVersion.builder("big", 1).steps(steps).build();
  }

  private static ScenarioVersion roundTrip(ScenarioVersion v) {
    ScenarioVersion read = ScenarioJson.read(ScenarioJson.write(v));
    assertThat(read).isEqualTo(v);
    return read;
  }

  // ------------------------------------------------------------------------------------ at the limits

  @Test
  void a_chain_of_the_maximum_length_builds_reads_and_answers_reachability() {
    for (ScenarioVersion v : List.of(version(chain(N, false)), roundTrip(version(chain(N, false))))) {
      String last = "s" + (N - 1);
      assertThat(v.steps()).hasSize(N);
      assertThat(v.warnings()).isEmpty();
      assertThat(v.canReach("s0", last)).isTrue();
      assertThat(v.canReach(last, "s0")).isFalse();
      assertThat(v.downstreamOf("s0")).hasSize(N - 1).doesNotContain("s0");
      assertThat(v.upstreamOf(last)).hasSize(N - 1).contains("s0").doesNotContain(last);
      assertThat(v.upstreamOf("s0")).isEmpty();
      assertThat(v.downstreamOf(last)).isEmpty();
    }
  }

  @Test
  void a_cycle_of_the_maximum_length_builds_reads_and_every_step_reaches_itself() {
    for (ScenarioVersion v : List.of(version(chain(N, true)), roundTrip(version(chain(N, true))))) {
      String last = "s" + (N - 1);
      assertThat(v.canReach("s0", "s0")).isTrue();
      assertThat(v.canReach(last, last)).isTrue();
      assertThat(v.canReach(last, "s0")).isTrue();
      assertThat(v.upstreamOf("s" + N / 2)).hasSize(N).contains("s" + N / 2);
      assertThat(v.downstreamOf(last)).hasSize(N);
    }
  }

  /**
   * Start → 1,000 hubs (the most one step may have) → 98 leaves each → one end step with 98,000 predecessors:
   * 99,002 steps, 197,000 transitions; the start step's last hub leads to one unreachable island.
   */
  @Test
  void a_wide_fan_in_and_fan_out_builds_reads_and_answers_reachability() {
    int hubs = ScenarioVersion.MAX_TRANSITIONS_PER_STEP;
    int leaves = 98;
    List<Step> steps = new ArrayList<>();
    Step.Builder start = Step.builder("start");
    for (int h = 0; h < hubs; h++) {
      start.to("h" + h);
    }
    steps.add(start.build());
    for (int h = 0; h < hubs; h++) {
      Step.Builder hub = Step.builder("h" + h);
      for (int l = 0; l < leaves; l++) {
        hub.when("x == " + l, "l" + h + "_" + l);
        steps.add(Step.builder("l" + h + "_" + l).to("end").build());
      }
      steps.add(hub.build());
    }
    steps.add(Step.builder("end").build());
    steps.add(Step.builder("island").to("end").build());

    for (ScenarioVersion v : List.of(version(steps), roundTrip(version(steps)))) {
      int n = steps.size();
      assertThat(v.steps()).hasSize(n);
      assertThat(v.warnings()).singleElement().satisfies(w -> {
        assertThat(w.kind()).isEqualTo(Kind.UNREACHABLE_STEP);
        assertThat(w.stepId()).isEqualTo("island");
      });
      assertThat(v.downstreamOf("start")).hasSize(n - 2);
      assertThat(v.upstreamOf("end")).hasSize(n - 1);
      assertThat(v.predecessors("end")).hasSize(hubs * leaves + 1);
      assertThat(v.successors("start")).hasSize(hubs);
      assertThat(v.canReach("h7", "l7_97")).isTrue();
      assertThat(v.canReach("h7", "l8_0")).isFalse();
      assertThat(v.canReach("island", "start")).isFalse();
    }
  }

  // ------------------------------------------------------------------------------------ over the limits

  @Test
  void one_step_too_many_is_rejected_before_anything_else_with_the_count_and_the_limit() {
    List<Step> steps = new ArrayList<>(chain(N + 1, false));
    // a duplicate id and a transition to nowhere: not reported, the size is checked first
    steps.add(Step.builder("s0").build());
    steps.add(Step.builder("x").to("nowhere").build());

    InvalidScenarioException e = catchThrowableOfType(InvalidScenarioException.class,
        () -> version(steps));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.TOO_MANY_STEPS);
      assertThat(p.isError()).isTrue();
      assertThat(p.stepId()).isNull();
      assertThat(p.value()).isEqualTo(String.valueOf(N + 3));
      assertThat(p.message()).isEqualTo("scenario 'big' version 1 has " + (N + 3) + " steps, the maximum is " + N);
    });
    assertThat(e).hasMessageContaining("the maximum is 100000");
  }

  @Test
  void a_step_with_too_many_transitions_is_named_with_its_count() {
    Step.Builder wide = Step.builder("wide");
    for (int i = 0; i <= ScenarioVersion.MAX_TRANSITIONS_PER_STEP; i++) {
      wide.to("wide");
    }

    InvalidScenarioException e = catchThrowableOfType(InvalidScenarioException.class,
        () -> version(List.of(Step.builder("start").to("wide").build(), wide.build())));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.TOO_MANY_TRANSITIONS);
      assertThat(p.stepId()).isEqualTo("wide");
      assertThat(p.value()).isEqualTo("1001");
      assertThat(p.message()).isEqualTo(
          "scenario 'big' version 1, step 'wide': 1001 transitions, the maximum for one step is 1000");
    });
  }

  @Test
  void the_most_transitions_one_step_may_have_is_accepted() {
    Step.Builder wide = Step.builder("wide");
    for (int i = 0; i < ScenarioVersion.MAX_TRANSITIONS_PER_STEP; i++) {
      wide.to("wide");
    }

    assertThat(version(List.of(wide.build())).successors("wide")).containsExactly("wide");
  }

  @Test
  void too_many_transitions_in_all_are_rejected_with_the_total() {
    int per = ScenarioVersion.MAX_TRANSITIONS_PER_STEP;
    int stepsNeeded = ScenarioVersion.MAX_TRANSITIONS / per;
    List<Step> atLimit = new ArrayList<>();
    for (int i = 0; i < stepsNeeded; i++) {
      Step.Builder b = step(i);
      for (int k = 0; k < per; k++) {
        b.to("s" + ((i + 1 + k) % stepsNeeded));
      }
      atLimit.add(b.build());
    }
    assertThat(version(atLimit).steps()).hasSize(stepsNeeded);

    List<Step> over = new ArrayList<>(atLimit);
    over.add(Step.builder("one-more").to("s0").build());
    InvalidScenarioException e = catchThrowableOfType(InvalidScenarioException.class, () -> version(over));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.TOO_MANY_TRANSITIONS);
      assertThat(p.stepId()).isNull();
      assertThat(p.value()).isEqualTo(String.valueOf(ScenarioVersion.MAX_TRANSITIONS + 1));
      assertThat(p.message()).isEqualTo("scenario 'big' version 1 has " + (ScenarioVersion.MAX_TRANSITIONS + 1)
          + " transitions, the maximum is " + ScenarioVersion.MAX_TRANSITIONS);
    });
  }

  /**
   * The document: a chain of 150,000 steps. Step 7 has no id, so reading it would fail on its shape if any
   * step were built before the count is checked.
   */
  @Test
  void a_document_with_too_many_steps_is_rejected_before_any_step_is_read() {
    StringBuilder json = new StringBuilder("{\"scenario_id\":\"big\",\"version\":2,\"steps\":[");
    for (int i = 0; i < 150_000; i++) {
      json.append(i == 0 ? "" : ",").append(i == 7 ? "{\"name\":\"no id\"" : "{\"id\":\"s" + i + "\"")
          .append(",\"transitions\":[{\"to_step_id\":\"s").append(i + 1).append("\"}]}");
    }
    json.append("]}");

    InvalidScenarioException e = catchThrowableOfType(InvalidScenarioException.class,
        () -> ScenarioJson.read(json.toString()));

    assertThat(e.scenarioId()).isEqualTo("big");
    assertThat(e.version()).isEqualTo(2);
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.TOO_MANY_STEPS);
      assertThat(p.value()).isEqualTo("150000");
    });
    assertThat(e).hasMessageContaining("has 150000 steps, the maximum is 100000");
  }

  @Test
  void a_document_with_too_many_transitions_is_rejected_by_the_same_check() {
    StringBuilder json = new StringBuilder("{\"scenario_id\":\"big\",\"version\":1,\"steps\":[{\"id\":\"a\","
        + "\"transitions\":[");
    for (int i = 0; i <= ScenarioVersion.MAX_TRANSITIONS_PER_STEP; i++) {
      json.append(i == 0 ? "" : ",").append("{\"to_step_id\":\"a\"}");
    }
    json.append("]}]}");

    InvalidScenarioException e = catchThrowableOfType(InvalidScenarioException.class,
        () -> ScenarioJson.read(json.toString()));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Kind.TOO_MANY_TRANSITIONS);
      assertThat(p.stepId()).isEqualTo("a");
    });
  }

  @Test
  void a_version_at_the_step_limit_written_by_the_library_fits_in_the_document_limit() {
    List<Step> steps = new ArrayList<>(N);
    for (int i = 0; i < N; i++) {
      steps.add(Step.builder("step-" + i).name("Step number " + i).description("Asks question " + i)
          .collects("field" + i).to("step-" + ((i + 1) % N)).build());
    }
    String json = ScenarioJson.write(version(steps));

    assertThat(json.length()).isLessThanOrEqualTo(ScenarioJson.MAX_DOCUMENT_CHARS);
    assertThat(ScenarioJson.read(json).steps()).hasSize(N);
  }
}
