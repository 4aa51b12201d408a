package org.scenariomigration.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scenariomigration.InvalidIdException;

/**
 * The contract every {@link VisitLog} must pass. Extend it and implement {@link #newLog()}; each call must return an
 * empty log.
 */
public abstract class VisitLogContract {
  /** An instant with nanoseconds, which every log must give back exactly. */
  protected static final Instant T0 = Instant.parse("2025-03-04T10:00:00.123456789Z");

  /** A fresh, empty log. */
  protected abstract VisitLog newLog();

  protected VisitLog log;

  @BeforeEach
  public void setUpLog() {
    log = newLog();
  }

  private static LoggedVisit visit(long ordinal, String step, Instant at) {
    return new LoggedVisit(ordinal, "c1", step, "Step " + step + " \u00e9\ud83d\ude00 'quoted'", "hash-" + step, 3,
        at);
  }

  private List<LoggedVisit> all(String tenant, String session) {
    List<LoggedVisit> out = new ArrayList<>();
    long after = -1;
    while (true) {
      VisitPage page = log.visits(tenant, session, after, 2);
      out.addAll(page.visits());
      after = page.nextAfter(after);
      if (!page.more()) {
        return out;
      }
    }
  }

  @Test
  public void appended_visits_read_back_exactly_oldest_first_page_by_page() {
    List<LoggedVisit> visits = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      visits.add(visit(i, i % 2 == 0 ? "confirm" : "checkout", T0.plus(Duration.ofMinutes(i))));
    }
    log.append("t1", "s1", visits.get(2));
    log.append("t1", "s1", visits.get(0)); // ordinals may arrive out of order
    log.append("t1", "s1", visits.get(1));
    log.append("t1", "s1", visits.get(4));
    log.append("t1", "s1", visits.get(3));

