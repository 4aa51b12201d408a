package org.scenariomigration.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StoredJsonInstantTest {

  @Test
  void every_instant_is_written_and_read_back_as_instant_to_string_and_instant_parse_do_it() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      Instant t = Instant.ofEpochSecond(r.nextLong(-70_000_000_000L, 300_000_000_000L), r.nextInt(1_000_000_000));
      if (i % 4 == 1) {
        t = t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      } else if (i % 4 == 2) {
        t = t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
      } else if (i % 4 == 3) {
        t = t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      }
      assertThat(StoredJson.instantText(t)).isEqualTo(t.toString());
      assertThat(StoredJson.instant(t.toString())).isEqualTo(t);
    }
    for (Instant t : new Instant[] {Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.parse("0000-01-01T00:00:00Z"),
        Instant.parse("0000-01-01T00:00:00Z").minusNanos(1), Instant.parse("9999-12-31T23:59:59.999999999Z"),
        Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1), Instant.parse("1969-12-31T23:59:59.000001Z"),
        Instant.parse("2024-02-29T00:00:00.100Z")}) {
      assertThat(StoredJson.instantText(t)).isEqualTo(t.toString());
    }
    assertThat(StoredJson.instant("0000-01-01T00:00:00Z")).isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
    assertThat(StoredJson.instant("+10000-01-01T00:00:00Z")).isEqualTo(Instant.parse("+10000-01-01T00:00:00Z"));
  }

  @Test
  void text_that_is_no_instant_fails_as_instant_parse_fails() {
    for (String bad : new String[] {"2025-02-30T10:00:00Z", "2025-13-01T10:00:00Z",
        "2025-01-01T10:60:00Z", "2025-01-01T10:00:00.1x3Z", "2025-01-0xT10:00:00Z", "2025-01-01 10:00:00Z", ""}) {
      assertThatThrownBy(() -> StoredJson.instant(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
    }
    for (String odd : new String[] {"2025-01-01T10:00:00.5Z", "2025-01-01T24:00:00Z", "2016-12-31T23:59:60Z"}) {
      assertThat(StoredJson.instant(odd)).as(odd).isEqualTo(Instant.parse(odd));
    }
    assertThat(StoredJson.instant("2025-01-01T10:00:00+01:00")).isEqualTo(Instant.parse("2025-01-01T09:00:00Z"));
  }
}
