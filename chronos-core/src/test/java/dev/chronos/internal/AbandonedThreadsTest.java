package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AbandonedThreadsTest {
  private final AtomicInteger resumed = new AtomicInteger();
  private final AbandonedThreads threads =
      new AbandonedThreads(2, "node", resumed::incrementAndGet);

  @Test
  void threads_up_to_the_limit_give_their_slot_back_and_the_next_one_stops_claiming() {
    assertThat(threads.abandon(Thread.currentThread())).isFalse();
    assertThat(threads.abandon(Thread.currentThread())).isFalse();
    assertThat(threads.overLimit()).isFalse();

    assertThat(threads.abandon(Thread.currentThread())).isTrue();
    assertThat(threads.overLimit()).isTrue();
    assertThat(threads.count()).isEqualTo(3);
  }

  @Test
  void claiming_resumes_once_when_the_count_is_back_at_the_limit() {
    for (int i = 0; i < 4; i++) {
      threads.abandon(Thread.currentThread());
    }
    threads.ended();
    assertThat(threads.overLimit()).isTrue();
    threads.ended();
    assertThat(threads.overLimit()).isFalse();
    threads.ended();
    assertThat(resumed).hasValue(1);
    assertThat(threads.count()).isEqualTo(1);
  }
}
