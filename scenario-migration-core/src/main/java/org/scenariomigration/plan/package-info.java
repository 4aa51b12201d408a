/**
 * The reviewable migration plan: {@link org.scenariomigration.plan.MigrationPlanner} turns a diff into a
 * {@link org.scenariomigration.plan.MigrationPlan} (counts, warnings, fields to collect, per-anchor policies, status),
 * and {@link org.scenariomigration.plan.PlanJson} reads and writes it.
 */
package org.scenariomigration.plan;
