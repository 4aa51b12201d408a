/**
 * The scenario graph and everything computed from it alone: {@link org.scenariomigration.scenario.ScenarioVersion}
 * and its {@link org.scenariomigration.scenario.Step}s and {@link org.scenariomigration.scenario.Transition}s, their
 * JSON format ({@link org.scenariomigration.scenario.ScenarioJson}), content hashes
 * ({@link org.scenariomigration.scenario.ContentHash}), and the graph diff between two versions
 * ({@link org.scenariomigration.scenario.TransformationMap#between}): anchors, their upstream and downstream changes
 * and their class ({@link org.scenariomigration.scenario.MigrationScenario}). The diff lives here because it reads the
 * graph's package-private adjacency arrays.
 */
package org.scenariomigration.scenario;
