package org.scenariomigration.runtime;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Locale;
import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.scenario.FieldType;

/**
 * What the host does with the incoming message, as decided by {@link ScenarioMigration#reconcile}. Exactly one of the
 * eight kinds; switch on {@link #kind()} or use {@code instanceof} on the records.
 */
public sealed interface Outcome {

  /** Continue as usual. The only answer when nothing is pending; it allocates nothing. */
  Continue CONTINUE = new Continue(null);

  /** The kind of outcome. */
  Kind kind();

  /** Whether the checkpoint guard blocked a move: the same as {@code kind() == Kind.CHECKPOINT_BLOCKED}. */
  default boolean blockedByCheckpoint() {
    return kind() == Kind.CHECKPOINT_BLOCKED;
  }

  /** The warning of a {@link CheckpointBlocked} or of a {@link Continue} that kept the session, or {@code null}. */
  default String warning() {
    return null;
  }

  /**
   * The id of the obligation this outcome hands over, or {@code null} when it owes the host nothing. Required actions,
   * a re-route notice and an exit message are owed: the outcome is offered again, with the same id, at every message
   * until the host retires it ({@link ScenarioMigration#acknowledge}, {@link ScenarioMigration#advance}, or, inside
   * the host's transaction, the host's own commit). Use it as an idempotency key.
   */
  default String effectId() {
    return null;
  }

  /** The eight kinds, with their JSON names. */
  enum Kind {
    /** Nothing to do. */
    CONTINUE,
    /**
     * The checkpoint guard refused a move: the session stays where it is, on its version, and goes on as usual; the
     * warning says which checkpoint and why.
     */
    CHECKPOINT_BLOCKED,
    /** The session was moved. */
    TELEPORT,
    /** Ask the customer for fields. */
    COLLECT,
    /** Ask the customer to confirm an extracted value. */
    CONFIRM,
    /** Run the required actions of inserted steps. */
    EXECUTE_ACTIONS,
    /** End the scenario. */
    EXIT_SCENARIO,
    /** The session has ended ({@link ScenarioMigration#endSession}, or it completed): it takes no more messages. */
    ENDED;

    private final String jsonName = name().toLowerCase(Locale.ROOT);

    /** The JSON name, for example {@code execute_actions}. */
    public String jsonName() {
      return jsonName;
    }
  }

  /**
   * The session has ended: it completed (reached a step with no outgoing transition) or the host ended it with
   * {@link ScenarioMigration#endSession}. It is never marked or migrated again; the host should not process the message
   * in it (start a new session instead).
   *
   * @param reason why it ended
   * @param endedAt when
   */
  record Ended(org.scenariomigration.session.EndReason reason, java.time.Instant endedAt) implements Outcome {
    /** Validates the components. */
    public Ended {
      requireNonNull(reason, "reason");
      requireNonNull(endedAt, "endedAt");
    }

    /** The outcome of a session that ended as {@code end} says. */
    public static Ended of(org.scenariomigration.session.SessionEnd end) {
      return new Ended(end.reason(), end.at());
    }

    @Override
    public Kind kind() {
      return Kind.ENDED;
    }
  }

  /**
   * Continue on the current path.
   *
   * @param warning why a migration kept the session where it is (a policy, a condition it could not evaluate), or
   *     {@code null}
   */
  record Continue(String warning) implements Outcome {
    @Override
    public Kind kind() {
      return Kind.CONTINUE;
    }
  }

  /**
   * The checkpoint guard refused a move: a checkpoint the session passed would run again or be contradicted, or the
   * target lies past a checkpoint it never passed. The session stays where it is, on its version (pinned), and goes on
   * as usual; the journal holds a {@code checkpoint_blocked} record.
   *
   * @param warning which checkpoint blocked the move, and why
   */
  record CheckpointBlocked(String warning) implements Outcome {
    /** Validates the warning. */
    public CheckpointBlocked {
      requireNonNull(warning, "warning");
    }

    @Override
    public Kind kind() {
      return Kind.CHECKPOINT_BLOCKED;
    }
  }

  /**
   * The session now sits at {@code targetStepId} of version {@code targetVersion}.
   *
   * @param targetStepId the step id in the target version
   * @param targetVersion the version
   * @param reason why it moved: the class of the migration applied, a relocation or a rollback
   * @param userMessage a message for the customer, or {@code null} for a silent teleport
   * @param effectId the id of the obligation it hands over ({@link Outcome#effectId()}), or {@code null}
   */
  record Teleport(String targetStepId, int targetVersion, TeleportReason reason, String userMessage, String effectId)
      implements Outcome {
    /** Validates the components. */
    public Teleport {
      requireNonNull(targetStepId, "targetStepId");
      requireNonNull(reason, "reason");
    }

    /** A teleport that owes the host nothing. */
    public Teleport(String targetStepId, int targetVersion, TeleportReason reason, String userMessage) {
      this(targetStepId, targetVersion, reason, userMessage, null);
    }

    @Override
    public Kind kind() {
      return Kind.TELEPORT;
    }
  }

