package dev.chronos;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a query's results.
 *
 * <p>On a big table counting every match for every page would cost more than the page: a store may
 * then count only up to a bound and say so ({@link #totalIsExact()} false, {@link #total()} a lower
 * bound). {@link #nextCursor()} lets a caller read the next page from where this one ended ({@link
 * JobQuery.Builder#after(String)}), which costs the same however far into the list it is.
 *
 * @param items the items on this page
 * @param page the page number, from 1
 * @param size the page size asked for
 * @param total how many items match the query in all; when {@code totalIsExact} is false, at least
 *     this many
 * @param totalIsExact whether {@code total} is the exact count; false when the store counted only
 *     up to a bound (the JDBC store counts up to 10,000 matches)
 * @param nextCursor the position after this page's last item, for {@link
 *     JobQuery.Builder#after(String)}; empty when there is no next page or the list has no cursors
 * @param <T> the item type
 */
public record Page<T>(
    List<T> items,
    int page,
    int size,
    long total,
    boolean totalIsExact,
    Optional<String> nextCursor) {
  /** Copies the items and checks the numbers. */
  public Page {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
    Objects.requireNonNull(nextCursor, "nextCursor");
    if (page < 1 || size < 1 || total < 0) {
      throw new IllegalArgumentException("page and size must be positive, total not negative");
    }
  }

  /**
   * A page with an exact total and no cursor.
   *
   * @param items the items on this page
   * @param page the page number, from 1
   * @param size the page size asked for
   * @param total how many items match the query in all
   */
  public Page(List<T> items, int page, int size, long total) {
    this(items, page, size, total, true, Optional.empty());
  }

  /**
   * How many pages the query has in all; a lower bound when the total is not exact.
   *
   * @return {@code ceil(total / size)}
   */
  public long pages() {
    return (total + size - 1) / size;
  }
}
