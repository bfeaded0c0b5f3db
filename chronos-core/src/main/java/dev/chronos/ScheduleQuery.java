package dev.chronos;

import dev.chronos.ValidationException.FieldError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Filters and paging for {@link Schedules#list}: the schedules of an account (default {@code
 * default}), optionally only some statuses or the one with a key, newest first; {@code page} from
 * 1, {@code size} 1–100 (default 20). Immutable; built like {@link JobQuery}, with {@link
 * #builder()}.
 */
public final class ScheduleQuery {
  private static final int MAX_KEY = 255;

  private final String account;
  private final Set<ScheduleStatus> statuses;
  private final String key;
  private final int page;
  private final int size;

  private ScheduleQuery(Builder b) {
    this.account = b.account;
    this.statuses =
        b.statuses.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(b.statuses));
    this.key = b.key;
    this.page = b.page;
    this.size = b.size;
  }

  /**
   * Starts a query: all schedules of the default account, page 1 of 20.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The first page of all schedules of the default account.
   *
   * @return the query
   */
  public static ScheduleQuery all() {
    return builder().build();
  }

  /**
   * Reads query string parameters: {@code account}, {@code status} (comma-separated), {@code key},
   * {@code page}, {@code size}.
   *
   * @param parameters the decoded query parameters
   * @return the query
   * @throws ValidationException naming every unknown or invalid parameter
   */
  public static ScheduleQuery fromQueryParameters(Map<String, String> parameters) {
    Builder b = builder();
    List<FieldError> errors = new ArrayList<>();
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      String value = p.getValue() == null ? "" : p.getValue().strip();
      switch (p.getKey()) {
        case "account" -> b.account(value);
        case "status" -> {
          for (String s : value.split(",")) {
            try {
              b.statuses.add(ScheduleStatus.valueOf(s.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
              errors.add(new FieldError("status", "must be active, paused, completed or archived"));
              break;
            }
          }
        }
        case "key" -> b.key(value);
        case "page" -> b.page = JobQuery.integer(value, "page", errors);
        case "size" -> b.size = JobQuery.integer(value, "size", errors);
        default -> errors.add(new FieldError(p.getKey(), "is not a known query parameter"));
      }
    }
    errors.addAll(b.errors());
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new ScheduleQuery(b);
  }

  /**
   * The account whose schedules are listed.
   *
   * @return the account
   */
  public String account() {
    return account;
  }

  /**
   * Only schedules in one of these statuses; empty means any status.
   *
   * @return the statuses
   */
  public Set<ScheduleStatus> statuses() {
    return statuses;
  }

  /**
   * Only the schedule with this key ({@link ScheduleRequest.Builder#key}), compared exactly.
   *
   * @return the key, or empty for schedules with any key or none
   */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /**
   * The page number, from 1.
   *
   * @return the page
   */
  public int page() {
    return page;
  }

  /**
   * The page size.
   *
   * @return the size, 1–100
   */
  public int size() {
    return size;
  }

  /**
   * The number of items before this page.
   *
   * @return {@code (page − 1) × size}
   */
  public long offset() {
    return (long) (page - 1) * size;
  }

  /**
   * A builder holding this query's filters, to derive a changed query.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.account = account;
    b.statuses.addAll(statuses);
    b.key = key;
    b.page = page;
    b.size = size;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScheduleQuery q
        && account.equals(q.account)
        && statuses.equals(q.statuses)
        && Objects.equals(key, q.key)
        && page == q.page
        && size == q.size;
  }

  @Override
  public int hashCode() {
    return Objects.hash(account, statuses, key, page, size);
  }

  @Override
  public String toString() {
    return "ScheduleQuery{account="
        + account
        + (statuses.isEmpty() ? "" : ", statuses=" + statuses)
        + (key == null ? "" : ", key=" + key)
        + ", page="
        + page
        + ", size="
        + size
        + "}";
  }

  /** Collects the filters of a {@link ScheduleQuery}. Not thread-safe. */
  public static final class Builder {
    private String account = JobRequest.DEFAULT_ACCOUNT;
    private final Set<ScheduleStatus> statuses = EnumSet.noneOf(ScheduleStatus.class);
    private String key;
    private int page = 1;
    private int size = JobQuery.DEFAULT_SIZE;

    private Builder() {}

    /**
     * Lists schedules of this account (default {@code default}).
     *
     * @param account the account
     * @return this builder
     */
    public Builder account(String account) {
      this.account = account;
      return this;
    }

    /**
     * Lists only schedules in one of these statuses.
     *
     * @param statuses the statuses
     * @return this builder
     */
    public Builder statuses(ScheduleStatus... statuses) {
      this.statuses.addAll(List.of(statuses));
      return this;
    }

    /**
     * Lists only the schedule with this key (at most one per account), compared exactly.
     *
     * @param key the key, 1–255 characters; null for no key filter
     * @return this builder
     */
    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /**
     * Sets the page number, from 1.
     *
     * @param page the page
     * @return this builder
     */
    public Builder page(int page) {
      this.page = page;
      return this;
    }

    /**
     * Sets the page size, 1–100 (default 20).
     *
     * @param size the size
     * @return this builder
     */
    public Builder size(int size) {
      this.size = size;
      return this;
    }

    /**
     * Checks the paging and builds the query.
     *
     * @return the query
     * @throws ValidationException naming {@code page}, {@code size}, {@code account} or {@code key}
     */
    public ScheduleQuery build() {
      List<FieldError> errors = errors();
      if (!errors.isEmpty()) {
        throw new ValidationException(errors);
      }
      return new ScheduleQuery(this);
    }

    private List<FieldError> errors() {
      List<FieldError> errors = new ArrayList<>(JobQuery.pagingErrors(account, page, size));
      if (key != null && (key.isBlank() || key.length() > MAX_KEY)) {
        errors.add(new FieldError("key", "must be 1-" + MAX_KEY + " characters, not blank"));
      }
      return errors;
    }
  }
}
