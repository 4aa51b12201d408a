package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scenariomigration.spi.ConcurrentUpdateException;

class RetriesTest {
  private static ConcurrentUpdateException conflict(int attempt) {
    return new ConcurrentUpdateException("t", "session", "s-" + attempt, 1, 2);
  }

  @Test
  void a_write_that_loses_its_revision_check_is_tried_again_until_it_succeeds() {
    List<Integer> attempts = new ArrayList<>();

    String result = Retries.onConcurrentUpdate(n -> {
      attempts.add(n);
      if (n < 3) {
        throw conflict(n);
      }
      return "stored at attempt " + n;
    });

    assertThat(result).isEqualTo("stored at attempt 3");
    assertThat(attempts).containsExactly(1, 2, 3);
  }

  @Test
  void after_the_last_attempt_the_last_conflict_is_thrown() {
    List<Integer> attempts = new ArrayList<>();

    assertThatThrownBy(() -> Retries.onConcurrentUpdate(n -> {
      attempts.add(n);
      throw conflict(n);
    })).isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("s-" + Retries.MAX_ATTEMPTS);

    assertThat(attempts).hasSize(Retries.MAX_ATTEMPTS).startsWith(1).endsWith(Retries.MAX_ATTEMPTS);
  }

  @Test
  void any_other_failure_ends_the_loop_at_once() {
    List<Integer> attempts = new ArrayList<>();

    assertThatThrownBy(() -> Retries.onConcurrentUpdate(n -> {
      attempts.add(n);
      throw new IllegalStateException("not a conflict");
    })).isInstanceOf(IllegalStateException.class).hasMessage("not a conflict");

    assertThat(attempts).containsExactly(1);
  }
}
