package org.scenariomigration.scenario;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/**
 * One step of a scenario version: an immutable value built with {@link #builder(String)}.
 *
 * <p>A step's {@link #id() id} is stable within one version only. Across versions steps are matched by their
 * {@link #contentHash() content hash}, which covers what the step means (its name, description, rules, fields, action
 * and checkpoint) but not its id and not its transitions. See {@link ContentHash} for the exact encoding.
 */
public final class Step {
  private final String id;
  private final String name;
  private final String description;
  private final ImmutableList<String> ruleIds;
  private final ImmutableList<CollectedField> collectsFields;
  private final ImmutableList<String> requiresFields;
  private final ImmutableList<String> setsFields;
  private final boolean requiredAction;
  private final boolean checkpoint;
  private final String checkpointDescription;
  private final ImmutableList<Transition> transitions;
  private final String contentHash;

  private Step(Builder b) {
    this.id = b.id;
    this.name = b.name;
    this.description = b.description;
    this.ruleIds = ImmutableList.copyOf(b.ruleIds);
    this.collectsFields = ImmutableList.copyOf(b.collectsFields);
    this.requiresFields = ImmutableList.copyOf(b.requiresFields);
    this.setsFields = ImmutableList.copyOf(b.setsFields);
    this.requiredAction = b.requiredAction;
    this.checkpoint = b.checkpoint;
    this.checkpointDescription = b.checkpointDescription;
    this.transitions = ImmutableList.copyOf(b.transitions);
    this.contentHash = ContentHash.ofStep(this);
  }

  /**
   * Starts a builder for a step with the given id.
   *
   * @throws org.scenariomigration.InvalidIdException when the id does not follow the id grammar ({@link Ids})
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** A builder pre-filled with this step's values. */
  public Builder toBuilder() {
    Builder b = new Builder(id)
        .name(name)
        .description(description)
        .requiredAction(requiredAction)
        .checkpoint(checkpoint, checkpointDescription);
    b.ruleIds.addAll(ruleIds);
    b.collectsFields.addAll(collectsFields);
    b.requiresFields.addAll(requiresFields);
    b.setsFields.addAll(setsFields);
    b.transitions.addAll(transitions);
    return b;
  }

  /** The id, unique within its version and stable within that version only. */
  public String id() {
    return id;
  }

  /** The display name, for example "Checkout". */
  public String name() {
    return name;
  }

  /** The description or intent of the step; empty when none. */
  public String description() {
    return description;
  }

  /** The ids of the rules attached to the step, in declared order. */
  public List<String> ruleIds() {
    return ruleIds;
  }

  /** The fields the step collects from the customer, in declared order. */
  public List<CollectedField> collectsFields() {
    return collectsFields;
  }

  /** The fields the step requires as input, in declared order. */
  public List<String> requiresFields() {
    return requiresFields;
  }

  /**
   * The fields the step computes (JSON {@code sets_fields}), in declared order: values an action of the host sets,
   * such as a failed-login counter or an eligibility flag. A migration never asks the customer for a computed field;
   * see the README's "Computed fields".
   */
  public List<String> setsFields() {
    return setsFields;
  }

  /** Whether the step performs an action that must run (for example creating an account). */
  public boolean requiredAction() {
    return requiredAction;
  }

  /** Whether the step is a checkpoint: an irreversible step such as taking a payment or shipping an order. */
  public boolean checkpoint() {
    return checkpoint;
  }

  /** What the checkpoint makes irreversible; empty when the step is not a checkpoint or has no description. */
  public String checkpointDescription() {
    return checkpointDescription;
  }

  /** The outgoing transitions, in declared (evaluation) order. */
  public List<Transition> transitions() {
    return transitions;
  }

  /** The lowercase hex SHA-256 of the step's semantic attributes; 64 characters. */
  public String contentHash() {
    return contentHash;
  }

  /** Whether the step has at least one conditional outgoing transition and more than one outgoing transition. */
  public boolean isFork() {
    if (transitions.size() < 2) {
      return false;
    }
    for (Transition t : transitions) {
      if (t.isConditional()) {
        return true;
      }
    }
    return false;
  }