  /**
   * Ask the customer for these fields, then set them as session variables; the next message retries the migration.
   *
   * @param fields the missing field names
   * @param prompt a prompt for the customer
   * @param requested the fields as the scenario declares them, in the order of {@code fields}: each with its type
   *     (for example an integer, or one of an enumeration's values) and extraction hint, so the host knows what to ask
   *     for and what it may store
   */
  record Collect(List<String> fields, String prompt, List<CollectedField> requested) implements Outcome {
    /** Copies the lists; {@code requested} defaults to untyped required fields of the given names. */
    public Collect {
      fields = ImmutableList.copyOf(fields);
      if (requested == null || requested.isEmpty()) {
        ImmutableList.Builder<CollectedField> b = ImmutableList.builder();
        for (String f : fields) {
          b.add(CollectedField.required(f));
        }
        requested = b.build();
      } else {
        requested = ImmutableList.copyOf(requested);
      }
    }

    /** Fields with no declared type. */
    public Collect(List<String> fields, String prompt) {
      this(fields, prompt, List.of());
    }

    @Override
    public Kind kind() {
      return Kind.COLLECT;
    }
  }

  /**
   * Ask the customer to confirm an extracted value; on confirmation set it as a session variable.
   *
   * @param field the field
   * @param value the extracted value, converted to the field's declared type
   * @param confidence the extractor's confidence
   * @param prompt a prompt for the customer
   * @param type the field's declared type ({@link FieldType#ANY} when none)
   */
  record Confirm(String field, Object value, double confidence, String prompt, FieldType type) implements Outcome {
    /** Validates the components. */
    public Confirm {
      requireNonNull(field, "field");
      type = type == null ? FieldType.ANY : type;
    }

    /** A confirmation of a field with no declared type. */
    public Confirm(String field, Object value, double confidence, String prompt) {
      this(field, value, confidence, prompt, FieldType.ANY);
    }

    @Override
    public Kind kind() {
      return Kind.CONFIRM;
    }
  }

  /**
   * The session was migrated to {@code targetStepId}; before continuing, run the required actions of these inserted
   * steps (ids in the target version, in path order).
   *
   * @param stepIds the steps whose actions to run
   * @param targetStepId where the session now sits
   * @param targetVersion the version
   * @param effectId the id of the obligation it hands over ({@link Outcome#effectId()}), or {@code null}
   */
  record ExecuteActions(List<String> stepIds, String targetStepId, int targetVersion, String effectId)
      implements Outcome {
    /** Copies the list. */
    public ExecuteActions {
      stepIds = ImmutableList.copyOf(stepIds);
    }

    /** Actions with no effect id. */
    public ExecuteActions(List<String> stepIds, String targetStepId, int targetVersion) {
      this(stepIds, targetStepId, targetVersion, null);
    }

    @Override
    public Kind kind() {
      return Kind.EXECUTE_ACTIONS;
    }
  }

  /**
   * The session cannot be placed in the current version; end the scenario with this message.
   *
   * @param message the message for the customer
   * @param effectId the id of the obligation it hands over ({@link Outcome#effectId()}), or {@code null}
   */
  record ExitScenario(String message, String effectId) implements Outcome {
    /** An exit with no effect id. */
    public ExitScenario(String message) {
      this(message, null);
    }

    @Override
    public Kind kind() {
      return Kind.EXIT_SCENARIO;
    }
  }

  /** Why a {@link Teleport} moved the session, with the JSON names the journal and owed effects use. */
  enum TeleportReason {
    /** A clean graft: the anchor's upstream is unchanged. */
    CLEAN_GRAFT,
    /** A gap fill: new upstream steps collected data the session gave now or already had. */
    GAP_FILL,
    /** A re-route: a new upstream fork sent the session to another branch. */
    RE_ROUTE,
    /** A relocation: no anchor took the session (a deleted step, no plan, a broken chain). */
    RELOCATION,
    /** A rollback restored the session to where the rolled-back plan found it. */
    ROLLBACK,
    /** An operator moved the session ({@link MigrationOperations#moveSession}). */
    OPERATOR_MOVE;

    private final String jsonName = name().toLowerCase(Locale.ROOT);

    /**
     * The JSON name: {@code clean_graft}, {@code gap_fill}, {@code re_route}, {@code relocation}, {@code rollback},
     * {@code operator_move}.
     */
    public String jsonName() {
      return jsonName;
    }

    /** The reason of a JSON name; throws {@link IllegalArgumentException} naming an unknown one. */
    public static TeleportReason fromJson(String name) {
      for (TeleportReason r : values()) {
        if (r.jsonName.equals(name)) {
          return r;
        }
      }
      throw new IllegalArgumentException("unknown teleport reason '" + name + "'");
    }
  }
}
