package org.scenariomigration.runtime;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.util.List;
import java.util.Map;

/**
 * Progress and result of an eager batch migration: cumulative counts, and the outcome of every session of the last
 * page. A migration made by the batch owes the host what a message would have told it (the new position, the
 * re-route notification, the required actions to run, the exit message): it is stored with the session and offered by
 * each of the session's {@code reconcile}s, under the outcome's {@link Outcome#effectId()}, until the host retires it
 * ({@link ScenarioMigration#acknowledge}, {@link ScenarioMigration#advance}), so a host need not act on the page;
 * {@link #needsHost()} names the sessions it may want to reach before their next message.
 *
 * @param planId the plan
 * @param processed sessions looked at so far
 * @param migrated sessions migrated or relocated
 * @param blocked sessions whose teleport a checkpoint blocked
 * @param awaitingCustomer sessions that need the customer ({@code collect} or {@code confirm}) and stay marked
 * @param other sessions pinned, exited, or already migrated by a concurrent message
 * @param batches batches done
 * @param byOutcome sessions per outcome so far, by key: {@code teleport:<reason>} ({@code clean_graft},
 *     {@code gap_fill}, {@code re_route}, {@code relocation}), {@code execute_actions}, {@code exit_scenario},
 *     {@code collect}, {@code confirm}, {@code checkpoint_blocked} and {@code continue}; sorted by key
 * @param page the outcome of each session of the last page, in page order
 */
public record BatchReport(String planId, long processed, long migrated, long blocked, long awaitingCustomer,
    long other, int batches, Map<String, Long> byOutcome, List<Item> page) {

  /** Copies the collections. */
  public BatchReport {
    requireNonNull(planId, "planId");
    byOutcome = byOutcome == null ? Map.of() : ImmutableSortedMap.copyOf(byOutcome);
    page = page == null ? List.of() : ImmutableList.copyOf(page);
  }

  /** A report without per-outcome counts and page. */
  public BatchReport(String planId, long processed, long migrated, long blocked, long awaitingCustomer, long other,
      int batches) {
    this(planId, processed, migrated, blocked, awaitingCustomer, other, batches, Map.of(), List.of());
  }

  /**
   * The sessions of the last page the host may want to reach before their next message: those owed a message or an
   * action (a re-route notification, required actions, an exit), and those waiting for the customer's answer.
   */
  public List<Item> needsHost() {
    ImmutableList.Builder<Item> b = ImmutableList.builder();
    for (Item i : page) {
      Outcome o = i.outcome();
      boolean owes = o instanceof Outcome.ExecuteActions || o instanceof Outcome.ExitScenario
          || (o instanceof Outcome.Teleport t && t.userMessage() != null);
      if (owes || o instanceof Outcome.Collect || o instanceof Outcome.Confirm) {
        b.add(i);
      }
    }
    return b.build();
  }

  /** The key under which {@link #byOutcome} counts an outcome. */
  static String key(Outcome o) {
    if (o instanceof Outcome.Teleport t) {
      return "teleport:" + t.reason().jsonName();
    }
    return o.kind().jsonName();
  }

  /**
   * One session of a page and what the batch did with it.
   *
   * @param sessionId the session
   * @param outcome what its reconcile answered; for a move, what its next message will be told
   */
  public record Item(String sessionId, Outcome outcome) {
    /** Validates the components. */
    public Item {
      requireNonNull(sessionId, "sessionId");
      requireNonNull(outcome, "outcome");
    }
  }
}
