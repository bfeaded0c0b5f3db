package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.Delivery;
import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.ExecutionTrigger;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import dev.chronos.spi.Attempt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The state of one attempt, without a store or a lane. */
class AttemptRunTest {
  private static final Instant NOW = Instant.parse("2026-01-15T09:00:00Z");

  static Attempt attempt() {
    return attempt(Delivery.pull());
  }

  static Attempt attempt(Delivery delivery) {
    UUID jobId = UUID.randomUUID();
    Job job =
        new Job(
            jobId,
            "default",
            "j",
            "h",
            null,
            JobStatus.RUNNING,
            NOW,
            NOW,
            NOW,
            NOW,
            1,
            3,
            Duration.ofSeconds(30),
            delivery,
            null,
            null,
            null,
            null);
    Execution execution =
        new Execution(
            UUID.randomUUID(),
            jobId,
            1,
            ExecutionTrigger.SUBMIT,
            ExecutionStatus.RUNNING,
            NOW,
            null,
            NOW.plusSeconds(40),
            null,
            null,
            "node",
            null);
    return new Attempt(job, execution);
  }

  private final AttemptRun run = new AttemptRun(attempt(), ctx -> "ok", NOW.plusSeconds(30));

  @Test
  void an_attempt_starts_once_and_ends_once_from_the_state_it_was_in() {
    assertThat(run.state()).isEqualTo(AttemptRun.State.WAITING);
    assertThat(run.start(Thread.currentThread())).isTrue();
    assertThat(run.start(Thread.currentThread())).isFalse();

    assertThat(run.end()).isEqualTo(AttemptRun.State.STARTED);
    assertThat(run.end()).isNull();
    assertThat(run.ended()).isTrue();
  }

  @Test
  void an_attempt_ended_while_waiting_can_no_longer_start() {
    assertThat(run.end()).isEqualTo(AttemptRun.State.WAITING);
    assertThat(run.start(Thread.currentThread())).isFalse();
  }

  @Test
  void of_many_threads_racing_to_end_an_attempt_exactly_one_wins() throws Exception {
    run.start(null);
    AtomicInteger winners = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                if (run.end() != null) {
                  winners.incrementAndGet();
                }
              });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(10));
    }
    assertThat(winners).hasValue(1);
  }

  @Test
  void a_thread_still_inside_the_handler_is_counted_as_abandoned_until_it_leaves() {
    run.start(Thread.currentThread());
    assertThat(run.abandon()).isSameAs(Thread.currentThread());
    assertThat(run.leftHandler()).isTrue();
    assertThat(run.abandon()).isNull();
  }

  @Test
  void interrupting_reaches_the_thread_inside_the_handler() {
    run.start(Thread.currentThread());
    run.interrupt();
    assertThat(Thread.interrupted()).isTrue();
    run.leftHandler();
    run.interrupt();
    assertThat(Thread.interrupted()).isFalse();
  }
}
