package org.scenariomigration.memory;

import org.scenariomigration.spi.ConcurrentOperationException;
import org.scenariomigration.spi.Generations;
import static java.util.Objects.requireNonNull;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The change generations of the in-memory session store ({@link InMemorySessionStore#beginChange} and the rest): one
 * gate per scenario of a tenant, holding its generation and the operation changing it.
 */
final class ChangeGates {
  /** A scenario's change generation and the operation holding it; guarded by its own monitor. */
  static final class Gate {
    private long generation;
    private String holder;

    synchronized long generation() {
      return generation;
    }
  }

  private record GateKey(String tenantId, String scenarioId) {}

  private final ConcurrentHashMap<GateKey, Gate> gates = new ConcurrentHashMap<>();

  Gate gate(String tenantId, String scenarioId) {
    return gates.computeIfAbsent(new GateKey(requireNonNull(tenantId, "tenantId"),
        requireNonNull(scenarioId, "scenarioId")), k -> new Gate());
  }

  long changeGeneration(String tenantId, String scenarioId) {
    return gate(tenantId, scenarioId).generation();
  }

  long beginChange(String tenantId, String scenarioId, String operation) {
    requireNonNull(operation, "operation");
    Gate g = gate(tenantId, scenarioId);
    synchronized (g) {
      if (g.holder != null && !g.holder.equals(operation)) {
        throw new ConcurrentOperationException(tenantId, scenarioId, operation, g.holder);
      }
      if (g.holder == null) {
        g.holder = operation;
        g.generation = Generations.odd();
      }
      return g.generation;
    }
  }

  long endChange(String tenantId, String scenarioId, String operation) {
    requireNonNull(operation, "operation");
    Gate g = gate(tenantId, scenarioId);
    synchronized (g) {
      if (operation.equals(g.holder)) {
        g.holder = null;
        g.generation = Generations.even();
      }
      return g.generation;
    }
  }

  String changeHolder(String tenantId, String scenarioId) {
    Gate g = gate(tenantId, scenarioId);
    synchronized (g) {
      return g.holder;
    }
  }
}
