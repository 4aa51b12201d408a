package org.scenariomigration.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.scenario.FieldType;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Step;
import org.scenariomigration.scenario.Transition;

/**
 * Flows as a team writes them, and the edits a team makes to them, for {@link EditOperatorProperties}.
 *
 * <p>A flow is a spine of blocks ending at a {@code goodbye} step:
 * <ul>
 *   <li>a <b>question</b> {@code ask_i} collecting a typed field {@code q_i} (integer or string);</li>
 *   <li>an <b>action</b> {@code act_i} (a required action), half of them computing a field {@code done_i}
 *       ({@code sets_fields}); now and then two actions in a row ({@code act_ia → act_ib});</li>
 *   <li>a <b>checkpoint</b> {@code pay_i} (a payment: irreversible);</li>
 *   <li>a <b>fork</b>: a confirmation question {@code confirm_i} collecting the boolean {@code ok_i}, with
 *       {@code ok_i == true} to a "yes" branch of one or two steps and an else branch of one step that rejoins the
 *       spine or ends the flow ({@code cancel_i});</li>
 *   <li>a <b>retry loop</b>: {@code amount_i} collects the integer {@code amount_i}, the action {@code check_i}
 *       computes {@code sufficient_i} and forks: {@code sufficient_i == false} back to {@code amount_i}, else on.</li>
 * </ul>
 * Every step's name and description carry its id, so no two steps share a content hash. Every condition has the
 * shape {@code field == true|false}.
 *
 * <p>An edit ({@link Op}) gives version 2 and the truth about it: the step of v2 that each step of v1 became
 * ({@link Edited#counterpart()}; a deleted step has none), and the step of v2 where a session at a step of v1 belongs
 * ({@link Edited#place()}: its counterpart, or for a deleted step the step that took its place).
 */
final class RealisticFlows {
  static final String SCENARIO_ID = "real_flow";
  private static final Pattern CONDITION = Pattern.compile("([a-z0-9_.]+) == (true|false)");

  private RealisticFlows() {}

  /** The kinds of steps a flow holds. */
  enum Kind { QUESTION, ACTION, CHECKPOINT, FORK, RETRY_LOOP }

  /** The edit operators. */
  enum Op {
    /** A step's description and/or name changes; nothing else. */
    REWORD,
    /** A question collects its field under another name; the forks reading it read the new name. */
    RENAME_FIELD,
    /** A new step (question, action or checkpoint) on one branch of a fork. */
    INSERT_ON_BRANCH,
    /** A step on one branch of a fork is deleted; the branch leads straight to its successor. */
    DELETE_ON_BRANCH,
    /** A step is replaced by another (new id, new content, same kind, same place); checkpoints included. */
    REPLACE,
    /** A fork gets one more branch, to a new step that rejoins the else branch's target. */
    ADD_BRANCH,
    /** An action that computes a field becomes a fork sending back to the question before it when it is false. */
    ADD_RETRY,
    /** Two consecutive actions swap places. */
    REORDER_ACTIONS;

    /** Whether the edit is a reword or local to one branch (the edits over-reporting is measured on). */
    boolean rewordOrBranchLocal() {
      return this == REWORD || this == INSERT_ON_BRANCH || this == DELETE_ON_BRANCH;
    }
  }

  /** A generated flow and the kinds of steps it holds. */
  record Flow(ScenarioVersion v1, Set<Kind> kinds) {}

  /**
   * Version 2 and what the edit did.
   *
   * @param op the operator applied (the one asked for, or the next one that applies)
   * @param v2 the edited version
   * @param counterpart v1 step id → the v2 step it became (absent when deleted)
   * @param place v1 step id → the v2 step where a session there belongs
   * @param detail what was edited, for failure messages
   */
  record Edited(Op op, ScenarioVersion v2, Map<String, String> counterpart, Map<String, String> place,
      String detail) {}

  // ---------------------------------------------------------------------------------------------------------------
  // Mutable nodes

  /** A step being built or edited. */
  static final class Node {
    String id;
    String name;
    String description;
    final List<CollectedField> collects = new ArrayList<>();
    final List<String> sets = new ArrayList<>();
    boolean action;
    boolean checkpoint;
    String checkpointDescription = "";
    final List<Transition> transitions = new ArrayList<>();

