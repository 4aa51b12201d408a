package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JournalIdTest {

  @Test
  void journal_ids_are_version_7_uuids_carrying_the_record_time_so_later_records_sort_after_earlier_ones() {
    Instant t = Instant.parse("2026-11-29T10:00:00.123Z");
    Set<String> seen = new HashSet<>();
    String previous = null;
    for (int i = 0; i < 10_000; i++) {
      Instant at = t.plusMillis(i);
      String id = MoveWriter.fastUuid(at);
      UUID u = UUID.fromString(id);
      assertThat(u.version()).isEqualTo(7);
      assertThat(u.variant()).isEqualTo(2);
      assertThat(u.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
      if (previous != null) {
        assertThat(id).isGreaterThan(previous);
      }
      assertThat(seen.add(id)).isTrue();
      previous = id;
    }
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(MoveWriter.fastUuid(t))).as("ids of one millisecond are unique").isTrue();
    }
  }

  @Test
  void an_instant_before_1970_still_gives_a_version_7_uuid() {
    UUID u = UUID.fromString(MoveWriter.fastUuid(Instant.parse("1960-01-01T00:00:00Z")));
    assertThat(u.version()).isEqualTo(7);
    assertThat(u.variant()).isEqualTo(2);
  }
}
