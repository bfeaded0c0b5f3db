package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.JobListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ListenerQueueTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> heard = new CopyOnWriteArrayList<>();

  /** A listener that blocks on its first event until released and records the thread it ran on. */
  private final JobListener blocking =
      new JobListener() {
        @Override
        public void onSubmitted(dev.chronos.Job job) {
          heard.add(Thread.currentThread().getName());
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      };

  @Test
  void events_are_delivered_from_the_listener_thread_in_order() {
    ListenerQueue queue = new ListenerQueue(List.of(new JobListener() {}));
    List<String> order = new CopyOnWriteArrayList<>();
    queue.start();
    for (int i = 0; i < 100; i++) {
      int n = i;
      queue.offer("e" + n, l -> order.add(Thread.currentThread().getName() + " " + n));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 100);
    assertThat(order.get(0)).isEqualTo("chronos-listener 0");
    assertThat(order.get(99)).isEqualTo("chronos-listener 99");
    queue.stop(Duration.ofSeconds(1));
  }

  @Test
  void a_full_queue_drops_and_counts_events_without_ever_blocking_whoever_reports_them() {
    ListenerQueue queue = new ListenerQueue(List.of(blocking));
    queue.start();
    queue.offer("first", l -> l.onSubmitted(null));
    await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 1);

    long began = System.nanoTime();
    for (int i = 0; i < ListenerQueue.CAPACITY + 25; i++) {
      queue.offer("more", l -> {});
    }
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

    assertThat(queue.depth()).isEqualTo(ListenerQueue.CAPACITY);
    assertThat(queue.overflowed()).isEqualTo(25);
    assertThat(tookMillis).isLessThan(5_000);
    assertThat(heard).containsExactly("chronos-listener");
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.depth() == 0);
    queue.stop(Duration.ofSeconds(1));
  }

  @Test
  void without_a_started_thread_events_are_delivered_on_the_reporting_thread() {
    ListenerQueue queue = new ListenerQueue(List.of(new JobListener() {}));
    List<String> threads = new CopyOnWriteArrayList<>();
    queue.offer("e", l -> threads.add(Thread.currentThread().getName()));
    assertThat(threads).containsExactly(Thread.currentThread().getName());
  }

  @Test
  void a_throwing_listener_does_not_keep_the_others_from_hearing_the_event() {
    List<String> got = new CopyOnWriteArrayList<>();
    JobListener throwing =
        new JobListener() {
          @Override
          public void onSubmitted(dev.chronos.Job job) {
            throw new IllegalStateException("listener bug");
          }
        };
    JobListener recording =
        new JobListener() {
          @Override
          public void onSubmitted(dev.chronos.Job job) {
            got.add("heard");
          }
        };
    ListenerQueue queue = new ListenerQueue(List.of(throwing, recording));
    queue.offer("onSubmitted", l -> l.onSubmitted(null));
    assertThat(got).containsExactly("heard");
  }
}
