/**
 * Per-anchor policies an operator sets on a plan: {@link org.scenariomigration.policy.AnchorPolicy} with its
 * {@link org.scenariomigration.policy.ScopeFilter}, and their JSON ({@link org.scenariomigration.policy.PolicyJson}).
 */
package org.scenariomigration.policy;
