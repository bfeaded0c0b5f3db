package dev.chronos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chronos.Chronos;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.JobStatus;
import dev.chronos.OnConflict;
import dev.chronos.Submission;
import dev.chronos.spring.internal.TransactionJoiningChronos;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code chronos.submit(...)} in the application's {@code @Transactional} methods, with no Chronos
 * code for transactions: the job is written in the caller's transaction. Run on every database the
 * starter is tested on.
 */
abstract class TransactionalSubmitScenarios {
  /** Generous: the figure is tens of milliseconds, printed by the test; the machine is loaded. */
  static final Duration COMMIT_TO_START = Duration.ofSeconds(2);

  @Autowired Chronos chronos;
  @Autowired TxApp.Orders orders;
  @Autowired TxApp.Charges charges;
  @Autowired TxApp.Separately separately;

  private static String order() {
    return "o-" + UUID.randomUUID();
  }

  private void awaitCharged(String orderId) {
    await().atMost(Duration.ofSeconds(30)).until(() -> charges.started.containsKey(orderId));
  }

  /** Whether a job holds the order's charge key: get-or-create answers without creating twice. */
  private boolean chargeExists(String orderId) {
    Submission s = chronos.submit(TxApp.Charges.request(orderId), OnConflict.RETURN_EXISTING);
    return !s.created();
  }

  @Test
  void the_chronos_bean_joins_spring_transactions() {
    assertThat(chronos).isInstanceOf(TransactionJoiningChronos.class);
  }

  @Test
  void a_transaction_that_throws_leaves_no_job_and_nothing_runs() {
    String rolledBack = order();
    assertThatThrownBy(
            () ->
                orders.place(
                    rolledBack,
                    () -> {
                      throw new IllegalStateException("payment declined");
                    }))
        .hasMessage("payment declined");
    UUID id = charges.submitted.get(rolledBack);

    assertThat(id).isNotNull();
    assertThat(chronos.job(id)).isEmpty();
    assertThat(orders.count(rolledBack)).isZero();
    // A committed charge submitted after it runs: the dispatcher was awake, and it never saw the
    // rolled-back one.
    String committed = order();
    orders.place(committed, () -> {});
    awaitCharged(committed);
    assertThat(charges.started).doesNotContainKey(rolledBack);
    assertThat(chargeExists(rolledBack)).isFalse();
  }

  @Test
  void a_transaction_that_commits_runs_its_job_after_the_commit_and_within_milliseconds() {
    String orderId = order();
    String sentinel = order();
    orders.place(
        orderId,
        () -> {
          // While the transaction is open, a job submitted outside it runs, and the order's charge
          // does not: it is not visible before the commit.
          separately.chargeWithoutTransaction(sentinel);
          awaitCharged(sentinel);
          assertThat(charges.started).doesNotContainKey(orderId);
        });
    awaitCharged(orderId);

    long gap = charges.started.get(orderId) - charges.committed.get(orderId);
    assertThat(charges.started.get(orderId)).isGreaterThan(charges.committing.get(orderId));
    System.out.printf(
        "%s: commit to start of the charge: %.1f ms%n", getClass().getSimpleName(), gap / 1e6);
    assertThat(Duration.ofNanos(gap)).isLessThan(COMMIT_TO_START);
    assertThat(orders.count(orderId)).isOne();
    UUID id = charges.submitted.get(orderId);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> chronos.job(id).orElseThrow().status() == JobStatus.COMPLETED);
  }

  @Test
  void a_requires_new_transaction_commits_its_job_though_the_outer_one_rolls_back() {
    String orderId = order();
    assertThatThrownBy(() -> orders.placeChargingSeparately(orderId, true))
        .isInstanceOf(IllegalStateException.class);

    assertThat(orders.count(orderId)).isZero();
    awaitCharged(orderId);
    assertThat(chargeExists(orderId)).isTrue();
  }

  @Test
  void a_submit_outside_the_transaction_commits_on_its_own() {
    String outside = order();
    assertThatThrownBy(
            () ->
                orders.placeThen(
                    outside,
                    () -> {
                      separately.chargeWithoutTransaction(outside);
                      throw new IllegalStateException("rolled back");
                    }))
        .hasMessage("rolled back");
    assertThat(orders.count(outside)).isZero();
    awaitCharged(outside);

    // No transaction at all: today's submit.
    String plain = order();
    chronos.submit(TxApp.Charges.request(plain));
    awaitCharged(plain);
  }

  @Test
  void a_read_only_transaction_is_refused_and_stores_nothing() {
    String orderId = order();
    assertThatThrownBy(() -> orders.chargeReadOnly(orderId))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("read-only Spring transaction");
    assertThat(chargeExists(orderId)).isFalse();
  }

  @Test
  void a_taken_key_in_a_transaction_throws_and_the_transaction_goes_on_to_commit() {
    String orderId = order();
    UUID holder = chronos.submit(TxApp.Charges.request(orderId)).id();
    awaitCharged(orderId);
    AtomicReference<IdempotencyKeyConflictException> conflict = new AtomicReference<>();

    orders.placeThen(
        orderId,
        () -> {
          try {
            chronos.submit(TxApp.Charges.request(orderId));
          } catch (IdempotencyKeyConflictException e) {
            conflict.set(e);
          }
          // Still usable (PostgreSQL would refuse every statement of an aborted transaction).
          assertThat(chronos.submit(TxApp.Charges.request(orderId), OnConflict.RETURN_EXISTING))
              .satisfies(s -> assertThat(s.job().id()).isEqualTo(holder));
        });

    assertThat(conflict.get().existingJobId()).isEqualTo(holder);
    assertThat(orders.count(orderId)).isOne();
  }

  @Test
  void submit_all_in_a_transaction_writes_every_job_in_it() {
    String a = order();
    String b = order();
    assertThatThrownBy(() -> orders.placeAll(java.util.List.of(a, b), true))
        .hasMessage("batch refused");
    assertThat(orders.count(a) + orders.count(b)).isZero();

    String c = order();
    String d = order();
    orders.placeAll(java.util.List.of(c, d), false);
    awaitCharged(c);
    awaitCharged(d);
    assertThat(charges.started).doesNotContainKeys(a, b);
    assertThat(chargeExists(a)).isFalse();
    assertThat(chargeExists(b)).isFalse();
  }
}
