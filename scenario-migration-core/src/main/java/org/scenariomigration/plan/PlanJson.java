package org.scenariomigration.plan;

import org.scenariomigration.json.Json;
import org.scenariomigration.json.JsonLimitException;
import org.scenariomigration.json.MalformedJsonException;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.policy.PolicyJson;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.scenario.AmbiguousAnchor;
import org.scenariomigration.scenario.AnchorIdentity;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.ChangeSet;
import org.scenariomigration.scenario.CheckpointConflict;
import org.scenariomigration.scenario.DeletedStep;
import org.scenariomigration.scenario.FieldToCollect;
import org.scenariomigration.scenario.ForkBranch;
import org.scenariomigration.scenario.InsertedNode;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.NewFork;
import org.scenariomigration.scenario.ScenarioJson;
import org.scenariomigration.scenario.StepMapping;
import org.scenariomigration.scenario.StepRef;
import org.scenariomigration.scenario.TransformationMap;
import org.scenariomigration.scenario.TransitionChange;
import org.scenariomigration.scenario.TypeMismatch;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.scenariomigration.InvalidIdException;

/**
 * Reads and writes migration plans as JSON in the shape of the operator API's migration-plan response: {@code id},
 * {@code scenario_id}, {@code from_version}, {@code to_version}, {@code status}, {@code transformation_map.anchors[]}
 * (with {@code anchor_content_hash}, {@code anchor_name}, {@code migration_scenario}, {@code upstream_changes
 * .inserted_nodes[]} ...), {@code summary} (with {@code total_anchors}, {@code anchors_with_gap_fill},
 * {@code estimated_sessions_affected}, {@code warnings[]} ...), plus {@code format_version}, {@code tenant_id}, the
 * checksums, {@code anchor_policies} (the operator API's policy objects keyed by anchor content hash, or by twin key
 * {@code <hash>@<source step id>}), {@code manual_mappings} and the audit fields {@code created_by}, {@code created_at}, {@code approved_by}, {@code approved_at},
 * {@code deployed_at}, {@code marked_at} (ISO-8601 instants; {@code marked_at} only once the deployment covers
 * sessions), {@code variable_mappings} and {@code proposed_variable_mappings} when there are any
 * ({@link #readMappings}).
 *
 * <p>The summary is written for readers but recomputed on reading, so it always agrees with the map and policies
 * (only {@code estimated_sessions_affected} is taken from the document). Unknown fields are ignored; a newer
 * {@code format_version} is rejected. Errors throw {@link MalformedJsonException} naming the JSON path and value.
 * Reading has the limits of {@link ScenarioJson} (nesting depth 64, strings of 1 Mi characters, numbers of 32
 * characters, documents of 64 Mi characters); exceeding one throws {@link JsonLimitException} naming it.
 */
public final class PlanJson {
  /** The format version this library writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  private static final String DOC = "migration plan";

  private PlanJson() {}

  /** Writes a plan. */
  public static String write(MigrationPlan plan) {
    java.util.Objects.requireNonNull(plan, "plan must not be null");
    return Json.write(toNode(plan));
  }

  /** Reads a plan written by this or an earlier format version. */
  public static MigrationPlan read(String json) {
    return fromNode(new Json.Obj(DOC, "$", Json.parse(DOC, json)));
  }

  /**
   * Reads the body of a variable-mappings update, <code>{"variable_mappings": [{"type": "rename", "from": "age",
   * "to": "customer_age"}, {"type": "default", "field": "tier", "value": "standard"}, {"type": "drop", "field":
   * "legacy"}, {"type": "computed", "field": "is_adult", "expression": "age >= 18"}]}</code>, with the limits of
   * {@link #read}; a bad name or value throws {@link MalformedJsonException} naming its path.
   */
  public static List<VariableMapping> readMappings(String json) {
    return MappingJson.read(new Json.Obj(DOC, "$", Json.parse(DOC, json)), "variable_mappings");
  }

  /** Writes variable mappings as the array {@link #readMappings} reads under {@code variable_mappings}. */
  public static String writeMappings(List<VariableMapping> mappings) {
    java.util.Objects.requireNonNull(mappings, "mappings must not be null");
    return Json.write(MappingJson.write(mappings));
  }

