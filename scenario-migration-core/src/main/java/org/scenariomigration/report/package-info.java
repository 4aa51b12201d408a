/**
 * Human-readable renderings of a plan for review: text and Mermaid ({@link org.scenariomigration.report.PlanReport}).
 */
package org.scenariomigration.report;
