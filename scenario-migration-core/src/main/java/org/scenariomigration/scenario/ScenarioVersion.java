package org.scenariomigration.scenario;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.condition.CompiledCondition;
import org.scenariomigration.condition.ConditionEngine;
import org.scenariomigration.condition.ConditionSyntaxException;

/**
 * One version of a scenario: a directed graph of {@link Step steps}, immutable and validated when built.
 *
 * <p>Build one with {@link #builder(String, int)} or read one with {@link ScenarioJson#read(String)}. Building checks
 * every step at once and throws {@link InvalidScenarioException} listing every error: duplicate step ids, transitions
 * to unknown steps, a missing or unknown start step, and conditions that do not parse (with their position). Steps
 * that cannot be reached from the start step are not errors; they are reported by {@link #warnings()}. Cycles are
 * legal.
 *
 * <p>Size is bounded: at most {@link #MAX_STEPS} steps, {@link #MAX_TRANSITIONS_PER_STEP} transitions from one step
 * and {@link #MAX_TRANSITIONS} in all; a builder holding more throws {@link InvalidScenarioException} with a
 * {@link ScenarioProblem.Kind#TOO_MANY_STEPS} or {@link ScenarioProblem.Kind#TOO_MANY_TRANSITIONS} problem naming the
 * limit and the count, before anything else is computed. A version retains memory linear in its steps and
 * transitions, and building one takes linear time (one breadth-first search from the start step finds the unreachable
 * steps).
 *
 * <p>Graph queries ({@link #upstreamOf(String)}, {@link #downstreamOf(String)}, {@link #canReach(String, String)})
 * are answered on demand by an iterative breadth-first search, O(steps + transitions) each; up to 64 recent answers
 * are memoised (at most 64 bits a step in all), so asking the same question again, as the runtime does for every
 * session at the same step, costs a bit test. {@code canReach} answers at once, without a search, when the target lies
 * upstream outside any cycle through the source, or on a cycle with it (the strongly connected components are
 * computed when the version is built). A version is safe to share between threads.
 */
public final class ScenarioVersion {
  /**
   * The most steps a version may have: {@value}. The heap a version of this many steps retains, and what reading it
   * from JSON needs besides, are measured by {@code ScenarioVersionBenchmark} ({@code benchmarks/README.md}).
   */
  public static final int MAX_STEPS = 100_000;

  /** The most transitions one step may have: {@value}. */
  public static final int MAX_TRANSITIONS_PER_STEP = 1_000;

  /** The most transitions a version may have in all (four a step on average at {@link #MAX_STEPS}): {@value}. */
  public static final int MAX_TRANSITIONS = 400_000;

  private final String scenarioId;
  private final int version;
  private final String name;
  private final String startStepId;
  private final ImmutableMap<String, Step> steps;
  private final ImmutableList<ScenarioProblem> warnings;
  private final ImmutableMap<String, CompiledCondition> conditions;
  private final Map<String, ImmutableList<Step>> byHash;
  private final String checksum;
  private final ConditionEngine conditionEngine;
  final Graph graph;
  private volatile Dominators dominators;
  private volatile Map<String, FieldType> fieldTypes;

  private ScenarioVersion(Builder b, ImmutableMap<String, Step> steps, ImmutableMap<String, CompiledCondition> conds,
      List<ScenarioProblem> warnings, Graph graph) {
    this.scenarioId = b.scenarioId;
    this.version = b.version;
    this.name = b.name;
    this.startStepId = b.startStepId;
    this.steps = steps;
    this.conditions = conds;
    this.conditionEngine = b.conditionEngine;
    this.warnings = ImmutableList.copyOf(warnings);
    this.graph = graph;
    Map<String, List<Step>> idx = new HashMap<>();
    for (Step s : steps.values()) {
      idx.computeIfAbsent(s.contentHash(), k -> new ArrayList<>()).add(s);
    }
    Map<String, ImmutableList<Step>> frozen = new HashMap<>();
    idx.forEach((k, v) -> frozen.put(k, ImmutableList.copyOf(v)));
    this.byHash = frozen;
    this.checksum = ContentHash.ofScenario(scenarioId, version, name, startStepId, steps.values().asList());
  }

  /**
   * Starts a builder for version {@code version} of scenario {@code scenarioId}.
   *
   * @throws org.scenariomigration.InvalidIdException when the scenario id does not follow the id grammar
   *     ({@link Ids})
   */
  public static Builder builder(String scenarioId, int version) {
    return new Builder(scenarioId, version);
  }

  /** A builder pre-filled with this version's values. */
  public Builder toBuilder() {
    Builder b = new Builder(scenarioId, version).name(name).startStep(startStepId).conditionEngine(conditionEngine);
    b.steps.addAll(steps.values());
    return b;
  }

