package org.scenariomigration.memory;

import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.DuplicateRecordException;
import org.scenariomigration.spi.JournalRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.spi.StoreFixtures.T0;
import static org.scenariomigration.spi.StoreFixtures.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The in-memory journal's indexes by session and by plan answer exactly what a scan of the tenant's journal in
 * insertion order answers (the records, by id: the store keeps them with normalised variables), for random sequences of commits over sessions, plans (or none), tenants, and record ids
 * that repeat (a repeated id is rejected and appears nowhere).
 */
class InMemoryJournalProperties {

  /** One commit: tenant, session and plan numbers (plan -1: none), and a record id number. */
  record Commit(int tenant, int session, int plan, int id) {}

  @Provide
  Arbitrary<List<Commit>> commits() {
    Arbitrary<Commit> c = Combinators.combine(Arbitraries.integers().between(0, 1),
        Arbitraries.integers().between(0, 7), Arbitraries.integers().between(-1, 3),
        Arbitraries.integers().between(0, 40)).as(Commit::new);
    return c.list().ofMinSize(0).ofMaxSize(80);
  }

  @Property(tries = 300)
  void reads_by_session_and_plan_equal_a_scan_in_insertion_order(@ForAll("commits") List<Commit> commits) {
    InMemorySessionStore store = new InMemorySessionStore();
    Map<String, SessionState> current = new HashMap<>();
    List<JournalRecord> accepted = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int duplicates = 0;
    for (Commit c : commits) {
      String tenant = "t" + c.tenant();
      String sessionId = "s" + c.session();
      SessionState s = current.computeIfAbsent(tenant + "/" + sessionId,
          k -> store.insert(session(tenant, sessionId, "checkout")));
      SessionState after = s.withVariables(Map.of("n", (long) accepted.size()));
      String id = tenant + "-r" + c.id();
      JournalRecord r = new JournalRecord(id, tenant, sessionId, c.plan() < 0 ? null : "p" + c.plan(),
          JournalRecord.Kind.MIGRATED, null, s, after, null, null, null, T0);
      if (ids.add(id)) {
        current.put(tenant + "/" + sessionId, store.commit(after, s.revision(), r));
        accepted.add(r);
      } else {
        duplicates++;
        assertThatThrownBy(() -> store.commit(after, s.revision(), r)).isInstanceOf(DuplicateRecordException.class);
        assertThat(store.find(tenant, sessionId)).contains(s);
      }
    }
    for (int t = 0; t <= 2; t++) {
      String tenant = "t" + t;
      for (int k = 0; k <= 8; k++) {
        String sessionId = "s" + k;
        assertThat(store.forSession(tenant, sessionId)).extracting(JournalRecord::id).containsExactlyElementsOf(
            accepted.stream().filter(r -> r.tenantId().equals(tenant) && r.sessionId().equals(sessionId))
                .map(JournalRecord::id).toList());
      }
      for (int p = 0; p <= 4; p++) {
        String planId = "p" + p;
        assertThat(store.forPlan(tenant, planId)).extracting(JournalRecord::id).containsExactlyElementsOf(
            accepted.stream().filter(r -> r.tenantId().equals(tenant) && planId.equals(r.planId()))
                .map(JournalRecord::id).toList());
      }
    }
    Statistics.label("duplicate ids").collect(duplicates > 0);
    Statistics.label("duplicate ids").coverage(c -> c.check(true).percentage(p -> p >= 20));
  }
}
