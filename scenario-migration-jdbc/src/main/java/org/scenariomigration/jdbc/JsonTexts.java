package org.scenariomigration.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;

/**
 * The JSON text of history lists, variable maps and markers that a session store read or wrote lately, by the
 * identity of the (immutable) object: a session read, migrated and written back keeps the very list and map it was
 * read with wherever they did not change, and its update and journal record then reuse their text instead of
 * writing it again (a migration writes the after state's history and variables into the row; its journal record copies
 * in the before state's texts as they were read, and holds of the after state only its change). Only immutable objects
 * are remembered: histories and markers are, and variable maps are when their values are (see {@link #variables}).
 *
 * <p>Bounded in bytes whatever the sizes of histories or variables: a Caffeine cache with weak keys (compared by
 * identity: it never keeps a history, a map or a marker reachable; an entry goes when its object does) whose texts
 * weigh twice their length plus {@value #ENTRY_BYTES} bytes, at most {@value #MAX_BYTES} bytes in all; a text heavier
 * than {@value #MAX_ENTRY_BYTES} bytes is not remembered (a long history is written again rather than crowd out the
 * others). Thread-safe.
 */
final class JsonTexts {
  /** The most the remembered texts weigh together, in estimated bytes. */
  static final long MAX_BYTES = 8L << 20;
  /** The heaviest text remembered, in estimated bytes. */
  static final long MAX_ENTRY_BYTES = 1L << 20;
  /** What an entry costs besides its text (its node, weak reference and string header), estimated. */
  static final int ENTRY_BYTES = 96;

  private record Entry(Object value, String json) {}

  private final Cache<Object, String> texts = Caffeine.newBuilder().executor(Runnable::run).weakKeys()
      .maximumWeight(MAX_BYTES).<Object, String>weigher((k, json) -> weight(json)).build();

  static int weight(String json) {
    return (int) Math.min(Integer.MAX_VALUE, 2L * json.length() + ENTRY_BYTES);
  }

  /** The text last remembered for this very object, or {@code null}. */
  String known(Object value) {
    return texts.getIfPresent(value);
  }

  /** Remembers {@code json} as the text of {@code value} (which must be immutable) when it is light enough. */
  String remember(Object value, String json) {
    if (weight(json) <= MAX_ENTRY_BYTES) {
      texts.put(value, json);
    }
    return json;
  }

  /** The estimated bytes of the texts remembered now (for the tests). */
  long weight() {
    texts.cleanUp();
    return texts.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }

  /**
   * The history's JSON: remembered, or written and remembered when the list is a bounded history (as every
   * {@link SessionState} history is).
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
    // the bounded form is immutable: its text can be remembered
    return SessionState.boundedHistory(history) == history ? remember(history, s) : s;
  }

  /**
   * The variables' JSON: remembered, or written and remembered when every value is immutable (a string, a boxed
   * number or a boolean). A list or map value could change inside the same map, so such maps are written each time.
   * Callers pass a {@link org.scenariomigration.session.SessionState}'s variables, which are its own copy (an immutable
   * map, or an unmodifiable view of a map only it holds), never a view of a map someone else can change, and
   * {@linkplain org.scenariomigration.session.VariableValues#normalize(org.scenariomigration.session.SessionState) normalised}
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
    JsonCodec.HistoryText read = JsonCodec.readHistoryText(json); // one pass: no second scan of the text
    List<StepVisit> h = read.history();
    if (!h.isEmpty() && !read.legacy()) { // a legacy text is written anew in the bounded form
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

  /**
   * The last marker text read and its marker: sessions marked together share one marker text. One entry, no heavier
   * than {@link #MAX_ENTRY_BYTES}.
   */
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
    if (p != null && weight(json) <= MAX_ENTRY_BYTES) {
      lastPending = new Entry(p, json);
      remember(p, json);
    }
    return p;
  }
}
