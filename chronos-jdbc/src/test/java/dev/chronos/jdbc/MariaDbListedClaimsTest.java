package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.Chronos;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.spi.Attempt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent claimers of one list of jobs on MariaDB, each in its own order, must claim every job
 * between them, round after round, on fresh rows. With {@code SKIP LOCKED} in {@code
 * claim_listed.sql} they did not (one run claimed 145 of 500 through the primary key, another 87
 * through the due index), which is why listed claims wait there. The contract checks one round;
 * this checks many, since a loss is a race.
 */
class MariaDbListedClaimsTest {
  private static final int ROUNDS = 15;
  private static final int JOBS = 500;
  private static final int CLAIMERS = 8;

  private String prefix;
  private JdbcJobStore store;
  private Chronos client;

  @BeforeEach
  void open() {
    MariaDbDatabase.require();
    prefix = MariaDbDatabase.uniquePrefix();
    store = MariaDbDatabase.SERVER.store(prefix).maxPoolSize(CLAIMERS + 2).build();
    client = Chronos.builder().store(store).build();
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    if (store != null) {
      store.close();
    }
    MariaDbDatabase.drop(prefix);
  }

  @Test
  void eight_claimers_of_the_same_500_listed_jobs_claim_every_job_once_in_every_round()
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
    Random random = new Random(7);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        List<UUID> ids =
            client
                .submitAll(
                    IntStream.range(0, JOBS)
                        .mapToObj(i -> JobRequest.builder().name("j" + i).handler("h").build())
                        .toList())
                .stream()
                .map(Job::id)
                .toList();
        CountDownLatch go = new CountDownLatch(1);
        Instant now = Instant.now().plusSeconds(1);
        List<Future<List<Attempt>>> claims = new ArrayList<>();
        for (int c = 0; c < CLAIMERS; c++) {
          List<UUID> mine = new ArrayList<>(ids);
          Collections.shuffle(mine, random);
          String node = "node-" + c;
          claims.add(
              pool.submit(
                  () -> {
                    go.await();
                    return store.claim(mine, node, now, Duration.ofSeconds(10));
                  }));
        }
        go.countDown();
        List<UUID> claimed = new ArrayList<>();
        for (Future<List<Attempt>> f : claims) {
          f.get(60, TimeUnit.SECONDS).forEach(a -> claimed.add(a.job().id()));
        }
        assertThat(claimed)
            .as("jobs claimed in round %d", round)
            .hasSize(JOBS)
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(ids);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
