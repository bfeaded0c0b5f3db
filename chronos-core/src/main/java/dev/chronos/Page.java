package dev.chronos;

import java.util.List;
import java.util.Objects;

/**
 * One page of a query's results.
 *
 * @param items the items on this page
 * @param page the page number, from 1
 * @param size the page size asked for
 * @param total how many items match the query in all
 * @param <T> the item type
 */
public record Page<T>(List<T> items, int page, int size, long total) {
  /** Copies the items and checks the numbers. */
  public Page {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
    if (page < 1 || size < 1 || total < 0) {
      throw new IllegalArgumentException("page and size must be positive, total not negative");
    }
  }

  /**
   * How many pages the query has in all.
   *
   * @return {@code ceil(total / size)}
   */
  public long pages() {
    return (total + size - 1) / size;
  }
}
