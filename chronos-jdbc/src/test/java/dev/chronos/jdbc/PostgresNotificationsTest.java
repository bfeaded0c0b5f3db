package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.Delivery;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import dev.chronos.spi.DueSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * NOTIFY wake-ups on the machine's PostgreSQL server: sent only for jobs due soon, saying what
 * became due, and a subscriber woken only by those it wants. Notifications arrive in commit order,
 * so a wake-up seen after an insert shows that an earlier insert sent none.
 */
class PostgresNotificationsTest {
  private String prefix;
  private JdbcJobStore store;

  @BeforeEach
  void open() {
    prefix = PostgresDatabase.uniquePrefix();
    store =
        JdbcJobStore.builder()
            .dataSource(PostgresDatabase.dataSource())
            .tablePrefix(prefix)
            .build();
  }

  @AfterEach
  void close() {
    store.close();
    PostgresDatabase.drop(prefix);
  }

  private static Job pull(String handler, Instant runAt) {
    Instant now = Instant.now();
    return new Job(
        java.util.UUID.randomUUID(),
        "default",
        "n",
        handler,
        null,
        JobStatus.PENDING,
        runAt,
        runAt,
        now,
        now,
        0,
        3,
        Duration.ofSeconds(30),
        Delivery.pull(),
        null,
        null,
        null,
        null);
  }

  @Test
  void only_jobs_due_soon_are_announced_and_only_to_the_nodes_that_take_them() throws Exception {
    List<DueSignal> seen = new CopyOnWriteArrayList<>();
    AtomicInteger everyWakeUp = new AtomicInteger();
    AtomicInteger emailWakeUps = new AtomicInteger();
    AutoCloseable all =
        store.subscribe(
            signal -> {
              seen.add(signal);
              return true;
            },
            everyWakeUp::incrementAndGet);
    AutoCloseable email =
        store.subscribe(
            signal -> !signal.push() && signal.handler().equals("send-email"),
            emailWakeUps::incrementAndGet);
    try {
      // The listener wakes everyone once it listens (it may have missed something meanwhile),
      // whenever the second subscriber came: wait until a first job's wake-up has been seen, which
      // the listener handles after that, so the count of the email subscriber's wake-ups is
      // settled.
      // A NOTIFY sent before the listener's LISTEN is lost, so a warm-up job goes in at every
      // poll until one is seen.
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                store.insert(pull("warm-up", Instant.now()));
                return seen.stream().anyMatch(s -> "warm-up".equals(s.handler()));
              });
      int emailBefore = emailWakeUps.get();

      store.insert(pull("send-email", Instant.now().plus(Duration.ofDays(2))));
      store.insert(pull("resize", Instant.now()));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> seen.stream().anyMatch(s -> "resize".equals(s.handler())));

      assertThat(seen).noneMatch(s -> "send-email".equals(s.handler()));
      assertThat(everyWakeUp.get()).isGreaterThanOrEqualTo(2);
      assertThat(emailWakeUps.get()).isEqualTo(emailBefore);

      store.insert(pull("send-email", Instant.now()));
      await().atMost(Duration.ofSeconds(20)).until(() -> emailWakeUps.get() == emailBefore + 1);
      assertThat(seen).anyMatch(s -> "send-email".equals(s.handler()));
    } finally {
      email.close();
      all.close();
    }
  }

  @Test
  void a_wake_up_that_does_not_say_wakes_every_subscriber() throws Exception {
    AtomicInteger wakeUps = new AtomicInteger();
    AutoCloseable none = store.subscribe(signal -> false, wakeUps::incrementAndGet);
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> wakeUps.get() >= 1);
      int before = wakeUps.get();
      // What a node of an earlier version sends.
      Jdbi.create(PostgresDatabase.dataSource())
          .useHandle(
              h ->
                  h.createQuery("SELECT pg_notify(:channel, '')")
                      .bind("channel", prefix + "jobs_due")
                      .mapTo(String.class)
                      .one());
      await().atMost(Duration.ofSeconds(20)).until(() -> wakeUps.get() > before);
    } finally {
      none.close();
    }
  }
}
