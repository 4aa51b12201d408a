/**
 * Human-readable renderings of a plan for review: text, Markdown and Mermaid
 * ({@link org.scenariomigration.report.PlanReport}).
 */
package org.scenariomigration.report;