    VisitPage first = log.visits("t1", "s1", -1, 2);
    assertThat(first.visits()).containsExactly(visits.get(0), visits.get(1));
    assertThat(first.more()).isTrue();
    VisitPage second = log.visits("t1", "s1", first.nextAfter(-1), 2);
    assertThat(second.visits()).containsExactly(visits.get(2), visits.get(3));
    VisitPage last = log.visits("t1", "s1", second.nextAfter(1), 2);
    assertThat(last.visits()).containsExactly(visits.get(4));
    assertThat(last.more()).isFalse();
    assertThat(log.visits("t1", "s1", 4, 10)).isEqualTo(new VisitPage(List.of(), false));
    assertThat(log.visits("t1", "s1", -1, 5).more()).isFalse();
    assertThat(log.visits("t1", "s1", -1, 5).visits().get(0).visitedAt()).isEqualTo(T0);
    assertThat(log.visits("t1", "other", -1, 5).visits()).isEmpty();
  }

  @Test
  public void the_same_visit_again_is_a_retried_write_and_changes_nothing() {
    LoggedVisit v = visit(0, "welcome", T0);
    log.append("t1", "s1", v);

    log.append("t1", "s1", new LoggedVisit(0, "c1", "welcome", v.stepName(), v.contentHash(), 3, T0));

    assertThat(all("t1", "s1")).containsExactly(v);
  }

  @Test
  public void another_visit_under_a_stored_ordinal_is_refused_naming_both_and_leaves_the_log_as_it_was() {
    LoggedVisit v = visit(0, "welcome", T0);
    log.append("t1", "s1", v);

    for (LoggedVisit other : List.of(visit(0, "checkout", T0), visit(0, "welcome", T0.plusNanos(1)),
        new LoggedVisit(0, "c1", "welcome", v.stepName(), v.contentHash(), 4, T0),
        new LoggedVisit(0, "c2", "welcome", v.stepName(), v.contentHash(), 3, T0))) {
      assertThatThrownBy(() -> log.append("t1", "s1", other)).isInstanceOf(VisitConflictException.class)
          .isInstanceOf(DuplicateRecordException.class).hasMessageContaining("'s1'").hasMessageContaining("'t1'")
          .hasMessageContaining("visit 0").hasMessageContaining(other.toString())
          .isInstanceOfSatisfying(VisitConflictException.class, e -> {
            assertThat(e.tenantId()).isEqualTo("t1");
            assertThat(e.sessionId()).isEqualTo("s1");
            assertThat(e.recordKind()).isEqualTo("visit");
            assertThat(e.ordinal()).isZero();
            assertThat(e.stored()).isEqualTo(v);
            assertThat(e.offered()).isEqualTo(other);
          });
    }
    assertThat(all("t1", "s1")).containsExactly(v);
  }

  @Test
  public void look_alike_tenants_and_sessions_never_mix() {
    List<String> tenants = List.of("t1", "T1", "t1\u00e9", "t1e\u0301", "\uff54\uff11");
    for (int i = 0; i < tenants.size(); i++) {
      log.append(tenants.get(i), "s1", visit(0, "step-" + i, T0.plusSeconds(i)));
      log.append("t1", tenants.get(i), visit(0, "session-" + i, T0.plusSeconds(i)));
    }
    for (int i = 0; i < tenants.size(); i++) {
      assertThat(all(tenants.get(i), "s1")).extracting(LoggedVisit::stepId).containsExactly("step-" + i);
      assertThat(all("t1", tenants.get(i))).extracting(LoggedVisit::stepId).containsExactly("session-" + i);
    }

    assertThat(log.deleteSession("T1", "s1")).isEqualTo(1);
    assertThat(log.deleteCustomer("t1\u00e9", "c1")).isEqualTo(1);
    assertThat(log.deleteOlderThan("t1e\u0301", T0.plusSeconds(100), 10)).isEqualTo(1);

    assertThat(all("t1", "s1")).hasSize(1);
    assertThat(all("\uff54\uff11", "s1")).hasSize(1);
    assertThat(all("t1", "T1")).hasSize(1);
    assertThat(all("T1", "s1")).isEmpty();
  }

  @Test
  public void an_id_outside_the_grammar_is_refused_on_append_and_finds_nothing_on_a_read() {
    log.append("t1", "s1", visit(0, "welcome", T0));

    for (String bad : List.of("t1 ", " t1", "", "t1\u0000", "t\ud800")) {
      assertThatThrownBy(() -> log.append(bad, "s1", visit(1, "welcome", T0)))
          .isInstanceOf(InvalidIdException.class);
      assertThatThrownBy(() -> log.append("t1", bad, visit(1, "welcome", T0)))
          .isInstanceOf(InvalidIdException.class);
      assertThat(log.visits(bad, "s1", -1, 10).visits()).isEmpty();
      assertThat(log.visits("t1", bad, -1, 10).visits()).isEmpty();
      assertThat(log.deleteSession(bad, "s1")).isZero();
      assertThat(log.deleteSessions("t1", List.of(bad))).isZero();
      assertThat(log.deleteCustomer("t1", bad)).isZero();
      assertThat(log.deleteOlderThan(bad, T0.plusSeconds(1), 10)).isZero();
    }
    assertThat(all("t1", "s1")).extracting(LoggedVisit::ordinal).containsExactly(0L);
  }

  @Test
  public void arguments_out_of_range_are_refused_naming_the_value() {
    assertThatThrownBy(() -> visit(-1, "welcome", T0)).isInstanceOf(InvalidVisitLogRequestException.class)
        .hasMessageContaining("ordinal").hasMessageContaining("-1")
        .isInstanceOfSatisfying(InvalidVisitLogRequestException.class, e -> {
          assertThat(e.argument()).isEqualTo("ordinal");
          assertThat(e.value()).isEqualTo(-1);
        });
    assertThatThrownBy(() -> new LoggedVisit(0, "c1", "welcome", "", "h", 0, T0))
        .isInstanceOf(InvalidVisitLogRequestException.class).hasMessageContaining("version")
        .hasMessageContaining("0")
        .isInstanceOfSatisfying(InvalidVisitLogRequestException.class, e -> {
          assertThat(e.argument()).isEqualTo("version");
          assertThat(e.value()).isZero();
        });
    assertThatThrownBy(() -> new LoggedVisit(0, "c1", "welcome ", "", "h", 1, T0))
        .isInstanceOf(InvalidIdException.class);
    assertThatThrownBy(() -> log.visits("t1", "s1", -1, 0)).isInstanceOf(InvalidVisitLogRequestException.class)
        .hasMessageContaining("limit").hasMessageContaining("0")
        .isInstanceOfSatisfying(InvalidVisitLogRequestException.class, e -> {
          assertThat(e.argument()).isEqualTo("limit");
          assertThat(e.value()).isZero();
        });
    assertThatThrownBy(() -> log.visits("t1", "s1", -2, 10)).isInstanceOf(InvalidVisitLogRequestException.class)
        .hasMessageContaining("afterOrdinal").hasMessageContaining("-2")
        .isInstanceOfSatisfying(InvalidVisitLogRequestException.class, e -> {
          assertThat(e.argument()).isEqualTo("afterOrdinal");
          assertThat(e.value()).isEqualTo(-2);
        });
    assertThatThrownBy(() -> log.deleteOlderThan("t1", T0, -5)).isInstanceOf(InvalidVisitLogRequestException.class)
        .hasMessageContaining("-5");
    assertThatThrownBy(() -> log.append("t1", "s1", null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("visit");
  }

  /** When the visits of the tenant's sessions s0 to s2 left there were made. */
  private List<Instant> left(String tenant) {
    List<Instant> left = new ArrayList<>();
    for (String s : List.of("s0", "s1", "s2")) {
      all(tenant, s).forEach(v -> left.add(v.visitedAt()));
    }
    return left;
  }

  @Test
  public void retention_deletes_the_tenants_oldest_visits_page_by_page_and_nothing_newer() {
    for (int i = 0; i < 7; i++) {
      log.append("t1", "s" + (i % 3), visit(i / 3, "step", T0.plus(Duration.ofDays(i))));
    }
    log.append("t2", "s0", visit(0, "step", T0));
    Instant cutoff = T0.plus(Duration.ofDays(5)); // days 0..4 are older

    assertThat(log.deleteOlderThan("t1", cutoff, 2)).isEqualTo(2);
    assertThat(left("t1")).as("the oldest first: days 0 and 1").doesNotContain(T0, T0.plus(Duration.ofDays(1)))
        .contains(T0.plus(Duration.ofDays(2)));
    assertThat(log.deleteOlderThan("t1", cutoff, 2)).isEqualTo(2);
    assertThat(log.deleteOlderThan("t1", cutoff, 2)).isEqualTo(1);
    assertThat(log.deleteOlderThan("t1", cutoff, 2)).isZero();

    assertThat(left("t1")).containsExactlyInAnyOrder(T0.plus(Duration.ofDays(5)), T0.plus(Duration.ofDays(6)));
    assertThat(all("t2", "s0")).hasSize(1);
    // exactly at the cutoff is not older
    assertThat(log.deleteOlderThan("t1", T0.plus(Duration.ofDays(5)), 10)).isZero();
  }

  @Test
  public void erasure_and_session_deletes_remove_exactly_their_rows() {
    log.append("t1", "s1", visit(0, "a", T0));
    log.append("t1", "s1", visit(1, "b", T0));
    log.append("t1", "s2", new LoggedVisit(0, "c2", "a", "", "h", 1, T0));
    log.append("t1", "s3", visit(0, "a", T0));
    log.append("t2", "s1", visit(0, "a", T0));

    assertThat(log.deleteCustomer("t1", "c1")).isEqualTo(3);
    assertThat(log.deleteCustomer("t1", "c1")).isZero();
    assertThat(all("t1", "s1")).isEmpty();
    assertThat(all("t1", "s2")).hasSize(1);
    assertThat(all("t2", "s1")).hasSize(1);

    assertThat(log.deleteSessions("t1", List.of("s2", "s3", "s4"))).isEqualTo(1);
    assertThat(all("t1", "s2")).isEmpty();
    assertThat(log.deleteSessions("t1", List.of())).isZero();
    assertThat(all("t2", "s1")).hasSize(1);
    // a session's log may start again after its rows were deleted
    log.append("t1", "s1", visit(2, "c", T0));
    assertThat(all("t1", "s1")).extracting(LoggedVisit::ordinal).containsExactly(2L);
  }
}
