package dev.chronos.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chronos.Delivery;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.JobSelector;
import dev.chronos.spi.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Claims scoped to one account ({@link JobSelector#account()}), as every {@link JobStore} must make
 * them: a worker acting for one account claims and sees only that account's due jobs, whatever
 * other accounts have due on the same handler, and jobs of every account are still taken by a
 * selector without an account. Extend this class and implement {@link #createStore()}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class AccountClaimsContractTest {
  /** The instant the tests run at. */
  protected static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");

  private static final Duration GRACE = Duration.ZERO;
  private static final String HANDLER = "resize";
  private static final JobSelector PULL = JobSelector.handlers(Set.of(HANDLER));

  private JobStore store;
  private long nextId;

  /** For subclasses, one per store under test. */
  protected AccountClaimsContractTest() {}

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

  @Test
  void a_claim_for_one_account_takes_only_that_accounts_jobs() {
    // The other account's jobs are due first, so a claim that ignored the account would take them.
    List<Job> theirs = jobs("other", HANDLER, Delivery.pull(), 5, NOW.minusSeconds(60));
    List<Job> mine = jobs("acme", HANDLER, Delivery.pull(), 3, NOW.minusSeconds(30));
    store.insertAll(theirs);
    store.insertAll(mine);

    List<Attempt> claimed = store.claimDue(PULL.forAccount("acme"), 10, "w", NOW, GRACE);

    assertThat(claimed)
        .extracting(a -> a.job().id())
        .containsExactlyElementsOf(ids(mine)); // earliest first, as without an account
    assertThat(claimed).allSatisfy(a -> assertThat(a.job().account()).isEqualTo("acme"));
    for (Job job : theirs) {
      assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    }
    assertThat(store.claimDue(PULL.forAccount("acme"), 10, "w", NOW, GRACE)).isEmpty();
  }

  @Test
  void a_claim_for_one_account_stops_at_max_with_more_due_of_others() {
    store.insertAll(jobs("other", HANDLER, Delivery.pull(), 20, NOW.minusSeconds(60)));
    List<Job> mine = jobs("acme", HANDLER, Delivery.pull(), 4, NOW.minusSeconds(30));
    store.insertAll(mine);

    assertThat(store.claimDue(PULL.forAccount("acme"), 2, "w", NOW, GRACE))
        .extracting(a -> a.job().id())
        .containsExactlyElementsOf(ids(mine).subList(0, 2));
    assertThat(store.claimDue(PULL.forAccount("acme"), 2, "w", NOW, GRACE))
        .extracting(a -> a.job().id())
        .containsExactlyElementsOf(ids(mine).subList(2, 4));
  }

  @Test
  void find_due_for_one_account_lists_only_that_accounts_jobs() {
    List<Job> theirs = jobs("other", HANDLER, Delivery.pull(), 3, NOW.minusSeconds(60));
    List<Job> mine = jobs("acme", HANDLER, Delivery.pull(), 2, NOW.minusSeconds(30));
    List<Job> minePush = jobs("acme", null, Delivery.push("https://example.com/h"), 1, NOW);
    store.insertAll(theirs);
    store.insertAll(mine);
    store.insertAll(minePush);
    store.insertAll(jobs("other", null, Delivery.push("https://example.com/h"), 1, NOW));

    assertThat(store.findDue(PULL.forAccount("acme"), NOW, 10))
        .extracting(DueJob::id)
        .containsExactlyElementsOf(ids(mine));
    List<UUID> mineAll = new ArrayList<>(ids(mine));
    mineAll.addAll(ids(minePush));
    assertThat(store.findDue(new JobSelector(Set.of(HANDLER), true, "acme"), NOW, 10))
        .extracting(DueJob::id)
        .containsExactlyElementsOf(mineAll);
    assertThat(store.findDue(PULL.forAccount("nobody"), NOW, 10)).isEmpty();
    // Without an account, every account's due jobs, earliest first.
    List<UUID> all = new ArrayList<>(ids(theirs));
    all.addAll(ids(mine));
    assertThat(store.findDue(PULL, NOW, 10)).extracting(DueJob::id).containsExactlyElementsOf(all);
  }

  @Test
  void a_claim_without_an_account_takes_every_accounts_jobs() {
    store.insertAll(jobs("other", HANDLER, Delivery.pull(), 2, NOW.minusSeconds(60)));
    store.insertAll(jobs("acme", HANDLER, Delivery.pull(), 2, NOW.minusSeconds(30)));

    assertThat(store.claimDue(PULL, 10, "w", NOW, GRACE))
        .extracting(a -> a.job().account())
        .containsExactly("other", "other", "acme", "acme");
  }

  @Test
  void concurrent_claims_of_two_accounts_each_take_their_own_jobs_exactly_once() throws Exception {
    List<Job> a = jobs("acct-a", HANDLER, Delivery.pull(), 60, NOW.minusSeconds(60));
    List<Job> b = jobs("acct-b", HANDLER, Delivery.pull(), 60, NOW.minusSeconds(60));
    store.insertAll(a);
    store.insertAll(b);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Attempt>>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String account = i % 2 == 0 ? "acct-a" : "acct-b";
        Callable<List<Attempt>> claimer =
            () -> {
              List<Attempt> mine = new ArrayList<>();
              while (true) {
                List<Attempt> batch =
                    store.claimDue(PULL.forAccount(account), 7, "w-" + account, NOW, GRACE);
                if (batch.isEmpty()) {
                  return mine;
                }
                mine.addAll(batch);
              }
            };
        runs.add(pool.submit(claimer));
      }
      List<UUID> ofA = new ArrayList<>();
      List<UUID> ofB = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        for (Attempt attempt : runs.get(i).get(50, TimeUnit.SECONDS)) {
          assertThat(attempt.job().account()).isEqualTo(i % 2 == 0 ? "acct-a" : "acct-b");
          (i % 2 == 0 ? ofA : ofB).add(attempt.job().id());
        }
      }
      assertThat(ofA).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(a));
      assertThat(ofB).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(b));
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code n} pending jobs of an account, due one millisecond apart from {@code firstDue}. */
  private List<Job> jobs(String account, String handler, Delivery delivery, int n, Instant first) {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nextId++;
      Instant runAt = first.plusMillis(i);
      jobs.add(
          new Job(
              UUID.fromString(String.format("00000000-0000-4000-8000-%012x", nextId)),
              account,
              "Resize " + nextId,
              handler,
              new ObjectMapper().createObjectNode().put("n", nextId),
              JobStatus.PENDING,
              runAt,
              runAt,
              NOW.minusSeconds(3_600),
              NOW.minusSeconds(3_600),
              0,
              3,
              Duration.ofSeconds(30),
              delivery,
              null,
              null,
              null,
              null));
    }
    return jobs;
  }

  private static List<UUID> ids(List<Job> jobs) {
    return jobs.stream().map(Job::id).toList();
  }
}
