package org.scenariomigration.runtime;

/**
 * Progress and result of an eager batch migration.
 *
 * @param planId the plan
 * @param processed sessions looked at so far
 * @param migrated sessions migrated or relocated
 * @param blocked sessions whose teleport a checkpoint blocked
 * @param awaitingCustomer sessions that need the customer ({@code collect} or {@code confirm}) and stay marked
 * @param other sessions pinned, exited, or already migrated by a concurrent message
 * @param batches batches done
 */
public record BatchReport(String planId, long processed, long migrated, long blocked, long awaitingCustomer,
    long other, int batches) {}
