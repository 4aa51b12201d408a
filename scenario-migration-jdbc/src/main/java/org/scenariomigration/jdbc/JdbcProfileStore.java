package org.scenariomigration.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;
import org.scenariomigration.json.SessionJson;
import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.StoredIds;

/**
 * The JDBC {@link ProfileStore}: one row per tenant, customer and field, the value as JSON
 * ({@link SessionJson#writeValue}: every value of {@link org.scenariomigration.session.VariableValues} comes back
 * exactly).
 */
final class JdbcProfileStore implements ProfileStore {
  private final Jdbc jdbc;
  private final SqlDialect sql;
  private final Clock clock;
  private final String findSql;
  private final String putSql;

  JdbcProfileStore(Jdbc jdbc, SqlDialect sql, Clock clock) {
    this.jdbc = jdbc;
    this.sql = sql;
    this.clock = clock;
    this.findSql = "SELECT value_json, source, confidence, expires_at FROM " + sql.profiles
        + " WHERE tenant_id = ? AND customer_id = ? AND field_name = ?";
    this.putSql = sql.upsert(sql.profiles, List.of("tenant_id", "customer_id", "field_name", "value_json", "source",
        "confidence", "expires_at", "updated_at"), 3, Set.of("value_json"));
  }

  @Override
  public Optional<ProfileField> find(String tenantId, String customerId, String field) {
    if (!StoredIds.mayBeStored(tenantId, customerId, field)) {
      return Optional.empty();
    }
    return jdbc.autoCommit(() -> "find of profile field '" + field + "' of customer '" + customerId + "' of tenant '"
        + tenantId + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement(findSql)) {
            ps.setString(1, tenantId);
            ps.setString(2, customerId);
            ps.setString(3, field);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(new ProfileField(field,
                  SessionJson.readValue("stored profile value", field, rs.getString(1)),
                  rs.getString(2), rs.getDouble(3), sql.readInstant(rs, "expires_at")));
            }
          }
        });
  }

  @Override
  public void put(String tenantId, String customerId, ProfileField field) {
    Ids.require(IdKind.TENANT, tenantId);
    Ids.require(IdKind.CUSTOMER, customerId);
    requireNonNull(field, "field");
    String value = SessionJson.writeValue(field.name(), field.value()); // ProfileField normalised it
    jdbc.autoCommit(() -> "write of profile field '" + field.name() + "' of customer '" + customerId
        + "' of tenant '" + tenantId + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement(putSql)) {
            ps.setString(1, tenantId);
            ps.setString(2, customerId);
            ps.setString(3, field.name());
            ps.setString(4, value);
            ps.setString(5, field.source());
            ps.setDouble(6, field.confidence());
            sql.bindInstant(ps, 7, field.expiresAt());
            sql.bindInstant(ps, 8, clock.instant());
            ps.executeUpdate();
            return null;
          }
        });
  }

  /** One {@code DELETE} of the customer's rows. */
  @Override
  public int eraseCustomer(String tenantId, String customerId) {
    Ids.require(IdKind.TENANT, tenantId);
    Ids.require(IdKind.CUSTOMER, customerId);
    return jdbc.transaction(() -> "erasure of the profile of customer '" + customerId + "' of tenant '" + tenantId
        + "'", c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.profiles
              + " WHERE tenant_id = ? AND customer_id = ?")) {
            ps.setString(1, tenantId);
            ps.setString(2, customerId);
            return ps.executeUpdate();
          }
        });
  }
}
