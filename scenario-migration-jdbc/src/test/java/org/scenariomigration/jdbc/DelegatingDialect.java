package org.scenariomigration.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A host's dialect for a compatible database, written as the {@link Dialect} javadoc suggests: every method delegates
 * to a built-in one. It records which methods the stores called.
 */
class DelegatingDialect implements Dialect {
  final Dialect target;
  final Set<String> called = ConcurrentHashMap.newKeySet();

  DelegatingDialect(Dialect target) {
    this.target = target;
  }

  @Override
  public String name() {
    return target.name();
  }

  @Override
  public String scriptLocation() {
    called.add("scriptLocation");
    return target.scriptLocation();
  }

  @Override
  public String jsonParameter() {
    called.add("jsonParameter");
    return target.jsonParameter();
  }

  @Override
  public void bindSettledPlans(PreparedStatement ps, int index, Collection<String> planIds) throws SQLException {
    called.add("bindSettledPlans");
    target.bindSettledPlans(ps, index, planIds);
  }

  @Override
  public Set<String> readSettledPlans(ResultSet rs, String column) throws SQLException {
    called.add("readSettledPlans");
    return target.readSettledPlans(rs, column);
  }

  @Override
  public void bindInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
    called.add("bindInstant");
    target.bindInstant(ps, index, at);
  }

  @Override
  public Instant readInstant(ResultSet rs, String column) throws SQLException {
    called.add("readInstant");
    return target.readInstant(rs, column);
  }

  @Override
  public String notSettledBy() {
    called.add("notSettledBy");
    return target.notSettledBy();
  }

  @Override
  public String forwardMarker() {
    called.add("forwardMarker");
    return target.forwardMarker();
  }

  @Override
  public String skipLocked() {
    called.add("skipLocked");
    return target.skipLocked();
  }

  @Override
  public String upsert(String table, List<String> columns, int keyColumns, Set<String> jsonColumns) {
    called.add("upsert");
    return target.upsert(table, columns, keyColumns, jsonColumns);
  }

  @Override
  public String quoteIdentifier(String name) {
    called.add("quoteIdentifier");
    return target.quoteIdentifier(name);
  }

  @Override
  public boolean locksRowsPastLimit() {
    called.add("locksRowsPastLimit");
    return target.locksRowsPastLimit();
  }

  @Override
  public boolean supportsUpdateReturningInWith() {
    called.add("supportsUpdateReturningInWith");
    return target.supportsUpdateReturningInWith();
  }

  @Override
  public String beforeCount(Connection c, boolean autoCommit) throws SQLException {
    called.add("beforeCount");
    return target.beforeCount(c, autoCommit);
  }

  @Override
  public void afterCount(Connection c, String saved) throws SQLException {
    called.add("afterCount");
    target.afterCount(c, saved);
  }

  @Override
  public boolean transactionalDdl() {
    called.add("transactionalDdl");
    return target.transactionalDdl();
  }

  @Override
  public String timestampType() {
    called.add("timestampType");
    return target.timestampType();
  }

  @Override
  public String tableOptions() {
    called.add("tableOptions");
    return target.tableOptions();
  }

  @Override
  public Connection lockSchema(Connection c, String name, String lockTable, Duration timeout,
      ConnectionOpener second) throws SQLException {
    called.add("lockSchema");
    return target.lockSchema(c, name, lockTable, timeout, second);
  }

  @Override
  public void unlockSchema(Connection c, String name, Connection holder) throws SQLException {
    called.add("unlockSchema");
    target.unlockSchema(c, name, holder);
  }
}
