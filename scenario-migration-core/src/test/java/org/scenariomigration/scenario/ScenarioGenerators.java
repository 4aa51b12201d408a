package org.scenariomigration.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Reusable jqwik generators of scenario versions and of edits that turn one version into the next.
 *
 * <p>Every generated value is a pure function of a size and a {@code long} seed, so it is deterministic and shrinks
 * towards small graphs. Generated versions have 2 to 30 steps, every one reachable from the start step, with branches
 * (forks guarded by conditions such as {@code f3 >= 5}), joins, cycles (self-loops and longer loops), checkpoints,
 * required and optional collected fields, required input fields, required actions and twins (steps with the same
 * content, hence the same content hash). Step order in the version is shuffled, so the start step is not always first.
 *
 * <p>Edits ({@link Edit}) keep every step reachable. All edits except {@link EditKind#RENAME_IDS} keep the ids of the
 * steps they do not delete, so that a diff can be checked against the ground truth "same id means same step".
 */
public final class ScenarioGenerators {
  /** The scenario id of every generated version. */
  public static final String SCENARIO_ID = "generated";

  private static final String[] NAMES = {
    "Welcome", "Ask name", "Checkout", "Send receipt", "Payment", "Confirm", "Ship", "Survey", "Verify age",
    "Upsell", "Goodbye", "Notify", "Collect address", "Escalate"
  };
  private static final int FIELDS = 6;
  private static final int RULES = 5;

  private ScenarioGenerators() {}

  // ---------------------------------------------------------------------------------------------------------------
  // Scenarios

  /** Versions of 2 to 30 steps. */
  public static Arbitrary<ScenarioVersion> scenarios() {
    return scenarios(2, 30);
  }

  /** Versions of {@code minSteps} to {@code maxSteps} steps (at least 1). */
  public static Arbitrary<ScenarioVersion> scenarios(int minSteps, int maxSteps) {
    return Combinators.combine(Arbitraries.integers().between(minSteps, maxSteps), Arbitraries.longs())
        .as(ScenarioGenerators::scenario);
  }

  /** Single steps with random semantic attributes and transitions (the transition targets need not exist). */
  public static Arbitrary<Step> steps() {
    return Arbitraries.longs().map(seed -> {
      Random r = new Random(seed);
      Step.Builder b = content(Step.builder("s" + r.nextInt(100)), r, r.nextInt(1000));
      int k = r.nextInt(3);
      for (int i = 0; i < k; i++) {
        b.when(condition(r), "t" + i);
      }
      return b.to("t9").build();
    });
  }

  /** The version of {@code n} steps generated from {@code seed}; version number 1. */
  public static ScenarioVersion scenario(int n, long seed) {
    Random r = new Random(seed);
    List<Step.Builder> builders = new ArrayList<>(n);
    List<List<Integer>> succ = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Step.Builder b = Step.builder("s" + i);
      if (i > 0 && r.nextInt(100) < 15) {
        copyContent(builders.get(r.nextInt(i)).build(), b);
      } else {
        content(b, r, i);
      }
      builders.add(b);
      succ.add(new ArrayList<>());
    }
    // A spanning tree from step 0 (a chain half of the time) makes every step reachable.
    for (int i = 1; i < n; i++) {
      int parent = r.nextBoolean() ? i - 1 : r.nextInt(i);
      succ.get(parent).add(i);
    }
    // Joins (forward edges) and cycles (back edges, self-loops included).
    for (int i = 0; i < n; i++) {
      if (i + 1 < n && r.nextInt(100) < 20) {
        addEdge(succ.get(i), i + 1 + r.nextInt(n - i - 1));
      }
      if (r.nextInt(100) < 8) {
        addEdge(succ.get(i), r.nextInt(i + 1));
      }
    }
    List<Step> steps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Step.Builder b = builders.get(i).clearTransitions();
      List<Integer> out = succ.get(i);
      Collections.shuffle(out, r);
      boolean lastConditional = out.size() == 1 ? r.nextInt(100) < 5 : r.nextInt(100) < 20;
      for (int k = 0; k < out.size(); k++) {
        String to = "s" + out.get(k);
        if (k < out.size() - 1 || lastConditional) {
          b.when(condition(r), to);
        } else {
          b.to(to);
        }
      }
      steps.add(b.build());
    }
    Collections.shuffle(steps, r);
    return ScenarioVersion.builder(SCENARIO_ID, 1).name("Generated").startStep("s0").steps(steps).build();
  }

  private static void addEdge(List<Integer> out, int target) {
    if (!out.contains(target)) {
      out.add(target);
    }
  }

  /** A condition such as {@code f3 >= 5}. */
  static String condition(Random r) {
    String[] ops = {">=", "<", "==", ">"};
    return "f" + r.nextInt(FIELDS) + " " + ops[r.nextInt(ops.length)] + " " + r.nextInt(10);
  }

  /** Fills the semantic attributes of a fresh step; {@code salt} makes the name and description unique. */
  static Step.Builder content(Step.Builder b, Random r, int salt) {
    String name = NAMES[r.nextInt(NAMES.length)] + " " + salt;
    b.name(name).description("Does " + name.toLowerCase(java.util.Locale.ROOT));
    Set<String> rules = new LinkedHashSet<>();
    for (int k = r.nextInt(3); k > 0; k--) {
      rules.add("rule-" + r.nextInt(RULES));
    }
    b.ruleIds(rules.toArray(String[]::new));
    Set<String> fields = new LinkedHashSet<>();
    for (int k = r.nextInt(100) < 40 ? 1 + r.nextInt(2) : 0; k > 0; k--) {
      fields.add("f" + r.nextInt(FIELDS));
    }
    for (String f : fields) {
      b.collects(r.nextInt(100) < 30 ? CollectedField.optional(f)
          : new CollectedField(f, false, r.nextBoolean() ? "" : "hint for " + f));
    }
    if (r.nextInt(100) < 20) {
      b.requires("f" + r.nextInt(FIELDS));
    }
    b.requiredAction(r.nextInt(100) < 15);
    if (r.nextInt(100) < 12) {
      b.checkpoint("irreversible " + salt);
    }
    return b;
  }

  /** Copies every attribute except the id and the transitions: the result is a twin of {@code from}. */
  static Step.Builder copyContent(Step from, Step.Builder to) {
    to.name(from.name()).description(from.description()).ruleIds(from.ruleIds().toArray(String[]::new))
        .collectsAll(from.collectsFields()).requiredAction(from.requiredAction())
        .checkpoint(from.checkpoint(), from.checkpointDescription());
    to.requires(from.requiresFields().toArray(String[]::new));
    return to;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Edits

  /** The kinds of edit. */
  public enum EditKind {
    /** Inserts a new step (sometimes a twin of an existing one) between a step and all its predecessors. */
    INSERT_UPSTREAM,
    /** Inserts a new step between a step and all its successors. */
    INSERT_DOWNSTREAM,
    /** Adds a fork guarded by a condition such as {@code f3 >= 5}, before a step or at an existing step. */
    ADD_FORK,
    /** Deletes a step other than the start step, wiring its predecessors to its successors. */
    DELETE_STEP,
    /** Renames every step id. */
    RENAME_IDS,
    /** Shuffles the order of the steps. */
    REORDER_STEPS,
    /** Edits the description of a step, which changes its content hash. */
    EDIT_DESCRIPTION,
    /** Toggles the checkpoint flag of a step, which changes its content hash. */
    TOGGLE_CHECKPOINT
  }

  /** One edit: its kind and the seed of its random choices. {@link #apply} gives the next version. */
  public record Edit(EditKind kind, long seed) {
    /** The version after this edit, numbered one higher. */
    public ScenarioVersion apply(ScenarioVersion v) {
      Random r = new Random(seed);
      int next = v.version() + 1;
      return switch (kind) {
        case INSERT_UPSTREAM -> insertUpstream(v, r, next);
        case INSERT_DOWNSTREAM -> insertDownstream(v, r, next);
        case ADD_FORK -> addFork(v, r, next);
        case DELETE_STEP -> deleteStep(v, r, next);
        case RENAME_IDS -> renameIds(v, r, next).version();
        case REORDER_STEPS -> reorderSteps(v, r, next);
        case EDIT_DESCRIPTION -> editDescription(v, r, next);
        case TOGGLE_CHECKPOINT -> toggleCheckpoint(v, r, next);
      };
    }

    /** Whether the edit keeps the ids of the steps it keeps. */
    public boolean keepsIds() {
      return kind != EditKind.RENAME_IDS;
    }
  }

  /** A single edit of any kind. */
  public static Arbitrary<Edit> edits() {
    return Combinators.combine(Arbitraries.of(EditKind.class), Arbitraries.longs()).as(Edit::new);
  }

  /** A single edit of one of {@code kinds}. */
  public static Arbitrary<Edit> edits(EditKind... kinds) {
    return Combinators.combine(Arbitraries.of(kinds), Arbitraries.longs()).as(Edit::new);
  }

  /** Applies edits in order. */
  public static ScenarioVersion applyAll(ScenarioVersion v, List<Edit> edits) {
    ScenarioVersion out = v;
    for (Edit e : edits) {
      out = e.apply(out);
    }
    return out;
  }

  /** A source version, the edits applied to it and the resulting target version. */
  public record VersionPair(ScenarioVersion from, List<Edit> edits, ScenarioVersion to) {
    /** Whether every edit keeps ids, so that equal ids mean the same step. */
    public boolean keepsIds() {
      return edits.stream().allMatch(Edit::keepsIds);
    }

    @Override
    public String toString() {
      return "VersionPair{edits=" + edits + ",\nfrom=" + ScenarioJson.write(from) + ",\nto=" + ScenarioJson.write(to)
          + "}";
    }
  }

  /** A generated version and the version after 1 to 4 edits of any kind. */
  public static Arbitrary<VersionPair> versionPairs() {
    return versionPairs(edits());
  }

  /** A generated version and the version after 1 to 4 edits drawn from {@code edits}. */
  public static Arbitrary<VersionPair> versionPairs(Arbitrary<Edit> edits) {
    return Combinators.combine(scenarios(), edits.list().ofMinSize(1).ofMaxSize(4))
        .as((v, es) -> new VersionPair(v, es, applyAll(v, es)));
  }

  /** Versions that follow {@code v} after 1 to 3 edits. */
  public static Arbitrary<ScenarioVersion> nextVersions(ScenarioVersion v) {
    return edits().list().ofMinSize(1).ofMaxSize(3).map(es -> applyAll(v, es));
  }

  /** A version with its id renaming: {@code ids} maps every old id to its new id. */
  public record Renamed(ScenarioVersion version, Map<String, String> ids) {}

  /** Renames every step id (and the start step id) to fresh, randomly ordered ids; keeps the version number. */
  public static Renamed renameIds(ScenarioVersion v, Random r) {
    return renameIds(v, r, v.version());
  }

  /** As {@link #renameIds(ScenarioVersion, Random)}, numbering the result {@code version}. */
  public static Renamed renameIds(ScenarioVersion v, Random r, int version) {
    return renamed(v, r, version, false);
  }

  private static Renamed renamed(ScenarioVersion v, Random r, int version, boolean shuffle) {
    List<Step> steps = v.steps();
    List<Integer> perm = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      perm.add(i);
    }
    Collections.shuffle(perm, r);
    String prefix = "r" + Integer.toString(r.nextInt(1 << 20), 36) + "_";
    Map<String, String> ids = new LinkedHashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      ids.put(steps.get(i).id(), prefix + perm.get(i));
    }
    List<Step> out = new ArrayList<>();
    for (Step s : steps) {
      Step.Builder b = copyContent(s, Step.builder(ids.get(s.id())));
      for (Transition t : s.transitions()) {
        b.transitions(List.of(new Transition(ids.get(t.toStepId()), t.condition())));
      }
      out.add(b.build());
    }
    if (shuffle) {
      Collections.shuffle(out, r);
    }
    return new Renamed(build(v, version, ids.get(v.startStepId()), out), ids);
  }

  /** Shuffles the order of the steps; keeps the version number. */
  public static ScenarioVersion reorderSteps(ScenarioVersion v, Random r) {
    return reorderSteps(v, r, v.version());
  }

  /** As {@link #reorderSteps(ScenarioVersion, Random)}, numbering the result {@code version}. */
  public static ScenarioVersion reorderSteps(ScenarioVersion v, Random r, int version) {
    List<Step> steps = new ArrayList<>(v.steps());
    Collections.shuffle(steps, r);
    return build(v, version, v.startStepId(), steps);
  }

  /**
   * Renames every id of both versions alike (an id both versions use gets one new name in both) and shuffles the step
   * order of each; keeps the version numbers. Returns the two renamed versions.
   */
  public static Renamed[] disguisePair(ScenarioVersion from, ScenarioVersion to, long seed) {
    Random r = new Random(seed);
    java.util.TreeSet<String> all = new java.util.TreeSet<>();
    from.steps().forEach(s -> all.add(s.id()));
    to.steps().forEach(s -> all.add(s.id()));
    List<String> names = new ArrayList<>(all);
    List<Integer> perm = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      perm.add(i);
    }
    Collections.shuffle(perm, r);
    String prefix = "r" + Integer.toString(r.nextInt(1 << 20), 36) + "_";
    Map<String, String> ids = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      ids.put(names.get(i), prefix + perm.get(i));
    }
    return new Renamed[] {renamedWith(from, ids, r), renamedWith(to, ids, r)};
  }

  private static Renamed renamedWith(ScenarioVersion v, Map<String, String> all, Random r) {
    Map<String, String> ids = new LinkedHashMap<>();
    List<Step> out = new ArrayList<>();
    for (Step s : v.steps()) {
      ids.put(s.id(), all.get(s.id()));
      Step.Builder b = copyContent(s, Step.builder(all.get(s.id())));
      for (Transition t : s.transitions()) {
        b.transitions(List.of(new Transition(all.get(t.toStepId()), t.condition())));
      }
      out.add(b.build());
    }
    Collections.shuffle(out, r);
    return new Renamed(build(v, v.version(), all.get(v.startStepId()), out), ids);
  }

  /** Renames every id and shuffles the step order; keeps the version number. */
  public static Renamed disguise(ScenarioVersion v, long seed) {
    return renamed(v, new Random(seed), v.version(), true);
  }

  /** Inserts a new step before a random step: every transition into it (and the start) now goes to the new step. */
  public static ScenarioVersion insertUpstream(ScenarioVersion v, Random r) {
    return insertUpstream(v, r, v.version());
  }

  /** As {@link #insertUpstream(ScenarioVersion, Random)}, numbering the result {@code version}. */
  public static ScenarioVersion insertUpstream(ScenarioVersion v, Random r, int version) {
    Step target = pick(v, r);
    String id = freshId(v, "up");
    Step inserted = newStep(v, r, id).to(target.id()).build();
    List<Step> out = new ArrayList<>();
    for (Step s : v.steps()) {
      out.add(redirect(s, target.id(), id));
    }
    out.add(r.nextInt(out.size() + 1), inserted);
    String start = v.startStepId().equals(target.id()) ? id : v.startStepId();
    return build(v, version, start, out);
  }

  /** Inserts a new step after a random step, taking over all its transitions. */
  public static ScenarioVersion insertDownstream(ScenarioVersion v, Random r) {
    return insertDownstream(v, r, v.version());
  }

  /** As {@link #insertDownstream(ScenarioVersion, Random)}, numbering the result {@code version}. */
  public static ScenarioVersion insertDownstream(ScenarioVersion v, Random r, int version) {
    Step target = pick(v, r);
    String id = freshId(v, "down");
    Step inserted = newStep(v, r, id).transitions(target.transitions()).build();
    List<Step> out = new ArrayList<>();
    for (Step s : v.steps()) {
      out.add(s.id().equals(target.id()) ? rebuild(s.toBuilder(), s.id(), List.of(Transition.to(id))) : s);
    }
    out.add(r.nextInt(out.size() + 1), inserted);
    return build(v, version, v.startStepId(), out);
  }

  /**
   * Adds a fork. Usually a new fork step is inserted before a random step T, with a branch {@code fN op K} to a new
   * branch step (which leads back to T a third of the time) and a default branch to T; otherwise an existing step
   * with transitions gets a new first branch to a new step.
   */
  public static ScenarioVersion addFork(ScenarioVersion v, Random r) {
    return addFork(v, r, v.version());
  }

  /** As {@link #addFork(ScenarioVersion, Random)}, numbering the result {@code version}. */
  public static ScenarioVersion addFork(ScenarioVersion v, Random r, int version) {
    Step target = pick(v, r);
    String branchId = freshId(v, "branch");
    Step.Builder branch = newStep(v, r, branchId);
    List<Step> out = new ArrayList<>();
    String start = v.startStepId();
    if (r.nextInt(100) < 30 && !target.transitions().isEmpty()) {
      out.addAll(v.steps());
      List<Transition> ts = new ArrayList<>();
      ts.add(Transition.when(condition(r), branchId));
      ts.addAll(target.transitions());
      out.set(out.indexOf(target), rebuild(target.toBuilder(), target.id(), ts));
    } else {
      String forkId = freshId(v, "fork");
      if (r.nextInt(3) == 0) {
        branch.to(target.id());
      }
      Step fork = newStep(v, r, forkId).when(condition(r), branchId).to(target.id()).build();
      for (Step s : v.steps()) {
        out.add(redirect(s, target.id(), forkId));
      }
      out.add(r.nextInt(out.size() + 1), fork);
      if (start.equals(target.id())) {
        start = forkId;
      }
    }
    out.add(r.nextInt(out.size() + 1), branch.build());
    return build(v, version, start, out);
  }

  /** Deletes a random step other than the start step; transitions into it go to its successors instead. */
  public static ScenarioVersion deleteStep(ScenarioVersion v, Random r) {
    return deleteStep(v, r, v.version());
  }

  /** As {@link #deleteStep(ScenarioVersion, Random)}, numbering the result {@code version}. */
  public static ScenarioVersion deleteStep(ScenarioVersion v, Random r, int version) {
    List<Step> candidates = new ArrayList<>();
    for (Step s : v.steps()) {
      if (!s.id().equals(v.startStepId())) {
        candidates.add(s);
      }
    }
    if (candidates.isEmpty()) {
      return withVersion(v, version);
    }
    Step victim = candidates.get(r.nextInt(candidates.size()));
    List<Transition> bypass = new ArrayList<>();
    for (Transition t : victim.transitions()) {
      if (!t.toStepId().equals(victim.id())) {
        bypass.add(t);
      }
    }
    List<Step> out = new ArrayList<>();
    for (Step s : v.steps()) {
      if (s == victim) {
        continue;
      }
      List<Transition> ts = new ArrayList<>();
      boolean changed = false;
      for (Transition t : s.transitions()) {
        if (!t.toStepId().equals(victim.id())) {
          ts.add(t);
          continue;
        }
        changed = true;
        for (int k = 0; k < bypass.size(); k++) {
          Transition b = bypass.get(k);
          // the first bypass transition keeps the condition of the deleted transition
          ts.add(new Transition(b.toStepId(), k == 0 && t.condition() != null ? t.condition() : b.condition()));
        }
      }
      out.add(changed ? rebuild(s.toBuilder(), s.id(), dedupe(ts)) : s);
    }
    return build(v, version, v.startStepId(), out);
  }

  /** Appends " (edited)" to the description of a random step. */
  public static ScenarioVersion editDescription(ScenarioVersion v, Random r) {
    return editDescription(v, r, v.version());
  }

  /** As {@link #editDescription(ScenarioVersion, Random)}, numbering the result {@code version}. */
  public static ScenarioVersion editDescription(ScenarioVersion v, Random r, int version) {
    Step target = pick(v, r);
    return replace(v, version, target, target.toBuilder().description(target.description() + " (edited)").build());
  }

  /** Toggles the checkpoint flag of a random step. */
  public static ScenarioVersion toggleCheckpoint(ScenarioVersion v, Random r) {
    return toggleCheckpoint(v, r, v.version());
  }

  /** As {@link #toggleCheckpoint(ScenarioVersion, Random)}, numbering the result {@code version}. */
  public static ScenarioVersion toggleCheckpoint(ScenarioVersion v, Random r, int version) {
    Step target = pick(v, r);
    Step toggled = target.checkpoint() ? target.toBuilder().checkpoint(false, "").build()
        : target.toBuilder().checkpoint("irreversible " + target.name()).build();
    return replace(v, version, target, toggled);
  }

  /**
   * {@code v} with a random step that lies on a cycle (it can reach itself) made a checkpoint, so that walks revisit
   * a checkpoint; {@code v} itself when no step lies on a cycle.
   */
  public static ScenarioVersion checkpointOnCycle(ScenarioVersion v, Random r) {
    List<Step> onCycle = new ArrayList<>();
    for (Step st : v.steps()) {
      for (String next : v.successors(st.id())) {
        if ((next.equals(st.id()) || v.canReach(next, st.id())) && !onCycle.contains(st)) {
          onCycle.add(st);
        }
      }
    }
    if (onCycle.isEmpty()) {
      return v;
    }
    onCycle.sort(java.util.Comparator.comparing(Step::id));
    Step target = onCycle.get(r.nextInt(onCycle.size()));
    return target.checkpoint() ? v
        : replace(v, v.version(), target, target.toBuilder().checkpoint("irreversible " + target.name()).build());
  }

  /** The same version with another version number. */
  public static ScenarioVersion withVersion(ScenarioVersion v, int version) {
    return build(v, version, v.startStepId(), v.steps());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Helpers

  private static Step pick(ScenarioVersion v, Random r) {
    List<Step> steps = new ArrayList<>(v.steps());
    steps.sort(java.util.Comparator.comparing(Step::id));
    return steps.get(r.nextInt(steps.size()));
  }

  /** A new step: a twin of an existing step one time in five, else fresh content of one of four flavours. */
  private static Step.Builder newStep(ScenarioVersion v, Random r, String id) {
    Step.Builder b = Step.builder(id);
    int flavour = r.nextInt(5);
    if (flavour == 0) {
      return copyContent(pick(v, r), b);
    }
    String name = NAMES[r.nextInt(NAMES.length)] + " " + id;
    b.name(name).description("Inserted " + name);
    switch (flavour) {
      case 1 -> b.collects("f" + r.nextInt(FIELDS));
      case 2 -> b.collects(CollectedField.optional("f" + r.nextInt(FIELDS)));
      case 3 -> b.requiredAction(true);
      default -> { } // message only
    }
    return b;
  }

  private static String freshId(ScenarioVersion v, String prefix) {
    Set<String> used = new HashSet<>();
    for (Step s : v.steps()) {
      used.add(s.id());
    }
    int k = v.steps().size();
    while (used.contains(prefix + k)) {
      k++;
    }
    return prefix + k;
  }

  private static Step redirect(Step s, String from, String to) {
    boolean hit = false;
    List<Transition> ts = new ArrayList<>();
    for (Transition t : s.transitions()) {
      if (t.toStepId().equals(from)) {
        hit = true;
        ts.add(new Transition(to, t.condition()));
      } else {
        ts.add(t);
      }
    }
    return hit ? rebuild(s.toBuilder(), s.id(), ts) : s;
  }

  private static List<Transition> dedupe(List<Transition> ts) {
    return new ArrayList<>(new LinkedHashSet<>(ts));
  }

  private static Step rebuild(Step.Builder b, String id, List<Transition> ts) {
    Step s = b.clearTransitions().transitions(ts).build();
    if (s.id().equals(id)) {
      return s;
    }
    return copyContent(s, Step.builder(id)).transitions(ts).build();
  }

  private static ScenarioVersion replace(ScenarioVersion v, int version, Step old, Step replacement) {
    List<Step> out = new ArrayList<>(v.steps());
    out.set(out.indexOf(old), replacement);
    return build(v, version, v.startStepId(), out);
  }

  private static ScenarioVersion build(ScenarioVersion like, int version, String start, List<Step> steps) {
    ScenarioVersion v = ScenarioVersion.builder(like.scenarioId(), version).name(like.name()).startStep(start)
        .steps(steps).build();
    if (!v.warnings().isEmpty()) {
      throw new IllegalStateException("generator bug: " + v.warnings());
    }
    return v;
  }

  /** Counts of content hashes, for properties about twins. */
  static Map<String, Integer> hashCounts(ScenarioVersion v) {
    Map<String, Integer> m = new HashMap<>();
    for (Step s : v.steps()) {
      m.merge(s.contentHash(), 1, Integer::sum);
    }
    return m;
  }
}
