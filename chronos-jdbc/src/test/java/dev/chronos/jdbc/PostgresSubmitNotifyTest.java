package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.Delivery;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A submit wakes the other nodes in the statement that stores the job, and only for a job due soon;
 * a get-or-create that finds the holder wakes nobody. Listens on the store's channel with a
 * connection of its own, as another node does. PostgreSQL delivers notifications in commit order,
 * so a job that sent none is seen by the NOTIFY of the job stored after it.
 */
class PostgresSubmitNotifyTest {
  private String prefix;
  private JdbcJobStore store;
  private Connection listener;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

  @BeforeEach
  void open() throws Exception {
    PostgresDatabase.require();
    prefix = PostgresDatabase.uniquePrefix();
    store =
        JdbcJobStore.builder()
            .dataSource(PostgresDatabase.dataSource())
            .tablePrefix(prefix)
            .build();
    listener =
        DriverManager.getConnection(
            PostgresDatabase.URL, PostgresDatabase.USER, PostgresDatabase.PASSWORD);
    try (Statement st = listener.createStatement()) {
      st.execute("LISTEN " + prefix + "jobs_due");
    }
  }

  @AfterEach
  void close() throws Exception {
    if (listener != null) {
      listener.close();
    }
    if (store != null) {
      store.close();
    }
    PostgresDatabase.drop(prefix);
  }

  private Job job(Instant runAt, String key) {
    return new Job(
        UUID.randomUUID(),
        "default",
        "notify me",
        "work",
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
        key,
        null,
        null,
        null);
  }

  /** Notifications received until {@code count} have arrived (bounded), then any already there. */
  private List<PGNotification> received(int count) throws Exception {
    PGConnection pg = listener.unwrap(PGConnection.class);
    List<PGNotification> all = new ArrayList<>();
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (all.size() < count && System.nanoTime() < end) {
      PGNotification[] batch = pg.getNotifications(500);
      if (batch != null) {
        all.addAll(List.of(batch));
      }
    }
    PGNotification[] rest = pg.getNotifications(1);
    if (rest != null) {
      all.addAll(List.of(rest));
    }
    return all;
  }

  @Test
  void a_job_due_now_notifies_and_one_due_in_two_days_does_not() throws Exception {
    store.insert(job(now.plus(Duration.ofDays(2)), null));
    store.insert(job(now, null));

    List<PGNotification> got = received(1);

    assertThat(got).hasSize(1);
    assertThat(got.get(0).getName()).isEqualTo(prefix + "jobs_due");
  }

  @Test
  void get_or_create_notifies_when_it_creates_and_not_when_it_finds_the_holder() throws Exception {
    Job holder = job(now, "k");
    assertThat(store.insertIfAbsent(holder, true)).isEmpty();
    assertThat(received(1)).hasSize(1);

    assertThat(store.insertIfAbsent(job(now, "k"), true)).map(Job::id).contains(holder.id());
    store.insert(job(now, null)); // the marker: its NOTIFY comes after any the lookup sent

    assertThat(received(1)).hasSize(1);
  }

  @Test
  void a_batch_notifies_once_when_one_of_its_jobs_is_due_soon() throws Exception {
    store.insertAll(
        List.of(job(now.plus(Duration.ofDays(3)), null), job(now.plus(Duration.ofDays(4)), null)));
    store.insertAll(List.of(job(now.plus(Duration.ofDays(3)), null), job(now, null)));

    assertThat(received(1)).hasSize(1);
  }
}
