package dev.chronos.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.Delivery;
import dev.chronos.Job;
import dev.chronos.JobQuery;
import dev.chronos.JobStatus;
import dev.chronos.Page;
import dev.chronos.spi.ExecutionOutcome;
import dev.chronos.spi.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Job lists paged by number and by cursor ({@link JobQuery.Builder#after(String)}, {@link
 * Page#nextCursor()}), as every {@link JobStore} must serve them: extend this class and implement
 * {@link #createStore()}. Times are fixed instants with microsecond precision; several jobs share a
 * creation time, so that ties are ordered by id.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class PagingContractTest {
  /** The instant the tests start at. */
  protected static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");

  private JobStore store;
  private int nextId;

  /** For subclasses, one per store under test. */
  protected PagingContractTest() {}

  /**
   * Creates the store under test: a new, empty one for each test.
   *
   * @return the store
   */
  protected abstract JobStore createStore();

  @BeforeEach
  final void openStore() {
    store = createStore();
  }

  @AfterEach
  final void closeStore() {
    store.close();
  }

  /**
   * A pending job created {@code secondsAgo} before {@link #NOW}; ids spread over the whole range,
   * high bit set on every other one, so that a store comparing ids as signed numbers is caught.
   */
  private Job job(String handler, long secondsAgo, UUID scheduleId) {
    nextId++;
    String high = (nextId % 2 == 0 ? "f" : "0") + String.format("%07x", nextId);
    UUID id = UUID.fromString(high + "-0000-4000-8000-" + String.format("%012x", nextId));
    Instant created = NOW.minusSeconds(secondsAgo);
    return new Job(
        id,
        "default",
        "Page me",
        handler,
        null,
        JobStatus.PENDING,
        created,
        NOW.plusSeconds(3_600),
        created,
        created,
        0,
        3,
        Duration.ofSeconds(30),
        Delivery.pull(),
        null,
        scheduleId,
        null,
        null);
  }

  /** Stores {@code n} jobs, three to a creation time; returns them newest first. */
  private List<Job> stored(int n, String handler, UUID scheduleId) {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Job job = job(handler, 10L * (i / 3), scheduleId);
      store.insert(job);
      jobs.add(job);
    }
    return newestFirst(jobs);
  }

  private static List<Job> newestFirst(List<Job> jobs) {
    List<Job> sorted = new ArrayList<>(jobs);
    sorted.sort(
        Comparator.comparing(Job::createdAt)
            .thenComparing(
                Job::id,
                (a, b) -> {
                  int c =
                      Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
                  return c != 0
                      ? c
                      : Long.compareUnsigned(
                          a.getLeastSignificantBits(), b.getLeastSignificantBits());
                })
            .reversed());
    return sorted;
  }

  private static List<UUID> ids(List<Job> jobs) {
    return jobs.stream().map(Job::id).toList();
  }

  /** Every page from the first, following the cursors, until a page has none. */
  private List<Page<Job>> walk(UnaryOperator<JobQuery.Builder> filters, int size) {
    List<Page<Job>> pages = new ArrayList<>();
    Page<Job> page = store.query(filters.apply(JobQuery.builder()).size(size).build());
    pages.add(page);
    while (page.nextCursor().isPresent()) {
      assertThat(pages).as("pages followed").hasSizeLessThan(100);
      page =
          store.query(
              filters.apply(JobQuery.builder()).size(size).after(page.nextCursor().get()).build());
      pages.add(page);
    }
    return pages;
  }

  private static List<UUID> items(List<Page<Job>> pages) {
    List<UUID> all = new ArrayList<>();
    pages.forEach(p -> all.addAll(ids(p.items())));
    return all;
  }

  @Test
  void following_the_cursors_lists_every_job_once_newest_first() {
    List<Job> jobs = stored(23, "send-email", null);

    List<Page<Job>> pages = walk(b -> b, 5);

    assertThat(items(pages)).containsExactlyElementsOf(ids(jobs));
    assertThat(pages).hasSize(5);
    assertThat(pages.get(4).items()).hasSize(3);
    assertThat(pages.get(4).nextCursor()).isEmpty();
    for (Page<Job> page : pages) {
      assertThat(page.total()).isEqualTo(23);
      assertThat(page.totalIsExact()).isTrue();
    }
  }

  @Test
  void cursor_pages_are_the_numbered_pages() {
    stored(17, "send-email", null);

    List<UUID> byNumber = new ArrayList<>();
    for (int page = 1; page <= 4; page++) {
      Page<Job> p = store.query(JobQuery.builder().page(page).size(5).build());
      byNumber.addAll(ids(p.items()));
      // A numbered page that has a next page gives its cursor too.
      assertThat(p.nextCursor().isPresent()).isEqualTo(page < 4);
    }

    assertThat(items(walk(b -> b, 5))).containsExactlyElementsOf(byNumber);
  }

  @Test
  void a_full_last_page_has_no_cursor() {
    stored(10, "send-email", null);

    Page<Job> second = store.query(JobQuery.builder().page(2).size(5).build());

    assertThat(second.items()).hasSize(5);
    assertThat(second.nextCursor()).isEmpty();
  }

  @Test
  void jobs_created_after_the_first_page_do_not_shift_the_next() {
    List<Job> jobs = stored(12, "send-email", null);
    Page<Job> first = store.query(JobQuery.builder().size(5).build());

    for (int i = 0; i < 3; i++) {
      store.insert(job("send-email", -60, null)); // newer than all
    }
    Page<Job> next =
        store.query(JobQuery.builder().size(5).after(first.nextCursor().orElseThrow()).build());

    assertThat(ids(next.items())).containsExactlyElementsOf(ids(jobs.subList(5, 10)));
    assertThat(next.total()).isEqualTo(15);
  }

  @Test
  void the_cursor_is_a_position_so_it_outlives_its_job() {
    List<Job> jobs = stored(9, "send-email", null);
    Page<Job> first = store.query(JobQuery.builder().size(4).build());
    Job last = first.items().get(3);
    store.cancel(last.id(), NOW);
    assertThat(store.purge(EnumSet.of(JobStatus.CANCELLED), NOW.plusSeconds(1), 10)).isEqualTo(1);

    Page<Job> next =
        store.query(JobQuery.builder().size(4).after(first.nextCursor().orElseThrow()).build());

    assertThat(ids(next.items())).containsExactlyElementsOf(ids(jobs.subList(4, 8)));
  }

  @Test
  void filters_hold_on_every_cursor_page() {
    UUID schedule = UUID.fromString("5c4ed01e-0000-4000-8000-000000000001");
    List<Job> emails = stored(14, "send-email", null);
    List<Job> reports = stored(6, "report", schedule);
    // Some of each finished in two ways, so that a filter on several statuses spans them.
    List<Job> cancelled = new ArrayList<>();
    List<Job> completed = new ArrayList<>();
    for (int i = 0; i < emails.size(); i += 3) {
      cancelled.add(store.cancel(emails.get(i).id(), NOW));
    }
    for (int i : List.of(1, 5, 10, 13)) {
      Job job = emails.get(i);
      var attempt = store.claim(List.of(job.id()), "node-1", NOW.plusSeconds(7_200), Duration.ZERO);
      store.finish(
          ExecutionOutcome.completed(attempt.get(0).execution().id(), null),
          NOW.plusSeconds(7_200));
      completed.add(job);
    }
    List<Job> finished = new ArrayList<>(cancelled);
    finished.addAll(completed);

    assertThat(items(walk(b -> b.handler("report"), 4))).containsExactlyElementsOf(ids(reports));
    assertThat(items(walk(b -> b.scheduleId(schedule), 4))).containsExactlyElementsOf(ids(reports));
    assertThat(items(walk(b -> b.oneOffOnly(), 4))).containsExactlyElementsOf(ids(emails));
    assertThat(items(walk(b -> b.statuses(JobStatus.CANCELLED, JobStatus.COMPLETED), 2)))
        .containsExactlyElementsOf(ids(newestFirst(finished)));
    List<Page<Job>> pending = walk(b -> b.statuses(JobStatus.PENDING).handler("send-email"), 3);
    assertThat(items(pending))
        .hasSize(14 - finished.size())
        .doesNotContainAnyElementsOf(ids(finished));
    assertThat(pending.get(0).total()).isEqualTo(14 - finished.size());
  }

  @Test
  void a_cursor_past_the_end_gives_an_empty_page() {
    List<Job> jobs = stored(4, "send-email", null);
    String afterOldest = dev.chronos.spi.PageCursor.of(jobs.get(jobs.size() - 1)).encode();

    Page<Job> page = store.query(JobQuery.builder().after(afterOldest).build());

    assertThat(page.items()).isEmpty();
    assertThat(page.nextCursor()).isEmpty();
    assertThat(page.total()).isEqualTo(4);
  }

  @Test
  void a_numbered_page_past_the_end_is_empty_with_the_total() {
    stored(4, "send-email", null);

    Page<Job> page = store.query(JobQuery.builder().page(9).size(3).build());

    assertThat(page.items()).isEmpty();
    assertThat(page.nextCursor()).isEmpty();
    assertThat(page.total()).isEqualTo(4);
    assertThat(page.totalIsExact()).isTrue();
  }
}
