package org.scenariomigration.spi;

import org.scenariomigration.session.SessionState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a store erases a customer's values ({@link SessionStore#eraseCustomer}), the same way in every store: a session
 * loses its variables; a journal record loses the variables of its before and after states and the values of its
 * filled fields, and its warning no longer quotes any of those values. Ids, positions, histories, markers and times
 * stay: they are not the customer's values, and an erased session must stay consistent for the library.
 */
public final class CustomerErasure {
  /** What replaces an erased value quoted in a warning. */
  public static final String ERASED = "[erased]";

  private CustomerErasure() {}

  /** The session without its variables. */
  public static SessionState erase(SessionState s) {
    return s.variables().isEmpty() ? s : s.withVariablesReplaced(Map.of());
  }

  /** The record without the customer's values; the same instance when it holds none. */
  public static JournalRecord erase(JournalRecord r) {
    if (!holdsValues(r)) {
      return r;
    }
    // the longest first, so that a value inside another is not replaced first
    Set<String> quoted = new java.util.TreeSet<>(java.util.Comparator.comparingInt(String::length).reversed()
        .thenComparing(java.util.Comparator.naturalOrder()));
    texts(r.before().variables().values(), quoted);
    texts(r.after().variables().values(), quoted);
    List<FilledField> filled = new ArrayList<>(r.filledFields().size());
    for (FilledField f : r.filledFields()) {
      texts(java.util.Collections.singletonList(f.value()), quoted);
      filled.add(f.value() == null ? f : new FilledField(f.field(), null, f.source(), f.confidence()));
    }
    String warning = r.checkpointWarning();
    if (warning != null) {
      for (String q : quoted) {
        warning = warning.replace(q, ERASED);
      }
    }
    return new JournalRecord(r.id(), r.tenantId(), r.sessionId(), r.planId(), r.kind(), r.migrationScenario(),
        erase(r.before()), erase(r.after()), filled, r.askedFields(), warning, r.at());
  }

  /** Whether the record holds any of the customer's values. */
  public static boolean holdsValues(JournalRecord r) {
    if (!r.before().variables().isEmpty() || !r.after().variables().isEmpty()) {
      return true;
    }
    for (FilledField f : r.filledFields()) {
      if (f.value() != null) {
        return true;
      }
    }
    return false;
  }

  /** The texts of the scalar values inside {@code values} (two characters or more: shorter ones say nothing). */
  private static void texts(Collection<?> values, Set<String> out) {
    for (Object v : values) {
      if (v instanceof Map<?, ?> m) {
        texts(m.values(), out);
      } else if (v instanceof Collection<?> c) {
        texts(c, out);
      } else if (v != null && !(v instanceof Boolean)) {
        String t = v.toString();
        if (t.length() >= 2) {
          out.add(t);
        }
      }
    }
  }
}
