package org.scenariomigration.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Transition;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.SessionStore;
import org.scenariomigration.session.StepVisit;

/**
 * Reusable jqwik generators of sessions and customer profiles that fit a scenario version (typically one from
 * {@code ScenarioGenerators}).
 *
 * <p>A session's history is a random walk from the start step that follows transitions, choosing among a step's
 * transitions at random (conditions are ignored, as a host may have taken any branch); the last step of the walk is the
 * current step, and every step of the walk, checkpoints included, is in the history. Sessions get a random channel,
 * age (0 to 60 days) and variables: the fields {@code f0..f5} that the generated conditions read (integers 0 to 9, so
 * some satisfy a fork's condition and some do not, now and then a string that makes a condition fail), most fields the
 * walk collected, and unrelated variables (a string and a nested map). {@link Profiles} holds random profile fields for
 * the same field names, some expired, some without a value.
 *
 * <p>Everything is a pure function of a {@code long} seed and small sizes, so values are deterministic and shrink
 * towards short walks and few sessions.
 */
public final class SessionGenerators {
  /** The channels sessions come from. */
  public static final List<String> CHANNELS = List.of("whatsapp", "web", "sms", "email");
  /** The field names the generated scenarios collect and their conditions read. */
  public static final List<String> FIELDS = List.of("f0", "f1", "f2", "f3", "f4", "f5");
  /** The longest walk. */
  public static final int MAX_WALK = 12;

  private SessionGenerators() {}

  /**
   * A session to be: its identity, channel, age, the walk that makes its history and its variables.
   *
   * @param sessionId the session id
   * @param customerId the customer id
   * @param channel the channel
   * @param ageMinutes how long before "now" the session started
   * @param walk the step ids visited, from the start step; the last one is the current step
   * @param variables the session variables
   */
  public record SessionSpec(String sessionId, String customerId, String channel, long ageMinutes, List<String> walk,
      Map<String, Object> variables) {
    /** Copies the collections. */
    public SessionSpec {
      walk = List.copyOf(walk);
      variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** The current step: the last of the walk. */
    public String currentStepId() {
      return walk.get(walk.size() - 1);
    }

    /** The session's age in days (rounded down). */
    public long ageDays() {
      return ageMinutes / (24 * 60);
    }

    /** The state of this session on version {@code v} of tenant {@code tenantId} at {@code now} (revision 0). */
    public SessionState toState(String tenantId, ScenarioVersion v, Instant now) {
      Instant created = now.minus(Duration.ofMinutes(ageMinutes));
      List<StepVisit> history = new ArrayList<>();
      for (int i = 0; i < walk.size(); i++) {
        // visits are spread evenly between the start of the session and now (inclusive)
        long at = walk.size() == 1 ? 0 : ageMinutes * 60 * i / (walk.size() - 1);
        history.add(StepVisit.of(v.requireStep(walk.get(i)), created.plusSeconds(at)));
      }
      return SessionState.builder().tenantId(tenantId).sessionId(sessionId).customerId(customerId).channel(channel)
          .createdAt(created).scenarioId(v.scenarioId()).version(v.version()).scenarioChecksum(v.checksum())
          .currentStepId(currentStepId()).history(history).variables(variables).build();
    }

    /** Inserts this session into {@code store}; returns the stored state. */
    public SessionState insert(SessionStore store, String tenantId, ScenarioVersion v, Instant now) {
      return store.insert(toState(tenantId, v, now));
    }

    /** Whether a checkpoint is on the walk. */
    public boolean passedCheckpoint(ScenarioVersion v) {
      return walk.stream().anyMatch(id -> v.requireStep(id).checkpoint());
    }
  }

  /**
   * A random walk from the start step following transitions; at most {@code maxLength} steps, fewer when it reaches a
   * step without transitions.
   */
  public static List<String> walk(ScenarioVersion v, Random r, int maxLength) {
    List<String> out = new ArrayList<>();
    String at = v.startStepId();
    out.add(at);
    while (out.size() < maxLength) {
      List<Transition> ts = v.requireStep(at).transitions();
      if (ts.isEmpty()) {
        break;
      }
      at = ts.get(r.nextInt(ts.size())).toStepId();
      out.add(at);
    }
    return out;
  }

  /** The session {@code sessionId} on {@code v}, with a walk of at most {@code maxWalk} steps, from {@code seed}. */
  public static SessionSpec session(ScenarioVersion v, String sessionId, int maxWalk, long seed) {
    Random r = new Random(seed);
    List<String> walk = walk(v, r, Math.max(1, maxWalk));
    String channel = CHANNELS.get(r.nextInt(CHANNELS.size()));
    long ageMinutes = r.nextInt(100) < 20 ? r.nextInt(60) : r.nextInt(60 * 24 * 60);
    Map<String, Object> vars = new LinkedHashMap<>();
    Set<String> collected = new LinkedHashSet<>();
    for (String id : walk) {
      for (CollectedField f : v.requireStep(id).collectsFields()) {
        collected.add(f.name());
      }
    }
    for (String f : FIELDS) {
      int p = collected.contains(f) ? 75 : 30;
      if (r.nextInt(100) < p) {
        vars.put(f, r.nextInt(100) < 2 ? "x" + r.nextInt(10) : (Object) r.nextInt(10));
      }
    }
    if (r.nextInt(100) < 30) {
      vars.put("note", "said " + r.nextInt(1000));
    }
    if (r.nextInt(100) < 15) {
      vars.put("meta", Map.of("source", CHANNELS.get(r.nextInt(CHANNELS.size())), "turns", r.nextInt(20)));
    }
    String customer = "customer-" + r.nextInt(4);
    return new SessionSpec(sessionId, customer, channel, ageMinutes, walk, vars);
  }

  /** Sessions on {@code v} with a given id. */
  public static Arbitrary<SessionSpec> sessions(ScenarioVersion v, String sessionId) {
    return Combinators.combine(Arbitraries.integers().between(1, MAX_WALK), Arbitraries.longs())
        .as((len, seed) -> session(v, sessionId, len, seed));
  }

  /** {@code min} to {@code max} sessions on {@code v} with ids {@code s0, s1, ...}. */
  public static Arbitrary<List<SessionSpec>> sessionLists(ScenarioVersion v, int min, int max) {
    return Combinators.combine(Arbitraries.integers().between(min, max), Arbitraries.longs())
        .as((n, seed) -> sessionList(v, n, seed));
  }

  /** {@code n} sessions on {@code v} with ids {@code s0, s1, ...}, from {@code seed}. */
  public static List<SessionSpec> sessionList(ScenarioVersion v, int n, long seed) {
    Random r = new Random(seed);
    List<SessionSpec> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(session(v, "s" + i, 1 + r.nextInt(MAX_WALK), r.nextLong()));
    }
    return out;
  }

