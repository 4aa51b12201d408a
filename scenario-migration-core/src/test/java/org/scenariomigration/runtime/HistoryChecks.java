package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;

/** Checks on bounded histories that the properties share. */
final class HistoryChecks {
  private HistoryChecks() {}

  /**
   * Nothing of {@code before}'s history is lost in {@code after}: as many visits or more, and every step it visited
   * still there with the same first visit and at least as many visits.
   */
  static void assertHistoryKept(SessionState before, SessionState after, String what) {
    assertThat(after.visitCount()).as("visits of %s", what).isGreaterThanOrEqualTo(before.visitCount());
    for (StepVisit b : before.history()) {
      StepVisit a = after.history().stream().filter(b::sameStep).findFirst().orElse(null);
      assertThat(a).as("entry of step %s in the history of %s", b.stepId(), what).isNotNull();
      assertThat(a.firstVisit()).as("first visit of %s in %s", b.stepId(), what).isEqualTo(b.firstVisit());
      assertThat(a.firstVisitedAt()).as("first visit time of %s in %s", b.stepId(), what)
          .isEqualTo(b.firstVisitedAt());
      assertThat(a.visits()).as("visits of %s in %s", b.stepId(), what).isGreaterThanOrEqualTo(b.visits());
      assertThat(a.lastVisit()).as("last visit of %s in %s", b.stepId(), what).isGreaterThanOrEqualTo(b.lastVisit());
      assertThat(a.cameFrom()).as("came-from of %s in %s", b.stepId(), what).containsAll(b.cameFrom());
    }
  }

  /** {@code after} is {@code before} with exactly one more visit, of step {@code stepId}. */
  static void assertOneMoreVisit(SessionState before, SessionState after, String stepId, String what) {
    assertHistoryKept(before, after, what);
    assertThat(after.visitCount()).as("visits of %s", what).isEqualTo(before.visitCount() + 1);
    StepVisit last = after.history().get(after.history().size() - 1);
    assertThat(last.stepId()).as("last visit of %s", what).isEqualTo(stepId);
    assertThat(last.lastVisit()).as("number of the last visit of %s", what).isEqualTo(before.visitCount());
  }

  /**
   * Whether session {@code last} visited a checkpoint after it arrived by the migration that left it as
   * {@code migrated}: reaching a checkpoint by a migration is not passing it, so the arrival counts only once the
   * session moved on.
   */
  static boolean checkpointVisitedSince(SessionState last, SessionState migrated) {
    long arrival = migrated.visitCount() - 1;
    return last.visitCount() > migrated.visitCount()
        && last.history().stream().anyMatch(v -> v.checkpoint() && v.lastVisit() >= arrival);
  }
}
