package org.scenariomigration.scenario;

import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.plan.PlanJson;
import org.scenariomigration.plan.PlanRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.scenariomigration.scenario.ScenarioGenerators.Renamed;
import org.scenariomigration.scenario.ScenarioGenerators.VersionPair;

class DiffProperties {
  private final MigrationPlanner planner = MigrationPlanner.builder()
      .clock(Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC)).idGenerator(() -> "plan-1").build();

  @Provide
  Arbitrary<ScenarioVersion> scenarios() {
    return ScenarioGenerators.scenarios();
  }

  @Provide
  Arbitrary<VersionPair> pairs() {
    return ScenarioGenerators.versionPairs();
  }

  @Provide
  Arbitrary<VersionPair> idKeepingPairs() {
    return ScenarioGenerators.versionPairs(ScenarioGenerators.edits(
        ScenarioGenerators.EditKind.INSERT_UPSTREAM, ScenarioGenerators.EditKind.INSERT_DOWNSTREAM,
        ScenarioGenerators.EditKind.ADD_FORK, ScenarioGenerators.EditKind.DELETE_STEP,
        ScenarioGenerators.EditKind.REORDER_STEPS, ScenarioGenerators.EditKind.EDIT_DESCRIPTION,
        ScenarioGenerators.EditKind.TOGGLE_CHECKPOINT));
  }

  @Provide
  Arbitrary<Step> steps() {
    return ScenarioGenerators.steps();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // (a) hash stability

  @Property(tries = 1000)
  void a_step_hash_ignores_the_order_of_rule_ids_and_fields(@ForAll("steps") Step step, @ForAll long seed) {
    Random r = new Random(seed);
    List<String> rules = new ArrayList<>(step.ruleIds());
    List<CollectedField> fields = new ArrayList<>(step.collectsFields());
    List<String> requires = new ArrayList<>(step.requiresFields());
    Collections.shuffle(rules, r);
    Collections.shuffle(fields, r);
    Collections.shuffle(requires, r);
    Step.Builder b = Step.builder(step.id()).name(step.name()).description(step.description())
        .ruleIds(rules.toArray(String[]::new)).collectsAll(fields).requires(requires.toArray(String[]::new))
        .requiredAction(step.requiredAction()).checkpoint(step.checkpoint(), step.checkpointDescription())
        .transitions(step.transitions());

    assertThat(b.build().contentHash()).isEqualTo(step.contentHash());
  }

  @Property(tries = 1000)
  void a_json_round_trip_keeps_every_step_hash_and_the_checksum(@ForAll("scenarios") ScenarioVersion v) {
    ScenarioVersion back = ScenarioJson.read(ScenarioJson.write(v));

    assertThat(back).isEqualTo(v);
    assertThat(back.checksum()).isEqualTo(v.checksum());
    assertThat(back.steps()).hasSameSizeAs(v.steps());
    for (Step s : v.steps()) {
      assertThat(back.requireStep(s.id()).contentHash()).as(s.id()).isEqualTo(s.contentHash());
      assertThat(back.requireStep(s.id())).isEqualTo(s);
    }
  }

  @Property(tries = 1000)
  void a_step_hash_changes_with_every_semantic_attribute_and_nothing_else(@ForAll("steps") Step step) {
    String h = step.contentHash();
    String field = step.collectsFields().isEmpty() ? null : step.collectsFields().get(0).name();

    List<UnaryOperator<Step.Builder>> semantic = new ArrayList<>();
    semantic.add(b -> b.name(step.name() + "x"));
    semantic.add(b -> b.description(step.description() + " more"));
    semantic.add(b -> b.ruleIds("another-rule"));
    semantic.add(b -> b.collects("new_field"));
    semantic.add(b -> b.collects(CollectedField.optional("new_field")));
    semantic.add(b -> b.requires("new_input"));
    semantic.add(b -> b.requiredAction(!step.requiredAction()));
    semantic.add(b -> b.checkpoint(!step.checkpoint(), step.checkpointDescription()));
    if (step.checkpoint()) {
      semantic.add(b -> b.checkpoint(true, step.checkpointDescription() + " too"));
    }
    for (UnaryOperator<Step.Builder> change : semantic) {
      assertThat(change.apply(step.toBuilder()).build().contentHash()).isNotEqualTo(h);
    }
    if (!step.ruleIds().isEmpty()) {
      assertThat(rebuildWith(step, step.ruleIds().subList(1, step.ruleIds().size()), step.collectsFields())
          .contentHash()).isNotEqualTo(h);
    }
    if (field != null) {
      List<CollectedField> flipped = new ArrayList<>(step.collectsFields());
      CollectedField f = flipped.get(0);
      flipped.set(0, new CollectedField(f.name(), !f.optional(), f.extractionHint()));
      assertThat(rebuildWith(step, step.ruleIds(), flipped).contentHash()).isNotEqualTo(h);
      List<CollectedField> hinted = new ArrayList<>(step.collectsFields());
      hinted.set(0, new CollectedField(f.name(), f.optional(), f.extractionHint() + " other hint"));
      assertThat(rebuildWith(step, step.ruleIds(), hinted).contentHash()).as("extraction hint").isEqualTo(h);
    }

    List<UnaryOperator<Step.Builder>> neutral = new ArrayList<>();
    neutral.add(b -> b.clearTransitions().to("elsewhere"));
    neutral.add(b -> b.name("  " + step.name().replace(" ", "\t  ") + " "));
    if (!step.checkpoint()) {
      neutral.add(b -> b.checkpoint(false, "ignored when not a checkpoint"));
    }
    for (UnaryOperator<Step.Builder> change : neutral) {
      assertThat(change.apply(step.toBuilder()).build().contentHash()).isEqualTo(h);
    }
    Step renamed = ScenarioGenerators.copyContent(step, Step.builder(step.id() + "-renamed")).build();
    assertThat(renamed.contentHash()).as("id").isEqualTo(h);
  }

  private static Step rebuildWith(Step s, List<String> rules, List<CollectedField> fields) {
    return Step.builder(s.id()).name(s.name()).description(s.description()).ruleIds(rules.toArray(String[]::new))
        .collectsAll(fields).requires(s.requiresFields().toArray(String[]::new)).requiredAction(s.requiredAction())
        .checkpoint(s.checkpoint(), s.checkpointDescription()).transitions(s.transitions()).build();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // (b) determinism

  @Property(tries = 1000)
  void diff_does_not_depend_on_the_names_of_step_ids_or_on_step_order(@ForAll("pairs") VersionPair p,
      @ForAll long seed) {
    // ids are renamed alike in both versions: the second stage of matching pairs edited steps by id, so an id both
    // versions share is evidence, whatever it is called
    Renamed[] pair = ScenarioGenerators.disguisePair(p.from(), p.to(), seed);
    Renamed from = pair[0];
    Renamed to = pair[1];

    TransformationMap original = planner.diff(p.from(), p.to());
    TransformationMap disguised = planner.diff(from.version(), to.version());

    assertThat(DiffProjection.idFree(disguised, to.version())).isEqualTo(DiffProjection.idFree(original, p.to()));
    // Stronger: translated back to the original ids, the two diffs are the same diff.
    assertThat(DiffProjection.translated(disguised, inverse(from.ids()), inverse(to.ids())))
        .isEqualTo(DiffProjection.translated(original, Map.of(), Map.of()));
  }

  @Property(tries = 1000)
  void diffing_the_same_versions_twice_gives_equal_maps(@ForAll("pairs") VersionPair p) {
    TransformationMap first = planner.diff(p.from(), p.to());
    TransformationMap second = planner.diff(p.from(), p.to());
    TransformationMap fresh = planner.diff(ScenarioJson.read(ScenarioJson.write(p.from())),
        ScenarioJson.read(ScenarioJson.write(p.to())));

    assertThat(second).isEqualTo(first);
    assertThat(fresh).isEqualTo(first);
  }

  private static Map<String, String> inverse(Map<String, String> m) {
    Map<String, String> out = new HashMap<>();
    m.forEach((k, v) -> out.put(v, k));
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // (c) identity

  @Property(tries = 1000)
  void diffing_a_version_with_itself_changes_nothing(@ForAll("scenarios") ScenarioVersion v) {
    TransformationMap map = planner.diff(v, v);
    Statistics.label("twins with identical context").collect(!map.ambiguousAnchors().isEmpty());
    Statistics.label("twins with identical context").coverage(c -> {
      c.check(true).percentage(p -> p >= 5);
      c.check(false).percentage(p -> p >= 50);
    });

    for (AnchorTransformation a : map.anchors()) {
      assertThat(a.toStepId()).isEqualTo(a.fromStepId());
      assertThat(a.anchorContentHash()).isEqualTo(a.fromContentHash());
    }
    for (AmbiguousAnchor a : map.ambiguousAnchors()) {
      assertThat(a.toStepIds()).isEqualTo(a.fromStepIds());
    }
    if (map.ambiguousAnchors().isEmpty()) {
      assertThat(map.isEmpty()).as("isEmpty of %s", map).isTrue();
      assertThat(map.anchors()).hasSize(v.steps().size())
          .allSatisfy(a -> assertThat(a.migrationScenario()).isEqualTo(MigrationScenario.CLEAN_GRAFT));
    }
  }

  @Property(tries = 1000)
  void renaming_and_reordering_pairs_every_step_with_its_renamed_self(@ForAll("scenarios") ScenarioVersion v,
      @ForAll long seed) {
    Renamed r = ScenarioGenerators.disguise(v, seed);
    TransformationMap map = planner.diff(v, r.version());
    TransformationMap identity = planner.diff(v, v);

    assertThat(map.ambiguousAnchors()).hasSameSizeAs(identity.ambiguousAnchors());
    assertThat(map.anchors()).hasSameSizeAs(identity.anchors());
    for (AnchorTransformation a : map.anchors()) {
      assertThat(a.toStepId()).isEqualTo(r.ids().get(a.fromStepId()));
    }
    if (identity.isEmpty()) {
      assertThat(map.isEmpty()).isTrue();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // (d) anchors

  @Property(tries = 1000)
  void steps_with_a_hash_unique_in_both_versions_are_anchors_and_no_step_is_in_two_anchors(
      @ForAll("pairs") VersionPair p) {
    TransformationMap map = planner.diff(p.from(), p.to());
    Map<String, Integer> c1 = ScenarioGenerators.hashCounts(p.from());
    Map<String, Integer> c2 = ScenarioGenerators.hashCounts(p.to());
    Map<String, AnchorTransformation> byFrom = new HashMap<>();
    Set<String> to = new HashSet<>();
    for (AnchorTransformation a : map.anchors()) {
      assertThat(byFrom.put(a.fromStepId(), a)).as("source step %s in two anchors", a.fromStepId()).isNull();
      assertThat(to.add(a.toStepId())).as("target step %s in two anchors", a.toStepId()).isTrue();
      assertThat(a.anchorContentHash()).isEqualTo(p.to().requireStep(a.toStepId()).contentHash());
      if (a.identity().kind() == AnchorIdentity.Kind.CONTENT_HASH) {
        assertThat(a.anchorContentHash()).isEqualTo(a.fromContentHash());
      } else {
        // an edited anchor pairs two steps no content-hash anchor took, by id or by matched neighbours
        assertThat(a.identity().kind()).isEqualTo(AnchorIdentity.Kind.EDITED);
      }
      assertThat(a.manualMapping()).isFalse();
    }
    for (Step s : p.from().steps()) {
      if (c1.get(s.contentHash()) == 1 && c2.getOrDefault(s.contentHash(), 0) == 1) {
        assertThat(byFrom).as("unique hash of %s", s).containsKey(s.id());
        assertThat(byFrom.get(s.id()).toStepId()).isEqualTo(p.to().stepsWithHash(s.contentHash()).get(0).id());
      }
    }
    // anchors and deleted steps partition the source; anchors and new steps partition the target
    Set<String> fromIds = new HashSet<>(byFrom.keySet());
    map.deletedSteps().forEach(d -> assertThat(fromIds.add(d.stepId())).isTrue());
    assertThat(fromIds).hasSize(p.from().steps().size());
    Set<String> toIds = new HashSet<>(to);
    map.newSteps().forEach(n -> assertThat(toIds.add(n.stepId())).isTrue());
    assertThat(toIds).hasSize(p.to().steps().size());
    // ambiguous twins are not anchors
    for (AmbiguousAnchor a : map.ambiguousAnchors()) {
      assertThat(a.fromStepIds()).isNotEmpty().noneMatch(byFrom::containsKey);
      assertThat(a.toStepIds()).isNotEmpty().noneMatch(to::contains);
    }
  }

  @Property(tries = 1000)
  void edits_that_keep_ids_never_pair_different_steps(@ForAll("idKeepingPairs") VersionPair p) {
    TransformationMap map = planner.diff(p.from(), p.to());
    Map<String, Integer> c1 = ScenarioGenerators.hashCounts(p.from());
    Map<String, Integer> c2 = ScenarioGenerators.hashCounts(p.to());
    // When an edit inserts a copy of a step and another deletes the original, the content has moved and hash
    // matching follows it. Graph context then legitimately shifts, and ids are no longer ground truth for twins.
    boolean moved = map.anchors().stream().anyMatch(a -> !a.toStepId().equals(a.fromStepId())
        && c1.getOrDefault(a.anchorContentHash(), 0) == 1 && c2.get(a.anchorContentHash()) == 1);
    Statistics.label("content moved").collect(moved);
    // moved content (about one try in 200) lifts the id check below: it must stay the exception
    Statistics.label("content moved").coverage(c -> c.check(false).percentage(pct -> pct >= 90));
    Set<String> anchored = new HashSet<>();
    boolean twins = false;
    for (AnchorTransformation a : map.anchors()) {
      // Pairing x with y is wrong when both steps are still there, unchanged, under their own ids. (A step may
      // legitimately pair with an inserted copy of its content when the original is gone or edited.)
      String h = a.anchorContentHash();
      boolean fromKept = p.to().step(a.fromStepId()).map(s -> s.contentHash().equals(h)).orElse(false);
      boolean toOld = p.from().step(a.toStepId()).map(s -> s.contentHash().equals(h)).orElse(false);
      if (!moved && (fromKept || toOld)) {
        assertThat(a.toStepId()).as("anchor of %s", a.fromStepId()).isEqualTo(a.fromStepId());
      }
      twins |= c1.getOrDefault(h, 0) > 1 || c2.get(h) > 1;
      anchored.add(a.fromStepId());
    }
    Statistics.label("twin anchors").collect(twins);
    Statistics.label("twin anchors").coverage(c -> {
      c.check(true).percentage(pct -> pct >= 25);
      c.check(false).percentage(pct -> pct >= 25);
    });
    Set<String> ambiguous = new HashSet<>();
    map.ambiguousAnchors().forEach(a -> ambiguous.addAll(a.fromStepIds()));
    for (Step s : p.from().steps()) {
      Step t = p.to().step(s.id()).orElse(null);
      if (t != null && t.contentHash().equals(s.contentHash())) {
        assertThat(anchored.contains(s.id()) || ambiguous.contains(s.id())).as("step %s kept", s.id()).isTrue();
      }
    }
    Set<String> anchoredTargets = new HashSet<>();
    map.anchors().forEach(a -> anchoredTargets.add(a.toStepId()));
    for (DeletedStep d : map.deletedSteps()) {
      if (d.relocateToStepId() != null) {
        assertThat(anchoredTargets).contains(d.relocateToStepId());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // (e) plan JSON

  @Property(tries = 1000)
  void a_plan_survives_a_json_round_trip(@ForAll("pairs") VersionPair p) {
    MigrationPlan plan = planner.plan(PlanRequest.builder("tenant-1", p.from(), p.to()).createdBy("prop").build());

    assertThat(PlanJson.read(PlanJson.write(plan))).isEqualTo(plan);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Projections

  /** Canonical string forms of a transformation map, with every list sorted. */
  static final class DiffProjection {
    private DiffProjection() {}

    /** A form without step ids: steps are named by content hash (and fork branches by target hash). */
    static List<String> idFree(TransformationMap m, ScenarioVersion to) {
      UnaryOperator<String> target = id -> id == null ? "-" : to.requireStep(id).contentHash();
      List<String> out = new ArrayList<>();
      List<String> anchors = new ArrayList<>();
      for (AnchorTransformation a : m.anchors()) {
        anchors.add(String.join(" ", a.anchorContentHash(), a.fromContentHash(), a.anchorName(),
            a.migrationScenario().jsonName(), String.valueOf(a.manualMapping()), a.identity().kind().jsonName(),
            "up" + changes(a.upstreamChanges(), target), "down" + changes(a.downstreamChanges(), target),
            "cp" + sorted(a.checkpointConflicts().stream()
                .map(c -> c.kind() + ":" + c.checkpointHash() + ">" + target.apply(c.targetStepId())).toList())));
      }
      out.add("anchors" + sorted(anchors));
      out.add("deleted" + sorted(m.deletedSteps().stream()
          .map(d -> d.contentHash() + ">" + d.relocateToAnchorHash() + ":" + d.checkpoint()).toList()));
      out.add("new" + sorted(m.newSteps().stream().map(StepRef::contentHash).toList()));
      out.add("ambiguous" + sorted(m.ambiguousAnchors().stream()
          .map(a -> a.contentHash() + ":" + a.fromStepIds().size() + ":" + a.toStepIds().size()).toList()));
      out.add("unreachable" + sorted(m.unreachableSteps().stream().map(StepRef::contentHash).toList()));
      return out;
    }

    /** Every id translated through {@code ids1} (source ids) or {@code ids2} (target ids); missing ids kept. */
    static List<String> translated(TransformationMap m, Map<String, String> ids1, Map<String, String> ids2) {
      UnaryOperator<String> t1 = id -> id == null ? "-" : ids1.getOrDefault(id, id);
      UnaryOperator<String> t2 = id -> id == null ? "-" : ids2.getOrDefault(id, id);
      List<String> out = new ArrayList<>();
      List<String> anchors = new ArrayList<>();
      for (AnchorTransformation a : m.anchors()) {
        anchors.add(String.join(" ", a.anchorContentHash(), t1.apply(a.fromStepId()), t2.apply(a.toStepId()),
            a.migrationScenario().jsonName(), String.valueOf(a.manualMapping()), a.identity().toString(),
            "up" + changes(a.upstreamChanges(), t2), "down" + changes(a.downstreamChanges(), t2),
            "cp" + sorted(a.checkpointConflicts().stream()
                .map(c -> c.kind() + ":" + c.checkpointHash() + ">" + t2.apply(c.targetStepId())).toList())));
      }
      out.add("anchors" + sorted(anchors));
      // a relocation target is compared by hash: between nested twin anchors (same hash, same hash-level context)
      // the choice is arbitrary and may follow the ids (seed -5432278755559818893 found one)
      out.add("deleted" + sorted(m.deletedSteps().stream()
          .map(d -> t1.apply(d.stepId()) + ">" + d.relocateToAnchorHash()).toList()));
      out.add("new" + sorted(m.newSteps().stream().map(r -> t2.apply(r.stepId())).toList()));
      out.add("ambiguous" + sorted(m.ambiguousAnchors().stream()
          .map(a -> a.contentHash() + ":" + sorted(a.fromStepIds().stream().map(t1).toList()) + ":"
              + sorted(a.toStepIds().stream().map(t2).toList())).toList()));
      return out;
    }

    /** Inserted nodes, fork steps and fork branch targets are named by {@code target}. */
    private static String changes(ChangeSet c, UnaryOperator<String> target) {
      return "{ins" + sorted(c.insertedNodes().stream().map(n -> target.apply(n.nodeId()) + "/" + n.contentHash())
          .toList())
          + " ed" + sorted(c.editedNodes().stream().map(n -> target.apply(n.nodeId()) + "/" + n.collectsFields())
          .toList())
          + " rm" + sorted(c.removedNodes().stream().map(StepRef::contentHash).toList())
          + " forks" + sorted(c.newForks().stream().map(f -> target.apply(f.forkStepId()) + "/" + f.contentHash()
              + f.fieldsRead() + f.branches().stream().map(b -> target.apply(b.targetStepId()) + "|" + b.condition()
                  + "|" + b.leadsToAnchor()).toList()).toList())
          + " mod" + sorted(c.modifiedTransitions().stream().map(t -> t.change() + ":" + t.fromContentHash() + ">"
              + t.toContentHash() + ":" + t.condition()).toList())
          + "}";
    }

    private static List<String> sorted(List<String> l) {
      List<String> out = new ArrayList<>(l);
      Collections.sort(out);
      return out;
    }
  }
}