  /** Inserts every session into {@code store}. */
  public static void insertAll(SessionStore store, String tenantId, ScenarioVersion v, Instant now,
      List<SessionSpec> sessions) {
    for (SessionSpec s : sessions) {
      s.insert(store, tenantId, v, now);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Profiles

  /**
   * Profile fields per customer id.
   *
   * @param fields the fields of each customer
   */
  public record Profiles(Map<String, List<ProfileField>> fields) {
    /** Copies the map. */
    public Profiles {
      Map<String, List<ProfileField>> m = new LinkedHashMap<>();
      fields.forEach((k, v) -> m.put(k, List.copyOf(v)));
      fields = java.util.Collections.unmodifiableMap(m);
    }

    /** Writes every field into {@code store} for {@code tenantId}. */
    public void putInto(ProfileStore store, String tenantId) {
      fields.forEach((customer, fs) -> fs.forEach(f -> store.put(tenantId, customer, f)));
    }

    /** The usable (present, not expired, non-null) value of a customer's field at {@code now}, or null. */
    public Object usable(String customerId, String field, Instant now) {
      for (ProfileField f : fields.getOrDefault(customerId, List.of())) {
        if (f.name().equals(field) && !f.isExpired(now) && f.value() != null) {
          return f.value();
        }
      }
      return null;
    }
  }

  /** The customers {@code customer-0} to {@code customer-3} that {@link #session} picks from. */
  public static List<String> customers() {
    return List.of("customer-0", "customer-1", "customer-2", "customer-3");
  }

  /**
   * Random profiles of {@code customers} for the fields {@code f0..f5}: each field is present a third of the time,
   * with an integer value 0 to 9 (now and then none), a confidence from 0.5 to 1, and no expiry, an expiry in the past
   * (expired at {@code now}) or one in the future.
   */
  public static Profiles profiles(List<String> customers, Instant now, long seed) {
    Random r = new Random(seed);
    Map<String, List<ProfileField>> m = new LinkedHashMap<>();
    for (String c : customers) {
      List<ProfileField> fs = new ArrayList<>();
      for (String f : FIELDS) {
        if (r.nextInt(100) >= 35) {
          continue;
        }
        Object value = r.nextInt(100) < 5 ? null : (Object) r.nextInt(10);
        double confidence = 0.5 + r.nextInt(51) / 100.0;
        int e = r.nextInt(4);
        Instant expires = e < 2 ? null
            : e == 2 ? now.minus(Duration.ofDays(1 + r.nextInt(30))) : now.plus(Duration.ofDays(1 + r.nextInt(30)));
        fs.add(new ProfileField(f, value, "crm", confidence, expires));
      }
      m.put(c, fs);
    }
    return new Profiles(m);
  }

  /** Random profiles of {@link #customers()} at {@code now}. */
  public static Arbitrary<Profiles> profiles(Instant now) {
    return Arbitraries.longs().map(seed -> profiles(customers(), now, seed));
  }

  /** The content hashes of the checkpoints in a session's history. */
  public static Set<String> checkpointHashes(SessionState s) {
    Set<String> out = new LinkedHashSet<>();
    for (StepVisit v : s.history()) {
      if (v.checkpoint()) {
        out.add(v.contentHash());
      }
    }
    return out;
  }
}