  static ObjectNode toNode(MigrationPlan p) {
    ObjectNode o = Json.object();
    o.put("format_version", FORMAT_VERSION);
    o.put("id", p.id());
    o.put("tenant_id", p.tenantId());
    o.put("scenario_id", p.scenarioId());
    o.put("from_version", p.fromVersion());
    o.put("to_version", p.toVersion());
    o.put("from_checksum", p.fromChecksum());
    o.put("to_checksum", p.toChecksum());
    o.put("status", p.status().jsonName());
    o.set("transformation_map", map(p.transformationMap()));
    ObjectNode policies = o.putObject("anchor_policies");
    p.anchorPolicies().forEach((k, v) -> policies.set(k, PolicyJson.toNode(v)));
    ArrayNode mappings = o.putArray("manual_mappings");
    for (StepMapping m : p.manualMappings()) {
      mappings.addObject().put("from_step_id", m.fromStepId()).put("to_step_id", m.toStepId());
    }
    o.set("summary", summary(p.summary()));
    o.put("created_by", p.createdBy());
    instant(o, "created_at", p.createdAt());
    o.put("approved_by", p.approvedBy());
    instant(o, "approved_at", p.approvedAt());
    instant(o, "deployed_at", p.deployedAt());
    o.put("rollout_percent", p.rolloutPercent());
    if (p.markedAt() != null) {
      instant(o, "marked_at", p.markedAt());
      o.put("coverage_generation", p.coverageGeneration());
    }
    if (p.rollout() != null) {
      o.set("rollout", RolloutJson.state(p.rollout()));
    }
    if (!p.variableMappings().isEmpty()) { // (only when there are any: a plan without reads and writes as before)
      o.set("variable_mappings", MappingJson.write(p.variableMappings()));
    }
    if (!p.proposedMappings().isEmpty()) {
      o.set("proposed_variable_mappings", MappingJson.write(p.proposedMappings()));
    }
    return o;
  }

  private static void instant(ObjectNode o, String field, Instant i) {
    if (i == null) {
      o.putNull(field);
    } else {
      o.put(field, i.toString());
    }
  }

  private static ObjectNode map(TransformationMap m) {
    ObjectNode o = Json.object();
    ArrayNode anchors = o.putArray("anchors");
    for (AnchorTransformation a : m.anchors()) {
      ObjectNode ao = anchors.addObject();
      ao.put("anchor_content_hash", a.anchorContentHash());
      ao.put("anchor_name", a.anchorName());
      ao.put("from_step_id", a.fromStepId());
      ao.put("from_content_hash", a.fromContentHash());
      ao.put("to_step_id", a.toStepId());
      ao.put("migration_scenario", a.migrationScenario().jsonName());
      ao.set("upstream_changes", changes(a.upstreamChanges()));
      ao.set("downstream_changes", changes(a.downstreamChanges()));
      ArrayNode cs = ao.putArray("checkpoint_conflicts");
      for (CheckpointConflict c : a.checkpointConflicts()) {
        cs.addObject().put("kind", c.kind().jsonName()).put("checkpoint_name", c.checkpointName())
            .put("checkpoint_hash", c.checkpointHash()).put("target_step_id", c.targetStepId())
            .put("target_name", c.targetName());
      }
      ao.put("is_manual_mapping", a.manualMapping());
      if (a.identity().kind() == AnchorIdentity.Kind.EDITED) { // the other kinds follow from the two hashes
        ao.putObject("identity").put("kind", a.identity().kind().jsonName()).put("score", a.identity().score())
            .put("reason", a.identity().reason());
      }
    }
    ArrayNode deleted = o.putArray("deleted_steps");
    for (DeletedStep d : m.deletedSteps()) {
      ObjectNode dob = deleted.addObject().put("step_id", d.stepId()).put("step_name", d.stepName())
          .put("content_hash", d.contentHash()).put("relocate_to_anchor_hash", d.relocateToAnchorHash())
          .put("relocate_to_step_id", d.relocateToStepId()).put("is_checkpoint", d.checkpoint())
          .put("relocation", d.relocation().jsonName());
      dob.set("guarded_checkpoints", refs(d.guardedCheckpoints()));
      if (!d.crossedSteps().isEmpty()) {
        dob.set("crossed_steps", refs(d.crossedSteps()));
        dob.set("crossed_fields", Json.strings(d.crossedFields()));
      }
    }
    o.set("new_steps", refs(m.newSteps()));
    ArrayNode amb = o.putArray("ambiguous_anchors");
    for (AmbiguousAnchor a : m.ambiguousAnchors()) {
      ObjectNode ao = amb.addObject().put("content_hash", a.contentHash()).put("step_name", a.stepName());
      ao.set("from_step_ids", Json.strings(a.fromStepIds()));
      ao.set("to_step_ids", Json.strings(a.toStepIds()));
    }
    ArrayNode ambEdits = m.ambiguousEdits().isEmpty() ? Json.array() : o.putArray("ambiguous_edits");
    for (AmbiguousAnchor a : m.ambiguousEdits()) {
      ObjectNode ao = ambEdits.addObject().put("step_name", a.stepName());
      ao.set("from_step_ids", Json.strings(a.fromStepIds()));
      ao.set("to_step_ids", Json.strings(a.toStepIds()));
    }
    o.set("unreachable_steps", refs(m.unreachableSteps()));
    ArrayNode tm = o.putArray("type_mismatches");
    for (TypeMismatch t : m.typeMismatches()) {
      tm.addObject().put("step_id", t.stepId()).put("step_name", t.stepName()).put("condition", t.condition())
          .put("field", t.field()).put("type", t.type()).put("reason", t.reason());
    }
    return o;
  }