  /** The scenario id; stable across versions. */
  public String scenarioId() {
    return scenarioId;
  }

  /** The version number. */
  public int version() {
    return version;
  }

  /** The display name, for example "Order Flow"; empty when none. */
  public String name() {
    return name;
  }

  /** The id of the step new sessions start at. */
  public String startStepId() {
    return startStepId;
  }

  /** The steps in declared order. */
  public List<Step> steps() {
    return steps.values().asList();
  }

  /** The step with this id, if any. */
  public Optional<Step> step(String id) {
    return Optional.ofNullable(steps.get(id));
  }

  /** The step with this id; throws {@link IllegalArgumentException} naming the id when there is none. */
  public Step requireStep(String id) {
    Step s = steps.get(id);
    if (s == null) {
      throw new IllegalArgumentException(
          "scenario '" + scenarioId + "' version " + version + " has no step '" + id + "'");
    }
    return s;
  }

  /** Every step whose content hash is {@code hash}, in declared order; twins give more than one. */
  public List<Step> stepsWithHash(String hash) {
    List<Step> l = byHash.get(hash);
    return l == null ? List.of() : l;
  }

  /** The checksum of the whole version (see {@link ContentHash}). */
  public String checksum() {
    return checksum;
  }

  /**
   * The type this version declares for a collected field, or {@link FieldType#ANY} when no step declares one (a
   * version declares at most one type per field name).
   */
  public FieldType fieldType(String fieldName) {
    Map<String, FieldType> t = fieldTypes;
    if (t == null) {
      Map<String, FieldType> m = new HashMap<>();
      for (Step s : steps.values()) {
        for (CollectedField f : s.collectsFields()) {
          if (f.type().isDeclared()) {
            m.putIfAbsent(f.name(), f.type());
          }
        }
      }
      t = ImmutableMap.copyOf(m);
      fieldTypes = t;
    }
    FieldType type = t.get(fieldName);
    return type == null ? FieldType.ANY : type;
  }

  /** The engine that compiled this version's conditions, and that compiles a plan's computed variables from it. */
  public ConditionEngine conditionEngine() {
    return conditionEngine;
  }

  /** Non-fatal problems found while validating, such as unreachable steps. */
  public List<ScenarioProblem> warnings() {
    return warnings;
  }

  /** The compiled form of a transition's condition; throws when the transition has none. */
  public CompiledCondition condition(Transition transition) {
    CompiledCondition c = transition.condition() == null ? null : conditions.get(transition.condition());
    if (c == null) {
      throw new IllegalArgumentException("transition to '" + transition.toStepId() + "' has no condition");
    }
    return c;
  }

  /** The ids of the steps this step has transitions to. */
  public Set<String> successors(String stepId) {
    return ids(graph.succ[indexOf(stepId)]);
  }

  /** The ids of the steps that have transitions to this step. */
  public Set<String> predecessors(String stepId) {
    return ids(graph.pred[indexOf(stepId)]);
  }

  /**
   * The ids of every step from which {@code stepId} can be reached ("upstream"); contains {@code stepId} itself only
   * when it lies on a cycle.
   */
  public Set<String> upstreamOf(String stepId) {
    return ids(graph.reach(indexOf(stepId), true));
  }

  /**
   * The ids of every step reachable from {@code stepId} ("downstream"); contains {@code stepId} itself only when it
   * lies on a cycle.
   */
  public Set<String> downstreamOf(String stepId) {
    return ids(graph.reach(indexOf(stepId), false));
  }

  /** Whether {@code to} can be reached from {@code from} through one or more transitions. */
  public boolean canReach(String from, String to) {
    return graph.canReach(indexOf(from), indexOf(to));
  }

  /**
   * The steps that every path from the start step to {@code stepId} passes through, the start step first and the
   * immediate dominator last; {@code stepId} itself is not included. Empty for the start step and for steps the start
   * step cannot reach. A session at {@code stepId} that came the way the graph allows has passed every one of them:
   * the library uses this to keep sessions from landing past a checkpoint they never passed.
   *
   * @throws IllegalArgumentException when the version has no such step
   */
  public List<String> dominatorsOf(String stepId) {
    Dominators d = dominators();
    List<String> out = new ArrayList<>();
    for (int x = d.immediate(indexOf(stepId)); x != -1; x = d.immediate(x)) {
      out.add(graph.ids[x]);
    }
    java.util.Collections.reverse(out);
    return List.copyOf(out);
  }

  /**
   * Whether every path from the start step to {@code stepId} passes through {@code dominator} (a step dominates
   * itself); false when the start step cannot reach {@code stepId}.
   *
   * @throws IllegalArgumentException when the version has no such step
   */
  public boolean dominates(String dominator, String stepId) {
    return dominators().dominates(indexOf(dominator), indexOf(stepId));
  }

