package org.scenariomigration.scenario;

import java.util.List;

/**
 * A phase of the diff ({@link Differ}): the {@link Matching} it works on, and the parts of it every phase reads, as
 * fields of their own, so that a phase's loops read {@code s2.get(j)} and {@code m21[j]}.
 */
abstract class DiffPhase {
  final Matching m;
  final ScenarioVersion v1;
  final ScenarioVersion v2;
  final Graph g1;
  final Graph g2;
  final ReachTable r1;
  final ReachTable r2;
  final List<Step> s1;
  final List<Step> s2;
  /** Source index to target index, -1 when unpaired; written by the matching phases. */
  final int[] m12;
  /** Target index to source index, -1 when unpaired; written by the matching phases. */
  final int[] m21;

  DiffPhase(Matching m) {
    this.m = m;
    this.v1 = m.v1;
    this.v2 = m.v2;
    this.g1 = m.g1;
    this.g2 = m.g2;
    this.r1 = m.r1;
    this.r2 = m.r2;
    this.s1 = m.s1;
    this.s2 = m.s2;
    this.m12 = m.m12;
    this.m21 = m.m21;
  }
}
