package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ClaimFenceTest {
  private final ClaimFence fence = new ClaimFence();

  @Test
  void a_reconcile_waits_for_a_claim_in_progress_and_gives_up_after_its_patience()
      throws Exception {
    CountDownLatch inClaim = new CountDownLatch(1);
    CountDownLatch finishClaim = new CountDownLatch(1);
    Thread claimer =
        new Thread(
            () ->
                fence.claim(
                    () -> {
                      inClaim.countDown();
                      try {
                        return finishClaim.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        return false;
                      }
                    }));
    claimer.start();
    inClaim.await(10, TimeUnit.SECONDS);
    AtomicBoolean reconciled = new AtomicBoolean();

    assertThat(fence.reconcile(() -> reconciled.set(true), Duration.ofMillis(50))).isFalse();
    assertThat(reconciled).isFalse();

    finishClaim.countDown();
    claimer.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(fence.reconcile(() -> reconciled.set(true), Duration.ofSeconds(5))).isTrue();
    assertThat(reconciled).isTrue();
  }

  @Test
  void claims_do_not_wait_for_each_other() throws Exception {
    CountDownLatch both = new CountDownLatch(2);
    Thread other =
        new Thread(
            () ->
                fence.claim(
                    () -> {
                      both.countDown();
                      try {
                        return both.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        return false;
                      }
                    }));
    other.start();
    boolean met =
        fence.claim(
            () -> {
              both.countDown();
              try {
                return both.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                return false;
              }
            });
    other.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(met).isTrue();
  }
}
