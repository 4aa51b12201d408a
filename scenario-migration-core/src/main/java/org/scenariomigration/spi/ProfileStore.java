package org.scenariomigration.spi;

import java.util.Optional;

/**
 * Customer profiles, scoped by tenant: the first place gap fill looks. Ids follow the id grammar as {@link StoredIds}
 * says: a write with a bad id throws, a read by one finds nothing.
 */
public interface ProfileStore {

  /** A field of a customer's profile (expired values included: the caller checks expiry). */
  Optional<ProfileField> find(String tenantId, String customerId, String field);

  /** Writes a field of a customer's profile. */
  void put(String tenantId, String customerId, ProfileField field);

  /**
   * Removes every field of a customer's profile and returns how many it removed; idempotent. The default throws
   * {@link UnsupportedOperationException}: a store that cannot erase must not pretend to.
   */
  default int eraseCustomer(String tenantId, String customerId) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot erase customer profiles");
  }
}
