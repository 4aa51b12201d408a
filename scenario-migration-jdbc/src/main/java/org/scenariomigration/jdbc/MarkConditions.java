package org.scenariomigration.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.spi.MarkCriteria;

/**
 * {@link MarkCriteria#matches} as SQL conditions on the sessions table, for {@link JdbcSessionStore}'s marking,
 * counting and claiming of eligible sessions: each method appends its conditions' parameters, in order, to the list it
 * is given.
 */
final class MarkConditions {
  private final SqlDialect sql;

  MarkConditions(SqlDialect sql) {
    this.sql = sql;
  }

  /**
   * {@link MarkCriteria#matches} of criteria that {@link MarkCriteria#combinable combine} (one plan's, at distinct
   * steps, as a deploy makes them), as one {@code WHERE}: what they share (version, no marker, not ended, rollout,
   * settled plans, pin generation) tested once per row, each step's scope filter only on its step. Marking and
   * counting use it alike.
   */
  String combinedWhere(List<MarkCriteria> criteria, List<Object> params) {
    MarkCriteria first = criteria.get(0);
    StringBuilder where = new StringBuilder(versionCondition(first, params))
        .append(" AND pending_plan_id IS NULL AND ended_at IS NULL").append(stepCondition(criteria, params))
        .append(" AND rollout_bucket < ? AND ").append(sql.notSettledBy());
    params.add(first.rolloutPercent());
    params.add(first.marker().planId());
    pinCondition(first, where, params);
    for (MarkCriteria m : criteria) {
      List<Object> filterParams = new ArrayList<>();
      List<String> filter = filterConditions(m, filterParams);
      if (!filter.isEmpty()) {
        where.append(" AND (current_step_id <> ? OR (").append(String.join(" AND ", filter)).append("))");
        params.add(m.fromStepId());
        params.addAll(filterParams);
      }
    }
    return where.toString();
  }

  /** Leaves out the sessions pinned at or after the criteria's generation (unless it is any). */
  private static void pinCondition(MarkCriteria m, StringBuilder q, List<Object> params) {
    if (m.generation() != MarkCriteria.ANY_GENERATION) {
      q.append(" AND NOT (pinned = ? AND pin_generation >= ?)");
      params.add(Boolean.TRUE);
      params.add(m.generation());
    }
  }

  /** The sessions of the criteria's tenant, scenario and source version; the parameters appended. */
  static String versionCondition(MarkCriteria first, List<Object> params) {
    params.add(first.tenantId());
    params.add(first.scenarioId());
    params.add(first.fromVersion());
    return "tenant_id = ? AND scenario_id = ? AND version = ?";
  }

  /** The sessions at one of the criteria's steps (the last column of the marking index). */
  static String stepCondition(List<MarkCriteria> criteria, List<Object> params) {
    java.util.Set<String> steps = new java.util.LinkedHashSet<>();
    for (MarkCriteria c : criteria) {
      steps.add(c.fromStepId());
    }
    StringBuilder q = new StringBuilder(" AND current_step_id IN (");
    int k = 0;
    for (String step : steps) {
      q.append(k++ == 0 ? "?" : ", ?");
      params.add(step);
    }
    return q.append(')').toString();
  }

  /**
   * {@link MarkCriteria#matches} but for the tenant, scenario and version (which {@link #versionCondition} checks) and
   * for "no marker, not ended" (which every statement using it checks once): the step, not settled by the plan, in
   * the rollout, the scope filter, and not pinned at or after the criteria's generation. The columns it reads are all
   * in PostgreSQL's coverage index. The parameters are appended to {@code params}.
   */
  String matchingUnmarked(MarkCriteria m, List<Object> params) {
    StringBuilder q = new StringBuilder("current_step_id = ? AND rollout_bucket < ? AND ").append(sql.notSettledBy());
    params.add(m.fromStepId());
    params.add(m.rolloutPercent());
    params.add(m.marker().planId());
    for (String condition : filterConditions(m, params)) {
      q.append(" AND ").append(condition);
    }
    pinCondition(m, q, params);
    return q.toString();
  }

  /** The scope filter of {@code m} as conditions to AND, their parameters appended to {@code params}. */
  private static List<String> filterConditions(MarkCriteria m, List<Object> params) {
    ScopeFilter f = m.filter();
    List<String> out = new ArrayList<>();
    inList(out, params, "channel", f.includeChannels(), false);
    inList(out, params, "channel", f.excludeChannels(), true);
    inList(out, params, "current_step_id", f.includeCurrentSteps(), false);
    inList(out, params, "current_step_id", f.excludeCurrentSteps(), true);
    if (f.maxSessionAgeDays() != null) {
      // created_at holds microseconds: created_at >= t exactly when created_at >= t rounded up to a microsecond (the
      // bound is bound truncated, which would let in a session created less than a microsecond too early)
      out.add("created_at >= ?");
      params.add(ceilMicros(m.now().minus(Duration.ofDays(f.maxSessionAgeDays()))));
    }
    if (f.minSessionAgeDays() != null) {
      out.add("created_at <= ?");
      params.add(m.now().minus(Duration.ofDays(f.minSessionAgeDays())));
    }
    return out;
  }

  /** {@code t} rounded up to a whole microsecond. */
  private static Instant ceilMicros(Instant t) {
    Instant down = t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    return down.equals(t) ? t : down.plusNanos(1_000);
  }


  private static void inList(List<String> out, List<Object> params, String column, java.util.Set<String> values,
      boolean negate) {
    if (values.isEmpty()) {
      return;
    }
    StringBuilder q = new StringBuilder(column).append(negate ? " NOT IN (" : " IN (");
    int k = 0;
    for (String v : values) {
      q.append(k++ == 0 ? "?" : ", ?");
      params.add(v);
    }
    out.add(q.append(')').toString());
  }
}