  private static ArrayNode refs(List<StepRef> refs) {
    ArrayNode a = Json.array();
    for (StepRef r : refs) {
      a.addObject().put("step_id", r.stepId()).put("step_name", r.stepName()).put("content_hash", r.contentHash());
    }
    return a;
  }

  private static ObjectNode changes(ChangeSet c) {
    ObjectNode o = Json.object();
    nodes(o.putArray("inserted_nodes"), c.insertedNodes());
    if (!c.editedNodes().isEmpty()) {
      nodes(o.putArray("edited_nodes"), c.editedNodes());
    }
    o.set("removed_nodes", refs(c.removedNodes()));
    ArrayNode forks = o.putArray("new_forks");
    for (NewFork f : c.newForks()) {
      ObjectNode fo = forks.addObject().put("fork_step_id", f.forkStepId()).put("fork_name", f.forkName())
          .put("content_hash", f.contentHash());
      if (f.fromStepId() != null) {
        fo.put("from_step_id", f.fromStepId());
      }
      ArrayNode bs = fo.putArray("branches");
      for (ForkBranch b : f.branches()) {
        bs.addObject().put("target_step_id", b.targetStepId()).put("target_name", b.targetName())
            .put("condition", b.condition()).put("leads_to_anchor", b.leadsToAnchor());
      }
      fo.set("fields_read", Json.strings(f.fieldsRead()));
      if (!f.computedFields().isEmpty()) {
        fo.set("computed_fields", Json.strings(f.computedFields()));
      }
    }
    ArrayNode mods = o.putArray("modified_transitions");
    for (TransitionChange t : c.modifiedTransitions()) {
      mods.addObject().put("change", t.change().jsonName()).put("from_step_name", t.fromStepName())
          .put("from_content_hash", t.fromContentHash()).put("to_step_name", t.toStepName())
          .put("to_content_hash", t.toContentHash()).put("condition", t.condition());
    }
    return o;
  }

  private static void nodes(ArrayNode out, List<InsertedNode> nodes) {
    for (InsertedNode n : nodes) {
      ObjectNode no = out.addObject().put("node_id", n.nodeId()).put("node_name", n.nodeName())
          .put("content_hash", n.contentHash());
      no.set("collects_fields", Json.strings(n.collectsFields()));
      no.set("optional_fields", Json.strings(n.optionalFields()));
      no.put("is_required_action", n.requiredAction()).put("has_conditions", n.hasConditions());
    }
  }

  private static ObjectNode summary(PlanSummary s) {
    ObjectNode o = Json.object();
    o.put("total_anchors", s.totalAnchors());
    o.put("anchors_with_clean_graft", s.anchorsWithCleanGraft());
    o.put("anchors_with_gap_fill", s.anchorsWithGapFill());
    o.put("anchors_with_re_route", s.anchorsWithReRoute());
    o.put("deleted_steps", s.deletedSteps());
    o.put("new_steps", s.newSteps());
    o.put("ambiguous_anchors", s.ambiguousAnchors());
    o.put("estimated_sessions_affected", s.estimatedSessionsAffected());
    ArrayNode fs = o.putArray("fields_to_collect");
    for (FieldToCollect f : s.fieldsToCollect()) {
      ObjectNode fo = fs.addObject().put("field", f.field());
      fo.set("anchor_content_hashes", Json.strings(f.anchorContentHashes()));
      fo.set("anchor_names", Json.strings(f.anchorNames()));
    }
    ArrayNode ws = o.putArray("warnings");
    for (PlanWarning w : s.warnings()) {
      ws.addObject().put("severity", w.severity().jsonName()).put("code", w.code().jsonName())
          .put("anchor_content_hash", w.anchorContentHash()).put("anchor_name", w.anchorName())
          .put("message", w.message());
    }
    return o;
  }

