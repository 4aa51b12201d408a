package org.scenariomigration.jdbc;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import org.scenariomigration.spi.PendingMigration;
import org.scenariomigration.spi.StepVisit;

/**
 * The JSON text of history lists, variable maps and markers that a session store read or wrote lately, by the
 * identity of the (immutable) object: a session read, migrated and written back keeps the very list and map it was
 * read with wherever they did not change, and its update and journal record then reuse their text instead of
 * writing it again (a migration writes the history and variables three times: the row, and the journal's before and
 * after). Only immutable objects are remembered: histories and markers are, and variable maps are when their values
 * are (see {@link #variables}). A direct-mapped table of {@value #SLOTS} slots: a slot holds the last object hashed to it, so at most that
 * many objects and texts are kept reachable. Thread-safe without locks: an entry is immutable, and a racy read at
 * worst misses.
 */
final class JsonTexts {
  static final int SLOTS = 1024;

  private record Entry(Object value, String json) {}

  private final Entry[] slots = new Entry[SLOTS];

  /** The text last remembered for this very object, or {@code null}. */
  String known(Object value) {
    Entry e = slots[slot(value)];
    return e != null && e.value == value ? e.json : null;
  }

  /** Remembers {@code json} as the text of {@code value} (which must be immutable) and returns it. */
  String remember(Object value, String json) {
    slots[slot(value)] = new Entry(value, json);
    return json;
  }

  private static int slot(Object value) {
    return System.identityHashCode(value) & (SLOTS - 1);
  }

  /**
   * The history's JSON: remembered, or written and remembered when the list is a Guava immutable list (as every
   * {@link org.scenariomigration.spi.SessionState} history is).
   */
  String history(List<StepVisit> history) {
    if (history.isEmpty()) {
      return "[]";
    }
    String s = known(history);
    if (s != null) {
      return s;
    }
    s = JsonCodec.history(history);
    return history instanceof ImmutableList ? remember(history, s) : s;
  }

  /**
   * The variables' JSON: remembered, or written and remembered when every value is immutable (a string, a boxed
   * number or a boolean). A list or map value could change inside the same map, so such maps are written each time.
   * Callers pass a {@link org.scenariomigration.spi.SessionState}'s variables, which are its own copy (an immutable
   * map, or an unmodifiable view of a map only it holds), never a view of a map someone else can change, and
   * {@linkplain org.scenariomigration.spi.VariableValues#normalize(org.scenariomigration.spi.SessionState) normalised}
   * already.
   */
  String variables(Map<String, Object> variables) {
    if (variables.isEmpty()) {
      return "{}";
    }
    String s = known(variables);
    if (s != null) {
      return s;
    }
    s = JsonCodec.normalVariables(variables);
    return flat(variables) ? remember(variables, s) : s;
  }

  /** Whether every value is a string, a boxed number, a boolean or null. */
  static boolean flat(Map<String, Object> variables) {
    for (Object v : variables.values()) {
      // exact classes: BigInteger and BigDecimal are not final, and a subclass could be mutable
      Class<?> c = v == null ? null : v.getClass();
      if (!(c == null || c == String.class || c == Integer.class || c == Long.class || c == Double.class
          || c == Boolean.class || c == java.math.BigInteger.class || c == java.math.BigDecimal.class
          || c == Short.class || c == Byte.class || c == Float.class)) {
        return false;
      }
    }
    return true;
  }

  /** The marker's JSON ({@code null} for none): remembered, or written and remembered. */
  String pending(PendingMigration marker) {
    if (marker == null) {
      return null;
    }
    String s = known(marker);
    return s != null ? s : remember(marker, JsonCodec.pending(marker));
  }

  /** Reads a history and remembers the text it came from. */
  List<StepVisit> readHistory(String json) {
    List<StepVisit> h = JsonCodec.readHistory(json);
    if (!h.isEmpty()) {
      remember(h, json);
    }
    return h;
  }

  /** Reads variables and remembers the text they came from. */
  Map<String, Object> readVariables(String json) {
    Map<String, Object> v = JsonCodec.readVariables(json);
    if (!v.isEmpty() && v instanceof ImmutableMap && flat(v)) {
      remember(v, json);
    }
    return v;
  }

  /** The last marker text read and its marker: sessions marked together share one marker text. */
  private volatile Entry lastPending;

  /**
   * Reads a marker; the same text as the last one read gives the same (immutable) marker without parsing it again,
   * as the sessions of one anchor all carry the text their marking wrote.
   */
  PendingMigration readPending(String json) {
    if (json == null) {
      return null;
    }
    Entry last = lastPending;
    if (last != null && last.json.equals(json)) {
      return (PendingMigration) last.value;
    }
    PendingMigration p = JsonCodec.readPending(json);
    if (p != null) {
      lastPending = new Entry(p, json);
      remember(p, json);
    }
    return p;
  }
}
