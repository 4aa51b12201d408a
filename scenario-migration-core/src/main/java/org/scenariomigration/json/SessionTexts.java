package org.scenariomigration.json;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.collect.ImmutableMap;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.scenariomigration.session.PendingMigration;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.session.StepVisit;

/**
 * A store's memory of the JSON texts of the histories, variable maps and markers it read or wrote lately, by the
 * identity of the (immutable) object, for a store that keeps a session's parts in columns of their own and writes
 * journal records ({@link JournalJson#write(org.scenariomigration.spi.JournalRecord, JournalJson.Form,
 * SessionTexts)}). A session read, migrated and written back keeps the very list and map it was read with wherever
 * they did not change; its row update and its journal record then copy their text in instead of writing it again.
 * The texts are exactly what {@link SessionJson} writes, so a store reads the same with or without them. Only
 * immutable objects are remembered: histories and markers are, and variable maps are when their values are (see
 * {@link #variables}).
 *
 * <p>Bounded in bytes whatever the sizes of histories or variables: a Caffeine cache with weak keys (compared by
 * identity: it never keeps a history, a map or a marker reachable; an entry goes when its object does) whose texts
 * weigh twice their length plus {@value #ENTRY_BYTES} bytes, at most {@value #MAX_BYTES} bytes in all; a text heavier
 * than {@value #MAX_ENTRY_BYTES} bytes is not remembered. Thread-safe. One per store.
 */
public final class SessionTexts {
  /** The most the remembered texts weigh together, in estimated bytes. */
  public static final long MAX_BYTES = 8L << 20;
  /** The heaviest text remembered, in estimated bytes. */
  public static final long MAX_ENTRY_BYTES = 1L << 20;
  /** What an entry costs besides its text (its node, weak reference and string header), estimated. */
  public static final int ENTRY_BYTES = 96;

  private record Entry(Object value, String json) {}

  private final Cache<Object, String> texts = Caffeine.newBuilder().executor(Runnable::run).weakKeys()
      .maximumWeight(MAX_BYTES).<Object, String>weigher((k, json) -> weight(json)).build();

  /** The last marker text read and its marker: the sessions of one anchor share one marker text. */
  private volatile Entry lastPending;

  /** An empty memory. */
  public SessionTexts() {}

  static int weight(String json) {
    return (int) Math.min(Integer.MAX_VALUE, 2L * json.length() + ENTRY_BYTES);
  }

  /** The text last remembered for this very object, or {@code null}. */
  String known(Object value) {
    return texts.getIfPresent(value);
  }

  /** Remembers {@code json} as the text of {@code value} (which must be immutable) when it is light enough. */
  private String remember(Object value, String json) {
    if (weight(json) <= MAX_ENTRY_BYTES) {
      texts.put(value, json);
    }
    return json;
  }

  /** The estimated bytes of the texts remembered now. */
  long weight() {
    texts.cleanUp();
    return texts.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }

  /**
   * The history's text ({@link SessionJson#writeHistory}): remembered, or written and remembered when the list is a
   * bounded history (as every {@link SessionState} history is).
   */
  public String history(List<StepVisit> history) {
    if (history.isEmpty()) {
      return "[]";
    }
    String s = known(history);
    if (s != null) {
      return s;
    }
    s = SessionJson.writeHistory(history);
    // the bounded form is immutable: its text can be remembered
    return SessionState.boundedHistory(history) == history ? remember(history, s) : s;
  }

  /**
   * The variables' text ({@link SessionJson#writeVariables}): remembered, or written and remembered when every value
   * is immutable (a string, a boxed number or a boolean). A list or map value could change inside the same map, so
   * such maps are written each time. Pass a {@link SessionState}'s variables, which are its own copy and
   * {@linkplain org.scenariomigration.session.VariableValues#normalize(SessionState) normalised}, never a view of a
   * map someone else can change.
   */
  public String variables(Map<String, Object> variables) {
    if (variables.isEmpty()) {
      return "{}";
    }
    String s = known(variables);
    if (s != null) {
      return s;
    }
    s = SessionJson.writeNormalVariables(variables);
    return flat(variables) ? remember(variables, s) : s;
  }

  /** Whether every value is a string, a boxed number, a boolean or null. */
  static boolean flat(Map<String, Object> variables) {
    for (Object v : variables.values()) {
      // exact classes: BigInteger and BigDecimal are not final, and a subclass could be mutable
      Class<?> c = v == null ? null : v.getClass();
      if (!(c == null || c == String.class || c == Integer.class || c == Long.class || c == Double.class
          || c == Boolean.class || c == BigInteger.class || c == BigDecimal.class || c == Short.class
          || c == Byte.class || c == Float.class)) {
        return false;
      }
    }
    return true;
  }

  /** The marker's text ({@link SessionJson#writePending}; {@code null} for none): remembered, or written. */
  public String pending(PendingMigration marker) {
    if (marker == null) {
      return null;
    }
    String s = known(marker);
    return s != null ? s : remember(marker, SessionJson.writePending(marker));
  }

  /**
   * Reads a history ({@link SessionJson#readHistory}) and remembers the text it came from, unless it is of an older
   * version (the next write stores the bounded form).
   */
  public List<StepVisit> readHistory(String json) {
    HistoryJson.Read read = SessionJson.readHistoryText(json);
    List<StepVisit> h = read.history();
    if (!h.isEmpty() && !read.legacy()) {
      remember(h, json);
    }
    return h;
  }

  /** Reads variables ({@link SessionJson#readVariables}) and remembers the text they came from. */
  public Map<String, Object> readVariables(String json) {
    Map<String, Object> v = SessionJson.readVariables(json);
    if (!v.isEmpty() && v instanceof ImmutableMap && flat(v)) {
      remember(v, json);
    }
    return v;
  }

  /**
   * Reads a marker ({@link SessionJson#readPending}); the same text as the last one read gives the same (immutable)
   * marker without reading it again, as the sessions of one anchor all carry the text their marking wrote.
   */
  public PendingMigration readPending(String json) {
    if (json == null) {
      return null;
    }
    Entry last = lastPending;
    if (last != null && last.json.equals(json)) {
      return (PendingMigration) last.value;
    }
    PendingMigration p = SessionJson.readPending(json);
    if (p != null && weight(json) <= MAX_ENTRY_BYTES) {
      lastPending = new Entry(p, json);
      remember(p, json);
    }
    return p;
  }
}