  // ---------------------------------------------------------------------------------------------- reading

  static MigrationPlan fromNode(Json.Obj o) {
    int format = o.integer("format_version", FORMAT_VERSION);
    if (format < 1 || format > FORMAT_VERSION) {
      throw o.fail("$.format_version",
          "unsupported format version " + format + ", this library reads 1 to " + FORMAT_VERSION);
    }
    TransformationMap map = readMap(o.obj("transformation_map"));
    Map<String, AnchorPolicy> policies = new LinkedHashMap<>();
    if (o.has("anchor_policies")) {
      policies.putAll(PolicyJson.readPolicies(o.obj("anchor_policies")));
    }
    List<StepMapping> mappings = list(o, "manual_mappings",
        m -> new StepMapping(m.str("from_step_id"), m.str("to_step_id")));
    long estimate = o.has("summary") ? o.obj("summary").longValue("estimated_sessions_affected", 0) : 0;
    PlanStatus status = enumValue(o, "status", PlanStatus::fromJson);
    String id = o.str("id");
    for (String key : policies.keySet()) {
      if (!MigrationPlan.namesAnchor(map, key)) {
        throw o.fail("$.anchor_policies." + key, "plan '" + id + "' has no anchor with this content hash"
            + (key.indexOf(AnchorPolicy.TWIN_SEPARATOR) < 0 ? "" : " and source step"));
      }
    }
    try {
      return MigrationPlan.builder().id(id).tenantId(o.str("tenant_id")).scenarioId(o.str("scenario_id"))
          .fromVersion(o.integer("from_version")).toVersion(o.integer("to_version"))
          .fromChecksum(o.str("from_checksum", "")).toChecksum(o.str("to_checksum", "")).status(status)
          .transformationMap(map).anchorPolicies(policies).manualMappings(mappings)
          .summary(Summaries.of(map, policies, estimate)).createdBy(o.str("created_by", ""))
          .createdAt(time(o, "created_at", true)).approvedBy(o.str("approved_by", null))
          .approvedAt(time(o, "approved_at", false)).deployedAt(time(o, "deployed_at", false))
          .rolloutPercent(rollout(o)).markedAt(time(o, "marked_at", false))
          .coverageGeneration(coverageGeneration(o))
          .rollout(o.has("rollout") ? RolloutJson.readState(o.obj("rollout")) : null)
          .variableMappings(MappingJson.read(o, "variable_mappings"))
          .proposedMappings(MappingJson.read(o, "proposed_variable_mappings")).build();
    } catch (InvalidIdException e) {
      throw o.fail(switch (e.kind()) {
        case PLAN -> "$.id";
        case TENANT -> "$.tenant_id";
        default -> "$.scenario_id";
      }, e);
    }
  }

  private static TransformationMap readMap(Json.Obj o) {
    List<AnchorTransformation> anchors = list(o, "anchors", a -> new AnchorTransformation(
        a.str("anchor_content_hash"), a.str("anchor_name", ""), a.str("from_step_id"),
        a.str("from_content_hash", a.str("anchor_content_hash")), a.str("to_step_id"),
        enumValue(a, "migration_scenario", MigrationScenario::fromJson),
        a.has("upstream_changes") ? readChanges(a.obj("upstream_changes")) : ChangeSet.EMPTY,
        a.has("downstream_changes") ? readChanges(a.obj("downstream_changes")) : ChangeSet.EMPTY,
        list(a, "checkpoint_conflicts", c -> new CheckpointConflict(
            enumValue(c, "kind", k -> CheckpointConflict.Kind.valueOf(upper(k))), c.str("checkpoint_name", ""),
            c.str("checkpoint_hash"), c.str("target_step_id"), c.str("target_name", ""))),
        a.bool("is_manual_mapping", false), a.has("identity") ? identity(a.obj("identity")) : null));
    List<DeletedStep> deleted = list(o, "deleted_steps", d -> {
      String target = d.str("relocate_to_step_id", null);
      DeletedStep.Relocation how = d.has("relocation")
          ? enumValue(d, "relocation", DeletedStep.Relocation::fromJson)
          : target == null ? DeletedStep.Relocation.HISTORY : DeletedStep.Relocation.DOWNSTREAM;
      return new DeletedStep(d.str("step_id"), d.str("step_name", ""), d.str("content_hash"),
          d.str("relocate_to_anchor_hash", null), target, d.bool("is_checkpoint", false), how,
          refs(d, "guarded_checkpoints"), refs(d, "crossed_steps"), d.strings("crossed_fields"));
    });
    List<AmbiguousAnchor> amb = list(o, "ambiguous_anchors", a -> new AmbiguousAnchor(a.str("content_hash"),
        a.str("step_name", ""), a.strings("from_step_ids"), a.strings("to_step_ids")));
    List<TypeMismatch> mismatches = list(o, "type_mismatches", t -> new TypeMismatch(t.str("step_id"),
        t.str("step_name", ""), t.str("condition"), t.str("field"), t.str("type"), t.str("reason")));
    List<AmbiguousAnchor> ambEdits = list(o, "ambiguous_edits", a -> new AmbiguousAnchor(null,
        a.str("step_name", ""), a.strings("from_step_ids"), a.strings("to_step_ids")));
    return new TransformationMap(anchors, deleted, refs(o, "new_steps"), amb, refs(o, "unreachable_steps"),
        mismatches, ambEdits);
  }

