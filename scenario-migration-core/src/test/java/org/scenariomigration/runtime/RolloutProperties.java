package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.scenariomigration.spi.Rollout;

class RolloutProperties {

  @Property
  void a_session_picked_at_a_percent_is_picked_at_every_higher_percent(@ForAll @StringLength(max = 64) String id,
      @ForAll @IntRange(min = 0, max = 100) int a, @ForAll @IntRange(min = 0, max = 100) int b) {
    int p1 = Math.min(a, b);
    int p2 = Math.max(a, b);
    int bucket = Rollout.bucket(id);

    assertThat(bucket).isBetween(0, 99);
    if (bucket < p1) {
      assertThat(bucket).isLessThan(p2);
    }
    assertThat(Rollout.bucket(id)).isEqualTo(bucket); // deterministic
  }

  @Property(tries = 20)
  void about_half_of_ten_thousand_random_ids_are_picked_at_fifty_percent(@ForAll long seed) {
    Random random = new Random(seed);
    int picked = 0;
    for (int i = 0; i < 10_000; i++) {
      String id = new UUID(random.nextLong(), random.nextLong()).toString();
      if (Rollout.bucket(id) < 50) {
        picked++;
      }
    }

    assertThat(picked).isBetween(4_500, 5_500);
  }

  @Property(tries = 20)
  void about_half_of_ten_thousand_sequential_ids_are_picked_at_fifty_percent(@ForAll @IntRange(min = 0,
      max = 1_000_000) int start) {
    int picked = 0;
    for (int i = start; i < start + 10_000; i++) {
      if (Rollout.bucket("session-" + i) < 50) {
        picked++;
      }
    }

    assertThat(picked).isBetween(4_500, 5_500);
  }
}
