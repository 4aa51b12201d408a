package org.scenariomigration.memory;

import org.scenariomigration.spi.ProfileField;
import org.scenariomigration.spi.ProfileStore;
import org.scenariomigration.spi.StoredIds;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.scenariomigration.IdKind;
import org.scenariomigration.Ids;

/** The in-memory {@link ProfileStore}. Thread-safe; ids are checked as {@link StoredIds} says. */
public final class InMemoryProfileStore implements ProfileStore {
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, ConcurrentHashMap<String, ProfileField>>>
      profiles = new ConcurrentHashMap<>();

  @Override
  public Optional<ProfileField> find(String tenantId, String customerId, String field) {
    Map<String, ConcurrentHashMap<String, ProfileField>> t = profiles.get(tenantId);
    if (t == null) {
      return Optional.empty();
    }
    Map<String, ProfileField> c = t.get(customerId);
    return c == null ? Optional.empty() : Optional.ofNullable(c.get(field));
  }

  @Override
  public void put(String tenantId, String customerId, ProfileField field) {
    Ids.require(IdKind.TENANT, tenantId);
    Ids.require(IdKind.CUSTOMER, customerId);
    profiles.computeIfAbsent(tenantId, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(customerId, k -> new ConcurrentHashMap<>())
        .put(field.name(), field);
  }

  @Override
  public int eraseCustomer(String tenantId, String customerId) {
    Map<String, ConcurrentHashMap<String, ProfileField>> t = profiles.get(tenantId);
    if (t == null) {
      return 0;
    }
    Map<String, ProfileField> removed = t.remove(customerId);
    return removed == null ? 0 : removed.size();
  }
}
