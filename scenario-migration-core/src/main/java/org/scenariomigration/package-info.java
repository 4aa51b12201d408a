/**
 * scenario-migration: migrate in-flight sessions of a conversation or workflow graph to a new scenario version
 * without corrupting them, without re-asking what customers already answered, and without undoing an irreversible
 * step.
 *
 * <p>Packages:
 * <ul>
 *   <li>{@link org.scenariomigration.model} – the scenario model, its JSON format, content hashes, anchors, the graph
 *       diff and the reviewable migration plan;</li>
 *   <li>{@link org.scenariomigration.condition} – the CEL-style condition language and its SPI.</li>
 * </ul>
 */
package org.scenariomigration;
