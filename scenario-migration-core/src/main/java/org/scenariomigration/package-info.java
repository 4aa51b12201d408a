/**
 * scenario-migration: migrate in-flight sessions of a conversation or workflow graph to a new scenario version
 * without corrupting them, without re-asking what customers already answered, and without undoing an irreversible
 * step.
 *
 * <p>Packages, one concept each:
 * <ul>
 *   <li>{@link org.scenariomigration.scenario} – the scenario graph, its JSON, content hashes and the graph diff;</li>
 *   <li>{@link org.scenariomigration.plan} – the reviewable migration plan;</li>
 *   <li>{@link org.scenariomigration.policy} – per-anchor policies;</li>
 *   <li>{@link org.scenariomigration.report} – text and Mermaid renderings of a plan;</li>
 *   <li>{@link org.scenariomigration.runtime} – the per-message engine and the operator surface;</li>
 *   <li>{@link org.scenariomigration.session} – a session's state and values;</li>
 *   <li>{@link org.scenariomigration.spi} – the store and extractor interfaces;</li>
 *   <li>{@link org.scenariomigration.memory} – the in-memory stores;</li>
 *   <li>{@link org.scenariomigration.json} – the one JSON stack;</li>
 *   <li>{@link org.scenariomigration.condition} – the CEL-style condition language and its SPI.</li>
 * </ul>
 */
package org.scenariomigration;
