package org.scenariomigration.runtime;

import com.google.common.collect.ImmutableSortedSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.session.SessionState;

/**
 * Which sessions of one scenario an operator move takes ({@link MigrationOperations#moveSessions}): the live sessions
 * of the scenario, narrowed by version, current step, channel and age. Empty sets and {@code null} bounds mean "any".
 * Ended sessions never match. Immutable; built with {@link #builder(String)}, which validates every value at once.
 *
 * <pre>{@code
 * SessionQuery stuck = SessionQuery.builder("order-flow").version(3).steps("payment").minAgeDays(1).build();
 * }</pre>
 */
public final class SessionQuery {
  private final String scenarioId;
  private final Integer version;
  private final Set<String> steps;
  private final Set<String> channels;
  private final Integer minAgeDays;
  private final Integer maxAgeDays;

  private SessionQuery(Builder b) {
    this.scenarioId = b.scenarioId;
    this.version = b.version;
    this.steps = ImmutableSortedSet.copyOf(b.steps);
    this.channels = ImmutableSortedSet.copyOf(b.channels);
    this.minAgeDays = b.minAgeDays;
    this.maxAgeDays = b.maxAgeDays;
  }

  /**
   * A builder for a query over the sessions of {@code scenarioId}.
   *
   * @throws org.scenariomigration.InvalidIdException when the scenario id breaks the id grammar
   */
  public static Builder builder(String scenarioId) {
    return new Builder(Ids.require(IdKind.SCENARIO, scenarioId));
  }

  /** The scenario. */
  public String scenarioId() {
    return scenarioId;
  }

  /** Only sessions on this version; {@code null}: on any stored version of the scenario. */
  public Integer version() {
    return version;
  }

  /** Only sessions at one of these step ids; empty: at any step. */
  public Set<String> steps() {
    return steps;
  }

  /** Only sessions on one of these channels; empty: on any channel. */
  public Set<String> channels() {
    return channels;
  }

  /** Only sessions at least this many days old; {@code null}: no lower bound. */
  public Integer minAgeDays() {
    return minAgeDays;
  }

  /** Only sessions at most this many days old; {@code null}: no upper bound. */
  public Integer maxAgeDays() {
    return maxAgeDays;
  }

  /**
   * Whether {@code s} matches, its age measured at {@code now} (the engine's clock) from its creation: a live session
   * of the scenario, on the version, at one of the steps, on one of the channels, within the age bounds (both
   * inclusive, in whole days of 24 hours).
   */
  public boolean matches(SessionState s, Instant now) {
    Objects.requireNonNull(s, "session must not be null");
    Objects.requireNonNull(now, "now must not be null");
    if (s.end() != null || !s.scenarioId().equals(scenarioId)) {
      return false;
    }
    if (version != null && s.version() != version) {
      return false;
    }
    if (!steps.isEmpty() && !steps.contains(s.currentStepId())) {
      return false;
    }
    if (!channels.isEmpty() && !channels.contains(s.channel())) {
      return false;
    }
    Duration age = Duration.between(s.createdAt(), now);
    if (minAgeDays != null && age.compareTo(Duration.ofDays(minAgeDays)) < 0) {
      return false;
    }
    return maxAgeDays == null || age.compareTo(Duration.ofDays(maxAgeDays)) <= 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionQuery q && scenarioId.equals(q.scenarioId) && Objects.equals(version, q.version)
        && steps.equals(q.steps) && channels.equals(q.channels) && Objects.equals(minAgeDays, q.minAgeDays)
        && Objects.equals(maxAgeDays, q.maxAgeDays);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scenarioId, version, steps, channels, minAgeDays, maxAgeDays);
  }

  @Override
  public String toString() {
    return "SessionQuery[scenario=" + scenarioId + ", version=" + version + ", steps=" + steps + ", channels="
        + channels + ", minAgeDays=" + minAgeDays + ", maxAgeDays=" + maxAgeDays + "]";
  }

  /** Builds a {@link SessionQuery}; each setter validates its value at once. */
  public static final class Builder {
    private final String scenarioId;
    private Integer version;
    private Set<String> steps = Set.of();
    private Set<String> channels = Set.of();
    private Integer minAgeDays;
    private Integer maxAgeDays;

    private Builder(String scenarioId) {
      this.scenarioId = scenarioId;
    }

    /**
     * Only sessions on {@code version}.
     *
     * @throws InvalidSessionQueryException when the version is below 1
     */
    public Builder version(int version) {
      if (version < 1) {
        throw new InvalidSessionQueryException("version", String.valueOf(version),
            "a session query's version must be at least 1 but was " + version);
      }
      this.version = version;
      return this;
    }

    /**
     * Only sessions at one of these step ids.
     *
     * @throws org.scenariomigration.InvalidIdException when a step id breaks the id grammar
     */
    public Builder steps(String... stepIds) {
      Objects.requireNonNull(stepIds, "stepIds must not be null");
      this.steps = Ids.requireAll(IdKind.STEP, Set.copyOf(Arrays.asList(stepIds)));
      return this;
    }

    /**
     * Only sessions on one of these channels.
     *
     * @throws org.scenariomigration.InvalidIdException when a channel breaks the id grammar
     */
    public Builder channels(String... channels) {
      Objects.requireNonNull(channels, "channels must not be null");
      this.channels = Ids.requireAll(IdKind.CHANNEL, Set.copyOf(Arrays.asList(channels)));
      return this;
    }

    /**
     * Only sessions at least {@code days} old.
     *
     * @throws InvalidSessionQueryException when negative, or above the maximum age set
     */
    public Builder minAgeDays(int days) {
      checkAges("min_age_days", days, days, maxAgeDays);
      this.minAgeDays = days;
      return this;
    }

    /**
     * Only sessions at most {@code days} old.
     *
     * @throws InvalidSessionQueryException when negative, or below the minimum age set
     */
    public Builder maxAgeDays(int days) {
      checkAges("max_age_days", days, minAgeDays, days);
      this.maxAgeDays = days;
      return this;
    }

    private static void checkAges(String field, int value, Integer min, Integer max) {
      if (value < 0) {
        throw new InvalidSessionQueryException(field, String.valueOf(value),
            "a session query's " + field + " must not be negative but was " + value);
      }
      if (min != null && max != null && min > max) {
        throw new InvalidSessionQueryException(field, String.valueOf(value),
            "a session query's min_age_days (" + min + ") must not exceed its max_age_days (" + max + ")");
      }
    }

    /** The query. */
    public SessionQuery build() {
      return new SessionQuery(this);
    }
  }
}