  private static AnchorIdentity identity(Json.Obj o) {
    AnchorIdentity.Kind kind = enumValue(o, "kind", AnchorIdentity.Kind::fromJson);
    double score = o.number("score", 1.0);
    if (!(score >= 0.0 && score <= 1.0)) {
      throw o.fail(o.path + ".score", "must lie between 0 and 1 but was " + score);
    }
    return new AnchorIdentity(kind, score, o.str("reason", ""));
  }

  private static ChangeSet readChanges(Json.Obj o) {
    Function<Json.Obj, InsertedNode> node = n -> new InsertedNode(n.str("node_id", ""),
        n.str("node_name", ""), n.str("content_hash", ""), n.strings("collects_fields"),
        n.strings("optional_fields"), n.bool("is_required_action", false), n.bool("has_conditions", false));
    List<InsertedNode> ins = list(o, "inserted_nodes", node);
    List<InsertedNode> edited = list(o, "edited_nodes", node);
    List<NewFork> forks = list(o, "new_forks", f -> new NewFork(f.str("fork_step_id"), f.str("fork_name", ""),
        f.str("content_hash", ""), list(f, "branches", b -> new ForkBranch(b.str("target_step_id"),
            b.str("target_name", ""), b.str("condition", null), b.bool("leads_to_anchor", true))),
        new LinkedHashSet<>(f.strings("fields_read")), f.str("from_step_id", null),
        new LinkedHashSet<>(f.strings("computed_fields"))));
    List<TransitionChange> mods = list(o, "modified_transitions", t -> new TransitionChange(
        enumValue(t, "change", c -> TransitionChange.Change.valueOf(upper(c))), t.str("from_step_name", ""),
        t.str("from_content_hash"), t.str("to_step_name", ""), t.str("to_content_hash"), t.str("condition", null)));
    return new ChangeSet(ins, refs(o, "removed_nodes"), forks, mods, edited);
  }

  private static List<StepRef> refs(Json.Obj o, String field) {
    return list(o, field, r -> new StepRef(r.str("step_id"), r.str("step_name", ""), r.str("content_hash")));
  }

  private static <T> List<T> list(Json.Obj o, String field, Function<Json.Obj, T> reader) {
    List<JsonNode> items = o.array(field);
    List<T> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      out.add(reader.apply(o.item(field, i, items.get(i))));
    }
    return out;
  }

  private static String upper(String s) {
    return s.toUpperCase(java.util.Locale.ROOT);
  }

  private static <E> E enumValue(Json.Obj o, String field, Function<String, E> parse) {
    String v = o.str(field);
    try {
      return parse.apply(v);
    } catch (IllegalArgumentException e) {
      throw o.fail(o.path + "." + field, "unknown value '" + v + "'");
    }
  }

  private static long coverageGeneration(Json.Obj o) {
    long g = o.longValue("coverage_generation", 0);
    if (g < 0) {
      throw o.fail(o.path + ".coverage_generation", "must not be negative but was " + g);
    }
    return g;
  }

  private static int rollout(Json.Obj o) {
    int percent = o.integer("rollout_percent", 100);
    if (percent < 0 || percent > 100) {
      throw o.fail(o.path + ".rollout_percent", "must be between 0 and 100 but was " + percent);
    }
    return percent;
  }

  static Instant time(Json.Obj o, String field, boolean required) {
    if (!o.has(field)) {
      if (required) {
        throw o.fail(o.path + "." + field, "required timestamp is missing");
      }
      return null;
    }
    String v = o.str(field);
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw o.fail(o.path + "." + field, "'" + v + "' is not an ISO-8601 instant");
    }
  }
}
