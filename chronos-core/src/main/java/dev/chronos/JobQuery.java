package dev.chronos;

import dev.chronos.ValidationException.FieldError;
import dev.chronos.spi.PageCursor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Filters and paging for {@link Chronos#jobs}: the API's {@code GET /v1/jobs} query. Immutable.
 * Results are ordered newest first ({@code created_at} descending, then id).
 *
 * <p>Filters combine with AND: {@code account} (default {@code default}), the schedule ({@link
 * Builder#scheduleId(UUID) one schedule's jobs} or {@link Builder#oneOffOnly() one-off jobs only},
 * the API's {@code schedule_id=null}), {@code statuses} (any of), {@code handler}. Paging: {@code
 * page} from 1, {@code size} 1–100 (default 20); or, to read far into a long list at the cost of
 * the first page, {@code after} a cursor from the previous page ({@link Page#nextCursor()}), which
 * starts the page right after that page's last job (jobs created meanwhile do not shift it).
 */
public final class JobQuery {
  /** The default page size. */
  public static final int DEFAULT_SIZE = 20;

  /** The largest page size. */
  public static final int MAX_SIZE = 100;

  private final String account;
  private final UUID scheduleId;
  private final boolean oneOffOnly;
  private final Set<JobStatus> statuses;
  private final String handler;
  private final int page;
  private final int size;
  private final String after;

  private JobQuery(Builder b) {
    this.account = b.account;
    this.scheduleId = b.scheduleId;
    this.oneOffOnly = b.oneOffOnly;
    this.statuses =
        b.statuses.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(b.statuses));
    this.handler = b.handler;
    this.page = b.page;
    this.size = b.size;
    this.after = b.after;
  }

  /**
   * Starts a query: all jobs of the default account, page 1 of 20.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The first page of all jobs of the default account.
   *
   * @return the query
   */
  public static JobQuery all() {
    return builder().build();
  }

  /**
   * Reads the API's query string parameters: {@code account}, {@code schedule_id} (a UUID, or the
   * literal {@code null} for one-off jobs only), {@code status} (comma-separated), {@code handler},
   * {@code page}, {@code size}, {@code after} (a cursor from {@link Page#nextCursor()}).
   *
   * @param parameters the decoded query parameters
   * @return the query
   * @throws ValidationException naming every unknown or invalid parameter
   */
  public static JobQuery fromQueryParameters(Map<String, String> parameters) {
    Builder b = builder();
    List<FieldError> errors = new ArrayList<>();
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      String value = p.getValue() == null ? "" : p.getValue().strip();
      switch (p.getKey()) {
        case "account" -> b.account(value);
        case "schedule_id" -> {
          if (value.equals("null")) {
            b.oneOffOnly();
          } else {
            try {
              b.scheduleId(UUID.fromString(value));
            } catch (IllegalArgumentException e) {
              errors.add(new FieldError("schedule_id", "must be a UUID or null"));
            }
          }
        }
        case "status" -> {
          for (String s : value.split(",")) {
            try {
              b.statuses.add(JobStatus.fromJson(s.strip()));
            } catch (IllegalArgumentException e) {
              errors.add(
                  new FieldError(
                      "status",
                      "must be pending, running, retrying, completed, failed or cancelled"));
              break;
            }
          }
        }
        case "handler" -> b.handler(value);
        case "page" -> b.page = integer(value, "page", errors);
        case "size" -> b.size = integer(value, "size", errors);
        case "after" -> b.after(value);
        default -> errors.add(new FieldError(p.getKey(), "is not a known query parameter"));
      }
    }
    errors.addAll(b.errors());
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new JobQuery(b);
  }

  /** Reads an integer query parameter; a malformed one is reported and read as 1. */
  static int integer(String value, String field, List<FieldError> errors) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      errors.add(new FieldError(field, "must be an integer"));
      return 1;
    }
  }

  /**
   * The account whose jobs are listed.
   *
   * @return the account
   */
  public String account() {
    return account;
  }

  /**
   * Only jobs of this schedule, if set.
   *
   * @return the schedule id
   */
  public Optional<UUID> scheduleId() {
    return Optional.ofNullable(scheduleId);
  }

  /**
   * Whether only one-off jobs (no schedule) are listed.
   *
   * @return true for the API's {@code schedule_id=null}
   */
  public boolean oneOffOnly() {
    return oneOffOnly;
  }

  /**
   * Only jobs in one of these statuses; empty means any status.
   *
   * @return the statuses
   */
  public Set<JobStatus> statuses() {
    return statuses;
  }

  /**
   * Only jobs of this handler, if set.
   *
   * @return the handler name
   */
  public Optional<String> handler() {
    return Optional.ofNullable(handler);
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
   * The cursor the page starts after, if paging by cursor.
   *
   * @return the cursor text from {@link Page#nextCursor()}, or empty when paging by page number
   */
  public Optional<String> after() {
    return Optional.ofNullable(after);
  }

  /**
   * The position the page starts after, if paging by cursor.
   *
   * @return the decoded {@link #after()} cursor, or empty when paging by page number
   */
  public Optional<PageCursor> afterPosition() {
    return after == null ? Optional.empty() : PageCursor.decode(after);
  }

  /**
   * The number of items before this page when paging by page number.
   *
   * @return {@code (page − 1) × size}; 0 when paging by cursor (the page starts after the cursor)
   */
  public long offset() {
    if (after != null) {
      return 0;
    }
    return (long) (page - 1) * size;
  }

  /**
   * Whether a job matches the filters (not the paging).
   *
   * @param job the job
   * @return true if it matches
   */
  public boolean matches(Job job) {
    return job.account().equals(account)
        && (!oneOffOnly || job.scheduleId() == null)
        && (scheduleId == null || scheduleId.equals(job.scheduleId()))
        && (statuses.isEmpty() || statuses.contains(job.status()))
        && (handler == null || handler.equals(job.handler()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobQuery q
        && account.equals(q.account)
        && Objects.equals(scheduleId, q.scheduleId)
        && oneOffOnly == q.oneOffOnly
        && statuses.equals(q.statuses)
        && Objects.equals(handler, q.handler)
        && page == q.page
        && size == q.size
        && Objects.equals(after, q.after);
  }

  @Override
  public int hashCode() {
    return Objects.hash(account, scheduleId, oneOffOnly, statuses, handler, page, size, after);
  }

  @Override
  public String toString() {
    return "JobQuery{account="
        + account
        + (oneOffOnly ? ", schedule_id=null" : "")
        + (scheduleId != null ? ", schedule_id=" + scheduleId : "")
        + (statuses.isEmpty() ? "" : ", statuses=" + statuses)
        + (handler != null ? ", handler=" + handler : "")
        + ", page="
        + page
        + ", size="
        + size
        + (after != null ? ", after=" + after : "")
        + "}";
  }

  /** Collects the filters of a {@link JobQuery}. Not thread-safe. */
  public static final class Builder {
    private String account = JobRequest.DEFAULT_ACCOUNT;
    private UUID scheduleId;
    private boolean oneOffOnly;
    private final Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
    private String handler;
    private int page = 1;
    private int size = DEFAULT_SIZE;
    private String after;

    private Builder() {}

    /**
     * Lists jobs of this account (default {@code default}).
     *
     * @param account the account
     * @return this builder
     */
    public Builder account(String account) {
      this.account = account;
      return this;
    }

    /**
     * Lists only the jobs of this schedule.
     *
     * @param scheduleId the schedule
     * @return this builder
     */
    public Builder scheduleId(UUID scheduleId) {
      this.scheduleId = scheduleId;
      this.oneOffOnly = false;
      return this;
    }

    /**
     * Lists only one-off jobs (the API's {@code schedule_id=null}).
     *
     * @return this builder
     */
    public Builder oneOffOnly() {
      this.oneOffOnly = true;
      this.scheduleId = null;
      return this;
    }

    /**
     * Lists only jobs in one of these statuses.
     *
     * @param statuses the statuses
     * @return this builder
     */
    public Builder statuses(JobStatus... statuses) {
      this.statuses.addAll(List.of(statuses));
      return this;
    }

    /**
     * Lists only jobs of this handler.
     *
     * @param handler the handler name
     * @return this builder
     */
    public Builder handler(String handler) {
      this.handler = handler;
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
     * Starts the page right after the last job of an earlier page (keyset paging): pass that page's
     * {@link Page#nextCursor()}. The page number is then not used to skip jobs; the filters should
     * be the same as the earlier page's. Null (or empty) goes back to paging by page number.
     *
     * @param cursor a cursor from {@link Page#nextCursor()}
     * @return this builder
     */
    public Builder after(String cursor) {
      this.after = cursor == null || cursor.isEmpty() ? null : cursor;
      return this;
    }

    /**
     * Checks the paging and builds the query.
     *
     * @return the query
     * @throws ValidationException naming {@code page}, {@code size}, {@code account} or {@code
     *     after} (text that is not a cursor)
     */
    public JobQuery build() {
      List<FieldError> errors = errors();
      if (!errors.isEmpty()) {
        throw new ValidationException(errors);
      }
      return new JobQuery(this);
    }

    private List<FieldError> errors() {
      List<FieldError> errors = pagingErrors(account, page, size);
      if (after != null && PageCursor.decode(after).isEmpty()) {
        errors.add(new FieldError("after", "must be a cursor from a page's next_cursor"));
      }
      return errors;
    }
  }

  /** The rules every query shares: a non-blank account, page from 1, size 1–100. */
  static List<FieldError> pagingErrors(String account, int page, int size) {
    List<FieldError> errors = new ArrayList<>();
    if (account == null || account.isBlank()) {
      errors.add(new FieldError("account", "must not be blank"));
    }
    if (page < 1) {
      errors.add(new FieldError("page", "must be 1 or more"));
    }
    if (size < 1 || size > MAX_SIZE) {
      errors.add(new FieldError("size", "must be between 1 and " + MAX_SIZE));
    }
    return errors;
  }
}