  Dominators dominators() {
    Dominators d = dominators;
    if (d == null) {
      d = new Dominators(graph.succ, graph.pred, indexOf(startStepId));
      dominators = d;
    }
    return d;
  }

  int indexOf(String stepId) {
    Integer i = graph.index.get(stepId);
    if (i == null) {
      throw new IllegalArgumentException(
          "scenario '" + scenarioId + "' version " + version + " has no step '" + stepId + "'");
    }
    return i;
  }

  private Set<String> ids(int[] idx) {
    ImmutableSet.Builder<String> b = ImmutableSet.builderWithExpectedSize(idx.length);
    for (int i : idx) {
      b.add(graph.ids[i]);
    }
    return b.build();
  }

  private Set<String> ids(BitSet bits) {
    ImmutableSet.Builder<String> b = ImmutableSet.builderWithExpectedSize(bits.cardinality());
    for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
      b.add(graph.ids[i]);
    }
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScenarioVersion v && checksum.equals(v.checksum);
  }

  @Override
  public int hashCode() {
    return checksum.hashCode();
  }

  @Override
  public String toString() {
    return "ScenarioVersion{" + scenarioId + " v" + version + ", " + steps.size() + " steps, checksum="
        + ContentHash.shortForm(checksum) + "}";
  }

  /** Builds a {@link ScenarioVersion}; {@link #build()} validates the whole graph. */
  public static final class Builder {
    private final String scenarioId;
    private final int version;
    private String name = "";
    private String startStepId;
    private final List<Step> steps = new ArrayList<>();
    private ConditionEngine conditionEngine = ConditionEngine.builtIn();

    private Builder(String scenarioId, int version) {
      Ids.require(IdKind.SCENARIO, scenarioId);
      if (version < 1) {
        throw new IllegalArgumentException(
            "version of scenario '" + scenarioId + "' must be at least 1 but was " + version);
      }
      this.scenarioId = scenarioId;
      this.version = version;
    }

    /** The display name. */
    public Builder name(String name) {
      this.name = name == null ? "" : name;
      return this;
    }

    /** The start step id; when not set, the first step added is the start step. */
    public Builder startStep(String stepId) {
      this.startStepId = stepId;
      return this;
    }

    /** Adds a step. */
    public Builder step(Step step) {
      steps.add(requireNonNull(step, "step"));
      return this;
    }

    /** Adds a step built from {@code builder}. */
    public Builder step(Step.Builder builder) {
      return step(builder.build());
    }

    /** Adds steps. */
    public Builder steps(List<Step> steps) {
      for (Step s : steps) {
        step(s);
      }
      return this;
    }

    /** The engine that compiles conditions; {@link ConditionEngine#builtIn()} by default. */
    public Builder conditionEngine(ConditionEngine engine) {
      this.conditionEngine = requireNonNull(engine, "conditionEngine");
      return this;
    }

    /** Validates and builds; throws {@link InvalidScenarioException} listing every error. */
    public ScenarioVersion build() {
      return build(true);
    }

    ScenarioVersion build(boolean defaultStart) {
      String where = "scenario '" + scenarioId + "' version " + version;
      List<ScenarioProblem> errors = sizeProblems(scenarioId, version, steps);
      if (!errors.isEmpty()) {
        throw new InvalidScenarioException(scenarioId, version, errors);
      }
      LinkedHashMap<String, Step> byId = new LinkedHashMap<>();
      if (steps.isEmpty()) {
        errors.add(new ScenarioProblem(ScenarioProblem.Kind.NO_STEPS, scenarioId, version, null, null,
            where + " has no steps"));
      }
      for (Step s : steps) {
        if (byId.putIfAbsent(s.id(), s) != null) {
          errors.add(new ScenarioProblem(ScenarioProblem.Kind.DUPLICATE_STEP_ID, scenarioId, version, s.id(), s.id(),
              where + ": duplicate step id '" + s.id() + "'"));
        }
      }
      String start = startStepId;
      if (start == null && defaultStart && !steps.isEmpty()) {
        start = steps.get(0).id();
        startStepId = start;
      }
      if (start == null || start.isBlank()) {
        errors.add(new ScenarioProblem(ScenarioProblem.Kind.MISSING_START_STEP, scenarioId, version, null, start,
            where + ": start step is missing"));
      } else if (!byId.containsKey(start)) {
        errors.add(new ScenarioProblem(ScenarioProblem.Kind.UNKNOWN_START_STEP, scenarioId, version, null, start,
            where + ": start step '" + start + "' is not a step of this version"));
      }
      Map<String, FieldType> types = new HashMap<>();
      Map<String, String> typedAt = new HashMap<>();
      for (Step s : byId.values()) {
        for (CollectedField f : s.collectsFields()) {
          if (!f.type().isDeclared()) {
            continue;
          }
          FieldType prior = types.putIfAbsent(f.name(), f.type());
          if (prior == null) {
            typedAt.put(f.name(), s.id());
          } else if (!prior.equals(f.type())) {
            errors.add(new ScenarioProblem(ScenarioProblem.Kind.CONFLICTING_FIELD_TYPE, scenarioId, version, s.id(),
                f.name(), where + ", step '" + s.id() + "': field '" + f.name() + "' is declared " + f.type()
                    + " but step '" + typedAt.get(f.name()) + "' declares it " + prior));
          }
        }
      }
      Map<String, CompiledCondition> conds = new HashMap<>();
      for (Step s : byId.values()) {
        for (Transition t : s.transitions()) {
          if (!byId.containsKey(t.toStepId())) {
            errors.add(new ScenarioProblem(ScenarioProblem.Kind.UNKNOWN_TRANSITION_TARGET, scenarioId, version,
                s.id(), t.toStepId(),
                where + ", step '" + s.id() + "': transition to unknown step '" + t.toStepId() + "'"));
          }
          if (t.condition() != null && !conds.containsKey(t.condition())) {
            try {
              conds.put(t.condition(), requireNonNull(conditionEngine.compile(t.condition()),
                  "condition engine returned null"));
            } catch (ConditionSyntaxException e) {
              errors.add(new ScenarioProblem(ScenarioProblem.Kind.CONDITION_SYNTAX, scenarioId, version, s.id(),
                  t.condition(), where + ", step '" + s.id() + "': condition '" + t.condition()
                      + "' does not parse at position " + e.position() + ": " + e.getMessage()));
            }
          }
        }
      }
      if (!errors.isEmpty()) {
        throw new InvalidScenarioException(scenarioId, version, errors);
      }
      ImmutableMap<String, Step> frozen = ImmutableMap.copyOf(byId);
      Graph graph = new Graph(frozen.values().asList());
      BitSet reach = graph.reachableInclusive(graph.index.get(start));
      List<ScenarioProblem> unreachable = new ArrayList<>();
      for (int i = reach.nextClearBit(0); i < graph.size(); i = reach.nextClearBit(i + 1)) {
        String id = graph.ids[i];
        unreachable.add(new ScenarioProblem(ScenarioProblem.Kind.UNREACHABLE_STEP, scenarioId, version, id, id,
            where + ": step '" + id + "' cannot be reached from start step '" + start + "'"));
      }
      return new ScenarioVersion(this, frozen, ImmutableMap.copyOf(conds), unreachable, graph);
    }
  }

  /**
   * The size limits {@code steps} break ({@link #MAX_STEPS}, {@link #MAX_TRANSITIONS_PER_STEP},
   * {@link #MAX_TRANSITIONS}), each as an error naming the limit and the count; empty when none. Counted before
   * anything is built from the steps.
   */
  static List<ScenarioProblem> sizeProblems(String scenarioId, int version, List<Step> steps) {
    String where = "scenario '" + scenarioId + "' version " + version;
    List<ScenarioProblem> out = new ArrayList<>();
    if (steps.size() > MAX_STEPS) {
      out.add(tooManySteps(scenarioId, version, steps.size()));
    }
    long total = 0;
    for (Step s : steps) {
      int n = s.transitions().size();
      total += n;
      if (n > MAX_TRANSITIONS_PER_STEP) {
        out.add(new ScenarioProblem(ScenarioProblem.Kind.TOO_MANY_TRANSITIONS, scenarioId, version, s.id(),
            String.valueOf(n), where + ", step '" + s.id() + "': " + n
                + " transitions, the maximum for one step is " + MAX_TRANSITIONS_PER_STEP));
      }
    }
    if (total > MAX_TRANSITIONS) {
      out.add(new ScenarioProblem(ScenarioProblem.Kind.TOO_MANY_TRANSITIONS, scenarioId, version, null,
          String.valueOf(total), where + " has " + total + " transitions, the maximum is " + MAX_TRANSITIONS));
    }
    return out;
  }

  /** The error for a version of {@code count} steps, more than {@link #MAX_STEPS}. */
  static ScenarioProblem tooManySteps(String scenarioId, int version, int count) {
    return new ScenarioProblem(ScenarioProblem.Kind.TOO_MANY_STEPS, scenarioId, version, null, String.valueOf(count),
        "scenario '" + scenarioId + "' version " + version + " has " + count + " steps, the maximum is " + MAX_STEPS);
  }
}
