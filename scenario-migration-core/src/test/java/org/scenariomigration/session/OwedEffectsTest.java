package org.scenariomigration.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.scenariomigration.runtime.Outcome;

class OwedEffectsTest {
  @Test
  void an_owed_teleport_has_a_reason_the_host_can_be_told_and_the_names_are_the_outcomes() {
    assertThat(Set.copyOf(OwedEffects.TELEPORT_REASONS)).isEqualTo(java.util.Arrays
        .stream(Outcome.TeleportReason.values()).map(Outcome.TeleportReason::jsonName).collect(Collectors.toSet()));
    for (String bad : new String[] {"", "teleport", "CLEAN_GRAFT"}) {
      assertThatThrownBy(() -> new OwedEffects("e1", OwedEffects.Kind.TELEPORT, "p1", "a", 2, bad, null, List.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'")
          .hasMessageContaining("'e1'");
    }
    assertThat(new OwedEffects("e1", OwedEffects.Kind.TELEPORT, "p1", "a", 2, "gap_fill", null, List.of()).reason())
        .isEqualTo("gap_fill");
    assertThat(new OwedEffects("e2", OwedEffects.Kind.EXIT_SCENARIO, "p1", null, 1, null, "bye", List.of()).reason())
        .isEmpty();
  }
}