  /** The names of the non-optional fields this step collects. */
  public List<String> requiredCollectedFieldNames() {
    List<String> out = new ArrayList<>();
    for (CollectedField f : collectsFields) {
      if (!f.optional()) {
        out.add(f.name());
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Step s
        && id.equals(s.id)
        && contentHash.equals(s.contentHash)
        && transitions.equals(s.transitions)
        && collectsFields.equals(s.collectsFields)
        && ruleIds.equals(s.ruleIds)
        && requiresFields.equals(s.requiresFields)
        && setsFields.equals(s.setsFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, contentHash, transitions);
  }

  @Override
  public String toString() {
    return "Step{id=" + id + ", name=" + name + ", hash=" + ContentHash.shortForm(contentHash) + "}";
  }

  /** Builds a {@link Step}; each setter checks its argument at once. */
  public static final class Builder {
    private final String id;
    private String name = "";
    private String description = "";
    private final List<String> ruleIds = new ArrayList<>();
    private final List<CollectedField> collectsFields = new ArrayList<>();
    private final List<String> requiresFields = new ArrayList<>();
    private final List<String> setsFields = new ArrayList<>();
    private boolean requiredAction;
    private boolean checkpoint;
    private String checkpointDescription = "";
    private final List<Transition> transitions = new ArrayList<>();

    private Builder(String id) {
      this.id = Ids.require(IdKind.STEP, id);
      this.name = id;
    }

    /** The display name; defaults to the id. */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** The description or intent. */
    public Builder description(String description) {
      this.description = requireNonNull(description, "description");
      return this;
    }

    /** Adds rule ids. */
    public Builder ruleIds(String... ids) {
      for (String r : ids) {
        ruleIds.add(requireNonNull(r, "rule id"));
      }
      return this;
    }

    /** Adds required collected fields by name. */
    public Builder collects(String... fieldNames) {
      for (String f : fieldNames) {
        collectsFields.add(CollectedField.required(f));
      }
      return this;
    }

    /** Adds collected fields. */
    public Builder collects(CollectedField... fields) {
      for (CollectedField f : fields) {
        collectsFields.add(requireNonNull(f, "collected field"));
      }
      return this;
    }

    /** Adds collected fields. */
    public Builder collectsAll(Collection<CollectedField> fields) {
      for (CollectedField f : fields) {
        collectsFields.add(requireNonNull(f, "collected field"));
      }
      return this;
    }

    /** Adds required input fields; each name must follow the id grammar ({@link Ids}). */
    public Builder requires(String... fieldNames) {
      for (String f : fieldNames) {
        requiresFields.add(Ids.require(IdKind.FIELD, f));
      }
      return this;
    }

    /**
     * Adds fields the step computes (an action of the host sets them); each name must follow the id grammar
     * ({@link Ids}) and appear once.
     *
     * @throws IllegalArgumentException when a field is named twice
     */
    public Builder sets(String... fieldNames) {
      for (String f : fieldNames) {
        String name = Ids.require(IdKind.FIELD, f);
        if (setsFields.contains(name)) {
          throw new IllegalArgumentException("step '" + id + "' sets field '" + name + "' twice");
        }
        setsFields.add(name);
      }
      return this;
    }

    /** Marks the step as performing a required action. */
    public Builder requiredAction(boolean requiredAction) {
      this.requiredAction = requiredAction;
      return this;
    }

    /** Marks the step as a checkpoint with the given description. */
    public Builder checkpoint(String description) {
      return checkpoint(true, description);
    }

    /** Sets the checkpoint flag and description. */
    public Builder checkpoint(boolean checkpoint, String description) {
      this.checkpoint = checkpoint;
      this.checkpointDescription = description == null ? "" : description;
      return this;
    }

    /** Adds an unconditional transition. */
    public Builder to(String toStepId) {
      transitions.add(Transition.to(toStepId));
      return this;
    }

    /** Adds a conditional transition. */
    public Builder when(String condition, String toStepId) {
      transitions.add(Transition.when(condition, toStepId));
      return this;
    }

    /** Adds transitions. */
    public Builder transitions(Collection<Transition> ts) {
      for (Transition t : ts) {
        transitions.add(requireNonNull(t, "transition"));
      }
      return this;
    }

    /** Removes every transition. */
    public Builder clearTransitions() {
      transitions.clear();
      return this;
    }

    /** Builds the immutable step. */
    public Step build() {
      return new Step(this);
    }
  }
}
