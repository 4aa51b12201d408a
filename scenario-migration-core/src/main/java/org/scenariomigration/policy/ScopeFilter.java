package org.scenariomigration.policy;

import com.google.common.collect.ImmutableSortedSet;
import java.time.Duration;
import java.util.Set;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/**
 * Which sessions at an anchor a plan migrates. Empty include sets mean "all"; a {@code null} age bound means "no
 * bound".
 *
 * @param includeChannels only sessions on these channels
 * @param excludeChannels never sessions on these channels
 * @param maxSessionAgeDays skip sessions older than this many days
 * @param minSessionAgeDays skip sessions newer than this many days
 * @param includeCurrentSteps only sessions whose current step id (in the source version) is one of these
 * @param excludeCurrentSteps never sessions whose current step id is one of these
 */
public record ScopeFilter(Set<String> includeChannels, Set<String> excludeChannels, Integer maxSessionAgeDays,
    Integer minSessionAgeDays, Set<String> includeCurrentSteps, Set<String> excludeCurrentSteps) {

  /** The filter that lets every session through. */
  public static final ScopeFilter ALL = new ScopeFilter(Set.of(), Set.of(), null, null, Set.of(), Set.of());

  /**
   * Validates and copies the components; age bounds must be non-negative and min must not exceed max, and every
   * channel and step id must follow the id grammar ({@link Ids}; {@link org.scenariomigration.InvalidIdException}).
   */
  public ScopeFilter {
    includeChannels = Ids.requireAll(IdKind.CHANNEL, copy(includeChannels));
    excludeChannels = Ids.requireAll(IdKind.CHANNEL, copy(excludeChannels));
    includeCurrentSteps = Ids.requireAll(IdKind.STEP, copy(includeCurrentSteps));
    excludeCurrentSteps = Ids.requireAll(IdKind.STEP, copy(excludeCurrentSteps));
    if (maxSessionAgeDays != null && maxSessionAgeDays < 0) {
      throw new IllegalArgumentException("max_session_age_days must not be negative but was " + maxSessionAgeDays);
    }
    if (minSessionAgeDays != null && minSessionAgeDays < 0) {
      throw new IllegalArgumentException("min_session_age_days must not be negative but was " + minSessionAgeDays);
    }
    if (maxSessionAgeDays != null && minSessionAgeDays != null && minSessionAgeDays > maxSessionAgeDays) {
      throw new IllegalArgumentException("min_session_age_days (" + minSessionAgeDays
          + ") must not exceed max_session_age_days (" + maxSessionAgeDays + ")");
    }
  }

  private static Set<String> copy(Set<String> s) {
    return s == null ? ImmutableSortedSet.of() : ImmutableSortedSet.copyOf(s);
  }

  /** Starts a builder for a filter that lets everything through until narrowed. */
  public static Builder builder() {
    return new Builder();
  }


  /** A builder that starts from this filter. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.includeChannels = includeChannels;
    b.excludeChannels = excludeChannels;
    b.maxSessionAgeDays = maxSessionAgeDays;
    b.minSessionAgeDays = minSessionAgeDays;
    b.includeCurrentSteps = includeCurrentSteps;
    b.excludeCurrentSteps = excludeCurrentSteps;
    return b;
  }
  /**
   * Whether a session passes this filter.
   *
   * @param channel the session's channel
   * @param sessionAge how long ago the session was created
   * @param currentStepId the session's current step id in the source version
   */
  public boolean matches(String channel, Duration sessionAge, String currentStepId) {
    if (!includeChannels.isEmpty() && !includeChannels.contains(channel)) {
      return false;
    }
    if (excludeChannels.contains(channel)) {
      return false;
    }
    if (!includeCurrentSteps.isEmpty() && !includeCurrentSteps.contains(currentStepId)) {
      return false;
    }
    if (excludeCurrentSteps.contains(currentStepId)) {
      return false;
    }
    if (maxSessionAgeDays != null && sessionAge.compareTo(Duration.ofDays(maxSessionAgeDays)) > 0) {
      return false;
    }
    return minSessionAgeDays == null || sessionAge.compareTo(Duration.ofDays(minSessionAgeDays)) >= 0;
  }

  /** Whether this filter lets every session through. */
  public boolean isAll() {
    return this == ALL || equals(ALL); // identity first: most policies keep the shared ALL
  }

  /** Builds a {@link ScopeFilter}. */
  public static final class Builder {
    private Set<String> includeChannels = Set.of();
    private Set<String> excludeChannels = Set.of();
    private Integer maxSessionAgeDays;
    private Integer minSessionAgeDays;
    private Set<String> includeCurrentSteps = Set.of();
    private Set<String> excludeCurrentSteps = Set.of();

    private Builder() {}

    /** Only sessions on these channels. */
    public Builder includeChannels(String... channels) {
      includeChannels = Ids.requireAll(IdKind.CHANNEL, ImmutableSortedSet.copyOf(channels));
      return this;
    }

    /** Never sessions on these channels. */
    public Builder excludeChannels(String... channels) {
      excludeChannels = Ids.requireAll(IdKind.CHANNEL, ImmutableSortedSet.copyOf(channels));
      return this;
    }

    /** Skip sessions older than {@code days}. */
    public Builder maxSessionAgeDays(int days) {
      if (days < 0) {
        throw new IllegalArgumentException("max_session_age_days must not be negative but was " + days);
      }
      maxSessionAgeDays = days;
      return this;
    }

    /** Skip sessions newer than {@code days}. */
    public Builder minSessionAgeDays(int days) {
      if (days < 0) {
        throw new IllegalArgumentException("min_session_age_days must not be negative but was " + days);
      }
      minSessionAgeDays = days;
      return this;
    }

    /** Only sessions whose current step id is one of these. */
    public Builder includeCurrentSteps(String... stepIds) {
      includeCurrentSteps = Ids.requireAll(IdKind.STEP, ImmutableSortedSet.copyOf(stepIds));
      return this;
    }

    /** Never sessions whose current step id is one of these. */
    public Builder excludeCurrentSteps(String... stepIds) {
      excludeCurrentSteps = Ids.requireAll(IdKind.STEP, ImmutableSortedSet.copyOf(stepIds));
      return this;
    }

    /** Clears both age bounds. */
    Builder resetAges() {
      maxSessionAgeDays = null;
      minSessionAgeDays = null;
      return this;
    }

    /** Builds the filter; throws {@link IllegalArgumentException} when min exceeds max. */
    public ScopeFilter build() {
      return new ScopeFilter(includeChannels, excludeChannels, maxSessionAgeDays, minSessionAgeDays,
          includeCurrentSteps, excludeCurrentSteps);
    }
  }
}
