package org.scenariomigration.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One page of a session's visit log ({@link VisitLog#visits}), oldest first.
 *
 * @param visits the visits of the page, by ordinal
 * @param more whether the log holds visits after the last of this page
 */
public record VisitPage(List<LoggedVisit> visits, boolean more) {

  /** Copies the list. */
  public VisitPage {
    visits = List.copyOf(requireNonNull(visits, "visits"));
  }

  /**
   * The {@code afterOrdinal} of the next page: the last ordinal of this one, or {@code after} (the one this page was
   * read after) when it is empty.
   */
  public long nextAfter(long after) {
    return visits.isEmpty() ? after : visits.get(visits.size() - 1).ordinal();
  }
}