    Node(String id, String name, String description) {
      this.id = id;
      this.name = name;
      this.description = description;
    }

    static Node of(Step s) {
      Node n = new Node(s.id(), s.name(), s.description());
      n.collects.addAll(s.collectsFields());
      n.sets.addAll(s.setsFields());
      n.action = s.requiredAction();
      n.checkpoint = s.checkpoint();
      n.checkpointDescription = s.checkpointDescription();
      n.transitions.addAll(s.transitions());
      return n;
    }

    Step build() {
      Step.Builder b = Step.builder(id).name(name).description(description).collectsAll(collects)
          .requiredAction(action).checkpoint(checkpoint, checkpointDescription).transitions(transitions);
      if (!sets.isEmpty()) {
        b.sets(sets.toArray(String[]::new));
      }
      return b.build();
    }

    boolean isFork() {
      return transitions.size() > 1 && transitions.stream().anyMatch(Transition::isConditional);
    }

    boolean single() {
      return transitions.size() == 1 && !transitions.get(0).isConditional();
    }
  }

  private static ScenarioVersion version(int number, String start, List<Node> nodes) {
    ScenarioVersion.Builder b = ScenarioVersion.builder(SCENARIO_ID, number).name("Real Flow").startStep(start);
    for (Node n : nodes) {
      b.step(n.build());
    }
    return b.build();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Flows

  /** Flows of 2 to {@code maxBlocks} blocks. */
  static Arbitrary<Flow> flows(int maxBlocks) {
    return Combinators.combine(Arbitraries.integers().between(2, maxBlocks), Arbitraries.longs())
        .as(RealisticFlows::flow);
  }

  private static Node question(String id, String field, FieldType type, String what) {
    Node n = new Node(id, "Ask " + what + " (" + id + ")", "Asks the customer for " + what + " at " + id);
    n.collects.add(CollectedField.required(field, type));
    return n;
  }

  private static Node action(String id, String what, boolean computes) {
    Node n = new Node(id, what + " (" + id + ")", "Runs " + what + " at " + id);
    n.action = true;
    if (computes) {
      n.sets.add("done_" + id);
    }
    return n;
  }

  private static Node checkpoint(String id) {
    Node n = new Node(id, "Payment (" + id + ")", "Takes the payment at " + id);
    n.action = true;
    n.checkpoint = true;
    n.checkpointDescription = "payment taken at " + id;
    return n;
  }

  /** A flow of {@code blocks} blocks from {@code seed}. */
  static Flow flow(int blocks, long seed) {
    Random r = new Random(seed);
    List<Node> nodes = new ArrayList<>();
    Set<Kind> kinds = EnumSet.noneOf(Kind.class);
    // each block is a list of nodes whose loose ends (nodes with "next" transitions) are tied to the next block
    List<Node> looseEnds = new ArrayList<>();
    List<String> looseConditions = new ArrayList<>();
    String start = null;
    for (int i = 0; i <= blocks; i++) {
      List<Node> block = new ArrayList<>();
      List<Node> ends = new ArrayList<>();
      List<String> endConditions = new ArrayList<>(); // null: unconditional
      int kind = i == blocks ? -1 : r.nextInt(6);
      switch (kind) {
        case -1 -> {
          Node bye = new Node("goodbye", "Goodbye", "Says goodbye");
          block.add(bye);
        }
        case 0 -> {
          Node q = question("ask_" + i, "q_" + i, r.nextBoolean() ? FieldType.INTEGER : FieldType.STRING,
              "detail " + i);
          block.add(q);
          ends.add(q);
          endConditions.add(null);
          kinds.add(Kind.QUESTION);
        }
        case 1 -> {
          if (r.nextBoolean()) {
            Node a = action("act_" + i + "a", "Action " + i + "a", r.nextBoolean());
            Node b = action("act_" + i + "b", "Action " + i + "b", r.nextBoolean());
            a.transitions.add(Transition.to(b.id));
            block.add(a);
            block.add(b);
            ends.add(b);
          } else {
            Node a = action("act_" + i, "Action " + i, r.nextBoolean());
            block.add(a);
            ends.add(a);
          }
          endConditions.add(null);
          kinds.add(Kind.ACTION);
        }
        case 2 -> {
          Node p = checkpoint("pay_" + i);
          block.add(p);
          ends.add(p);
          endConditions.add(null);
          kinds.add(Kind.CHECKPOINT);
        }
        case 3, 4 -> {
          Node c = question("confirm_" + i, "ok_" + i, FieldType.BOOLEAN, "confirmation " + i);
          block.add(c);
          kinds.add(Kind.FORK);
          // yes branch: one or two steps
          List<Node> yes = new ArrayList<>();
          int len = 1 + r.nextInt(2);
          for (int k = 0; k < len; k++) {
            String id = "yes_" + i + "_" + k;
            int what = r.nextInt(3);
            Node n = what == 0 ? question(id, "y_" + i + "_" + k, FieldType.STRING, "yes detail " + i + k)
                : what == 1 ? action(id, "Yes action " + i + k, r.nextBoolean()) : checkpoint(id);
            kinds.add(what == 0 ? Kind.QUESTION : what == 1 ? Kind.ACTION : Kind.CHECKPOINT);
            if (!yes.isEmpty()) {
              yes.get(yes.size() - 1).transitions.add(Transition.to(id));
            }
            yes.add(n);
          }
          c.transitions.add(Transition.when("ok_" + i + " == true", yes.get(0).id));
          block.addAll(yes);
          ends.add(yes.get(yes.size() - 1));
          endConditions.add(null);
          // else branch: one step, rejoining or ending
          String noId = r.nextInt(5) < 2 ? "cancel_" + i : "no_" + i;
          Node no = noId.startsWith("cancel") ? new Node(noId, "Cancelled (" + noId + ")", "Cancels at " + noId)
              : r.nextBoolean() ? question(noId, "n_" + i, FieldType.STRING, "reason " + i)
                  : action(noId, "No action " + i, r.nextBoolean());
          c.transitions.add(Transition.to(noId));
          block.add(no);
          if (!noId.startsWith("cancel")) {
            ends.add(no);
            endConditions.add(null);
          }
        }
        default -> {
          Node ask = question("amount_" + i, "amount_" + i, FieldType.INTEGER, "amount " + i);
          Node check = action("check_" + i, "Funds check " + i, false);
          check.sets.add("sufficient_" + i);
          ask.transitions.add(Transition.to(check.id));
          check.transitions.add(Transition.when("sufficient_" + i + " == false", ask.id));
          block.add(ask);
          block.add(check);
          ends.add(check);
          endConditions.add(null);
          kinds.add(Kind.RETRY_LOOP);
          kinds.add(Kind.FORK);
          kinds.add(Kind.QUESTION);
          kinds.add(Kind.ACTION);
        }
      }
      Node first = block.get(0);
      if (start == null) {
        start = first.id;
      }
      for (int k = 0; k < looseEnds.size(); k++) {
        String cond = looseConditions.get(k);
        looseEnds.get(k).transitions.add(cond == null ? Transition.to(first.id) : Transition.when(cond, first.id));
      }
      nodes.addAll(block);
      looseEnds = ends;
      looseConditions = endConditions;
    }
    return new Flow(version(1, start, nodes), kinds);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Edits

  /** Applies {@code op}, or the next operator (in declaration order, cyclically) that applies; REWORD always does. */
  static Edited edit(ScenarioVersion v1, Op op, long seed) {
    Op[] ops = Op.values();
    for (int k = 0; k < ops.length; k++) {
      Op o = ops[(op.ordinal() + k) % ops.length];
      Edited e = tryEdit(v1, o, new Random(seed));
      if (e != null) {
        return e;
      }
    }
    throw new AssertionError("no edit applies to " + v1);
  }

  private static <T> T pick(List<T> xs, Random r) {
    return xs.get(r.nextInt(xs.size()));
  }

  /** The edit, or null when {@code op} does not apply to {@code v1}. */
  static Edited tryEdit(ScenarioVersion v1, Op op, Random r) {
    List<Node> nodes = new ArrayList<>();
    Map<String, Node> byId = new LinkedHashMap<>();
    for (Step s : v1.steps()) {
      Node n = Node.of(s);
      nodes.add(n);
      byId.put(n.id, n);
    }
    Map<String, String> counterpart = new LinkedHashMap<>();
    for (Node n : nodes) {
      counterpart.put(n.id, n.id);
    }
    Map<String, String> place = new LinkedHashMap<>(counterpart);
    String start = v1.startStepId();
    String detail;
    switch (op) {
      case REWORD -> {
        Node n = pick(nodes, r);
        int how = r.nextInt(3);
        if (how != 1) {
          n.description = n.description + ", reworded";
        }
        if (how != 0) {
          n.name = n.name + " (new wording)";
        }
        detail = "reworded " + n.id + (how == 0 ? " (description)" : how == 1 ? " (name)" : " (name, description)");
      }
      case RENAME_FIELD -> {
        List<Node> questions = nodes.stream().filter(n -> !n.collects.isEmpty()).toList();
        if (questions.isEmpty()) {
          return null;
        }
        Node q = pick(questions, r);
        CollectedField f = q.collects.get(0);
        String renamed = f.name() + "_new";
        q.collects.set(0, new CollectedField(renamed, f.optional(), f.extractionHint(), f.type()));
        for (Node n : nodes) {
          n.transitions.replaceAll(t -> t.isConditional()
              ? Transition.when(t.condition().replaceAll("\\b" + Pattern.quote(f.name()) + "\\b", renamed),
                  t.toStepId())
              : t);
        }
        detail = "renamed field " + f.name() + " of " + q.id + " to " + renamed;
      }
      case INSERT_ON_BRANCH -> {
        List<Node> forks = nodes.stream().filter(Node::isFork).toList();
        if (forks.isEmpty()) {
          return null;
        }
        Node fork = pick(forks, r);
        int t = r.nextInt(fork.transitions.size());
        Transition old = fork.transitions.get(t);
        String id = "inserted";
        int what = r.nextInt(5);
        Node n = what < 2 ? question(id, "extra", FieldType.STRING, "an extra detail")
            : what < 4 ? action(id, "Inserted action", r.nextBoolean()) : checkpoint(id);
        n.transitions.add(Transition.to(old.toStepId()));
        fork.transitions.set(t, new Transition(id, old.condition()));
        nodes.add(n);
        detail = "inserted " + (what < 2 ? "question" : what < 4 ? "action" : "checkpoint") + " " + id + " on "
            + fork.id + " → " + old.toStepId() + " [" + old.condition() + "]";
      }
      case DELETE_ON_BRANCH -> {
        Map<String, Integer> inDegree = inDegrees(nodes);
        List<String[]> candidates = new ArrayList<>();
        for (Node fork : nodes) {
          if (!fork.isFork()) {
            continue;
          }
          for (Transition t : fork.transitions) {
            Node x = byId.get(t.toStepId());
            if (!x.isFork() && x.single() && !x.id.equals(start) && inDegree.get(x.id) == 1
                && !x.transitions.get(0).toStepId().equals(x.id) && !x.id.equals(fork.id)) {
              candidates.add(new String[] {fork.id, x.id});
            }
          }
        }
        if (candidates.isEmpty()) {
          return null;
        }
        String[] c = pick(candidates, r);
        Node fork = byId.get(c[0]);
        Node x = byId.get(c[1]);
        String next = x.transitions.get(0).toStepId();
        fork.transitions.replaceAll(t -> t.toStepId().equals(x.id) ? new Transition(next, t.condition()) : t);
        nodes.remove(x);
        counterpart.remove(x.id);
        place.put(x.id, next);
        detail = "deleted " + x.id + (x.checkpoint ? " (checkpoint)" : "") + " between " + fork.id + " and " + next;
      }
      case REPLACE -> {
        Node x = pick(nodes, r);
        String old = x.id;
        String id = old + "_r";
        Node n = Node.of(x.build());
        n.id = id;
        n.name = "Replacement of " + old;
        n.description = "Does what " + old + " did, another way";
        if (n.checkpoint) {
          n.checkpointDescription = "payment taken at " + id;
        }
        nodes.set(nodes.indexOf(x), n);
        for (Node m : nodes) {
          m.transitions.replaceAll(t -> t.toStepId().equals(old) ? new Transition(id, t.condition()) : t);
        }
        if (start.equals(old)) {
          start = id;
        }
        counterpart.put(old, id);
        place.put(old, id);
        detail = "replaced " + old + (x.checkpoint ? " (checkpoint)" : "") + " with " + id;
      }
      case ADD_BRANCH -> {
        List<Node> forks = nodes.stream().filter(n -> n.isFork() && n.transitions.size() == 2
            && n.transitions.get(0).isConditional() && !n.transitions.get(1).isConditional()).toList();
        if (forks.isEmpty()) {
          return null;
        }
        Node fork = pick(forks, r);
        Matcher m = CONDITION.matcher(fork.transitions.get(0).condition());
        if (!m.matches()) {
          throw new AssertionError(fork.transitions.get(0));
        }
        String cond = m.group(1) + " == " + !Boolean.parseBoolean(m.group(2));
        String id = "branch_new";
        Node n = r.nextBoolean() ? action(id, "New branch action", false)
            : question(id, "branch_detail", FieldType.STRING, "a new branch's detail");
        n.transitions.add(Transition.to(fork.transitions.get(1).toStepId()));
        fork.transitions.add(1, Transition.when(cond, id));
        nodes.add(n);
        detail = "added branch [" + cond + "] → " + id + " at " + fork.id;
      }
      case ADD_RETRY -> {
        List<String[]> candidates = new ArrayList<>();
        for (Node a : nodes) {
          if (!a.action || a.checkpoint || a.sets.isEmpty() || !a.single()) {
            continue;
          }
          List<String> dom = v1.dominatorsOf(a.id);
          for (int k = dom.size() - 1; k >= 0; k--) {
            Node q = byId.get(dom.get(k));
            if (!q.collects.isEmpty()) {
              candidates.add(new String[] {a.id, q.id});
              break;
            }
          }
        }
        if (candidates.isEmpty()) {
          return null;
        }
        String[] c = pick(candidates, r);
        Node a = byId.get(c[0]);
        String cond = a.sets.get(0) + " == false";
        a.transitions.add(0, Transition.when(cond, c[1]));
        detail = "added retry loop [" + cond + "] " + a.id + " → " + c[1];
      }
      case REORDER_ACTIONS -> {
        Map<String, Integer> inDegree = inDegrees(nodes);
        List<String[]> candidates = new ArrayList<>();
        for (Node a : nodes) {
          if (!a.action || a.checkpoint || !a.single()) {
            continue;
          }
          Node b = byId.get(a.transitions.get(0).toStepId());
          if (b.action && !b.checkpoint && b.single() && inDegree.get(b.id) == 1 && !b.id.equals(a.id)
              && !b.transitions.get(0).toStepId().equals(a.id) && !b.transitions.get(0).toStepId().equals(b.id)) {
            candidates.add(new String[] {a.id, b.id});
          }
        }
        if (candidates.isEmpty()) {
          return null;
        }
        String[] c = pick(candidates, r);
        Node a = byId.get(c[0]);
        Node b = byId.get(c[1]);
        String next = b.transitions.get(0).toStepId();
        for (Node m : nodes) {
          if (m != a) {
            m.transitions.replaceAll(t -> t.toStepId().equals(a.id) ? new Transition(b.id, t.condition()) : t);
          }
        }
        b.transitions.set(0, Transition.to(a.id));
        a.transitions.set(0, Transition.to(next));
        if (start.equals(a.id)) {
          start = b.id;
        }
        detail = "reordered " + a.id + " → " + b.id + " to " + b.id + " → " + a.id;
      }
      default -> throw new AssertionError(op);
    }
    return new Edited(op, version(2, start, nodes), Collections.unmodifiableMap(counterpart),
        Collections.unmodifiableMap(place), detail);
  }

  private static Map<String, Integer> inDegrees(List<Node> nodes) {
    Map<String, Integer> in = new HashMap<>();
    for (Node n : nodes) {
      in.putIfAbsent(n.id, 0);
      for (Transition t : n.transitions) {
        in.merge(t.toStepId(), 1, Integer::sum);
      }
    }
    return in;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Paths and the answers they imply

  /**
   * A shortest path from the start step to every reachable step (ties broken by {@code r}): step id → the step ids
   * from the start to it, both included.
   */
  static Map<String, List<String>> paths(ScenarioVersion v, Random r) {
    Map<String, String> parent = new LinkedHashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    parent.put(v.startStepId(), null);
    queue.add(v.startStepId());
    while (!queue.isEmpty()) {
      String at = queue.poll();
      List<Transition> ts = new ArrayList<>(v.requireStep(at).transitions());
      Collections.shuffle(ts, r);
      for (Transition t : ts) {
        if (!parent.containsKey(t.toStepId())) {
          parent.put(t.toStepId(), at);
          queue.add(t.toStepId());
        }
      }
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String id : parent.keySet()) {
      List<String> path = new ArrayList<>();
      for (String x = id; x != null; x = parent.get(x)) {
        path.add(x);
      }
      Collections.reverse(path);
      out.put(id, List.copyOf(path));
    }
    return out;
  }

  /**
   * {@code path} with its first retry loop taken once more: where the path passes a step with a back edge to an earlier
   * step of the path and goes on, the stretch from that earlier step to the loop's step is walked twice; null when the
   * path takes no retry loop.
   */
  static List<String> loopedOnce(List<String> path, Set<String> backEdges) {
    for (int i = 0; i + 1 < path.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (backEdges.contains(path.get(i) + "→" + path.get(j))) {
          List<String> out = new ArrayList<>(path.subList(0, i + 1));
          out.addAll(path.subList(j, path.size()));
          return List.copyOf(out);
        }
      }
    }
    return null;
  }

  /**
   * The variables a session walking {@code path} holds at its last step: the fields collected and computed by every
   * step before it, each fork's field set so that its condition sends the session the way the path goes.
   */
  static Map<String, Object> answers(ScenarioVersion v, List<String> path, String sessionId) {
    Map<String, Object> vars = new LinkedHashMap<>();
    for (int i = 0; i < path.size() - 1; i++) {
      Step s = v.requireStep(path.get(i));
      String next = path.get(i + 1);
      Map<String, Boolean> routed = routing(s, next);
      for (CollectedField f : s.collectsFields()) {
        vars.put(f.name(), routed.containsKey(f.name()) ? routed.get(f.name())
            : value(f.type(), sessionId + "/" + f.name()));
      }
      for (String f : s.setsFields()) {
        vars.put(f, routed.getOrDefault(f, true));
      }
    }
    return vars;
  }

  /** The values of the fields {@code s}'s conditions read that make it take its transition to {@code next}. */
  static Map<String, Boolean> routing(Step s, String next) {
    Map<String, Boolean> out = new HashMap<>();
    for (Transition t : s.transitions()) {
      if (t.isConditional()) {
        Matcher m = CONDITION.matcher(t.condition());
        if (!m.matches()) {
          throw new AssertionError("unexpected condition " + t.condition());
        }
        boolean lit = Boolean.parseBoolean(m.group(2));
        if (t.toStepId().equals(next)) {
          out.put(m.group(1), lit);
          return out;
        }
        out.putIfAbsent(m.group(1), !lit);
      } else if (t.toStepId().equals(next)) {
        return out;
      }
    }
    throw new AssertionError(s.id() + " has no transition to " + next);
  }

  /** A value of type {@code type} that depends only on {@code key}. */
  static Object value(FieldType type, String key) {
    int h = Math.floorMod(key.hashCode(), 1000);
    return switch (type.kind()) {
      case INTEGER, NUMBER -> (long) (1 + h % 900);
      case BOOLEAN -> true;
      case STRING -> "answer " + h;
      default -> true;
    };
  }

  /**
   * The steps strictly between {@code from} and {@code to} on the way the variables {@code vars} select from
   * {@code from} (each fork takes its first transition whose condition holds), or null when that way does not reach
   * {@code to} within the version's size, or a condition reads a field {@code vars} lacks.
   */
  static List<String> route(ScenarioVersion v, Map<String, Object> vars, String from, String to) {
    List<String> out = new ArrayList<>();
    String at = from;
    for (int k = 0; k <= v.steps().size(); k++) {
      String next = null;
      for (Transition t : v.requireStep(at).transitions()) {
        if (!t.isConditional()) {
          next = t.toStepId();
          break;
        }
        Matcher m = CONDITION.matcher(t.condition());
        if (!m.matches()) {
          return null;
        }
        Object value = vars.get(m.group(1));
        if (value == null) {
          return null;
        }
        if (Boolean.valueOf(m.group(2)).equals(value)) {
          next = t.toStepId();
          break;
        }
      }
      if (next == null) {
        return null;
      }
      if (next.equals(to)) {
        return out;
      }
      out.add(next);
      at = next;
    }
    return null;
  }

  /**
   * One line a step, for failure messages: {@code check_1 action sets [sufficient_1] → [sufficient_1 == false]
   * amount_1 | goodbye}; the start step first.
   */
  static String describe(ScenarioVersion v) {
    StringBuilder b = new StringBuilder();
    List<Step> steps = new ArrayList<>(v.steps());
    steps.sort((x, y) -> Boolean.compare(!x.id().equals(v.startStepId()), !y.id().equals(v.startStepId())));
    for (Step s : steps) {
      b.append("  ").append(s.id()).append(" \"").append(s.name()).append("\" (").append(s.description())
          .append(')');
      if (!s.collectsFields().isEmpty()) {
        b.append(" collects");
        s.collectsFields().forEach(f -> b.append(' ').append(f.name()).append(':').append(f.type()));
      }
      if (s.requiredAction()) {
        b.append(" action");
      }
      if (!s.setsFields().isEmpty()) {
        b.append(" sets ").append(s.setsFields());
      }
      if (s.checkpoint()) {
        b.append(" CHECKPOINT");
      }
      b.append(" →");
      List<String> ts = new ArrayList<>();
      for (Transition t : s.transitions()) {
        ts.add((t.isConditional() ? "[" + t.condition() + "] " : "") + t.toStepId());
      }
      b.append(ts.isEmpty() ? " (end)" : " " + String.join(" | ", ts)).append('\n');
    }
    return b.toString();
  }

  /** The field a condition of the shape {@code field == literal} reads. */
  static String fieldRead(String condition) {
    Matcher m = CONDITION.matcher(condition);
    return m.matches() ? m.group(1) : condition;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Graph helpers

  /**
   * The transitions of {@code v} that are back edges of a depth-first search from the start step (in declared order):
   * the retry loops. As "from→to" strings.
   */
  static Set<String> backEdges(ScenarioVersion v) {
    Set<String> back = new HashSet<>();
    Set<String> done = new HashSet<>();
    Set<String> onStack = new HashSet<>();
    dfs(v, v.startStepId(), done, onStack, back);
    return back;
  }

  private static void dfs(ScenarioVersion v, String at, Set<String> done, Set<String> onStack, Set<String> back) {
    done.add(at);
    onStack.add(at);
    for (Transition t : v.requireStep(at).transitions()) {
      String to = t.toStepId();
      if (onStack.contains(to)) {
        back.add(at + "→" + to);
      } else if (!done.contains(to)) {
        dfs(v, to, done, onStack, back);
      }
    }
    onStack.remove(at);
  }

  /** The steps reachable from {@code from} (itself included) without back edges and without passing {@code avoid}. */
  static Set<String> forwardReach(ScenarioVersion v, Set<String> back, String from, String avoid) {
    Set<String> seen = new LinkedHashSet<>();
    if (from.equals(avoid)) {
      return seen;
    }
    Deque<String> todo = new ArrayDeque<>();
    seen.add(from);
    todo.add(from);
    while (!todo.isEmpty()) {
      String at = todo.poll();
      for (Transition t : v.requireStep(at).transitions()) {
        String to = t.toStepId();
        if (!back.contains(at + "→" + to) && !to.equals(avoid) && seen.add(to)) {
          todo.add(to);
        }
      }
    }
    return seen;
  }

  /**
   * The steps on every forward path (no back edge) from {@code from} to {@code to}, {@code from} included and
   * {@code to} excluded; empty when {@code to} is not forward of {@code from} or is {@code from}.
   */
  static Set<String> onEveryForwardPath(ScenarioVersion v, Set<String> back, String from, String to) {
    Set<String> out = new LinkedHashSet<>();
    Set<String> reach = forwardReach(v, back, from, null);
    if (from.equals(to) || !reach.contains(to)) {
      return out;
    }
    for (String x : reach) {
      if (!x.equals(to) && !forwardReach(v, back, from, x).contains(to)) {
        out.add(x);
      }
    }
    return out;
  }
}
