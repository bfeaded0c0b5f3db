package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Waiting for a condition that other threads change. */
class SignalTest {
  private final Signal signal = new Signal();
  private final AtomicBoolean done = new AtomicBoolean();

  @Test
  void a_condition_that_holds_already_returns_at_once() throws Exception {
    done.set(true);
    assertThat(signal.await(done::get, 0)).isTrue();
  }

  @Test
  void a_condition_that_never_holds_returns_false_at_the_timeout() throws Exception {
    assertThat(signal.await(done::get, TimeUnit.MILLISECONDS.toNanos(10))).isFalse();
  }

  @Test
  void a_signal_after_the_condition_changed_wakes_the_waiter() {
    CompletableFuture<Boolean> waiter =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return signal.await(done::get, TimeUnit.HOURS.toNanos(1));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    done.set(true);
    // The waiter may not have registered yet: signal until it is done, as the engine does on
    // every change (a waiter that registers later sees the condition true at once).
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              signal.signal();
              return waiter.isDone();
            });
    assertThat(waiter.join()).isTrue();
  }
}
