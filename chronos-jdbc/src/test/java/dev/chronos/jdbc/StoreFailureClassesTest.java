package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.Delivery;
import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.Job;
import dev.chronos.JobQuery;
import dev.chronos.JobStatus;
import dev.chronos.StoreRejectedException;
import dev.chronos.StoreUnavailableException;
import dev.chronos.spi.Attempt;
import dev.chronos.spi.ExecutionOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two failure classes of the JDBC store, through its own methods on a real database: data the
 * store refuses is {@link StoreRejectedException}, a store it cannot reach is {@link
 * StoreUnavailableException}, and either way nothing was stored. One subclass per dialect.
 */
abstract class StoreFailureClassesTest {
  static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  static final Duration GRACE = Duration.ofSeconds(10);

  JdbcJobStore store;

  /** A store on a new, empty schema, with a pool of its own. */
  abstract JdbcJobStore openStore();

  /** Another store on the same schema as the last {@link #openStore()}. */
  abstract JdbcJobStore reopenStore();

  /** A builder for a database that nothing listens on. */
  abstract JdbcJobStore.Builder unreachable();

  /** Removes what the test created. */
  abstract void dropSchema();

  @BeforeEach
  void open() {
    store = openStore();
  }

  @AfterEach
  void close() {
    store.close();
    dropSchema();
  }

  static Job job(String name, JsonNode payload) {
    return new Job(
        UUID.randomUUID(),
        "default",
        name,
        "work",
        payload,
        JobStatus.PENDING,
        NOW,
        NOW,
        NOW,
        NOW,
        0,
        3,
        Duration.ofSeconds(30),
        Delivery.pull(),
        null,
        null,
        null,
        null);
  }

  static Job job() {
    return job("Send follow-up", payload("user", "usr_123"));
  }

  static ObjectNode payload(String field, String value) {
    return JsonNodeFactory.instance.objectNode().put(field, value);
  }

  Attempt claim(Job job) {
    List<Attempt> claimed = store.claim(List.of(job.id()), "node-1", NOW, GRACE);
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  @Test
  void a_job_whose_name_holds_u0000_is_rejected_naming_the_field_and_nothing_is_stored() {
    Job bad = job("bad \u0000 name", payload("user", "usr_123"));

    assertThatThrownBy(() -> store.insert(bad))
        .isInstanceOf(StoreRejectedException.class)
        .hasMessageContaining("job " + bad.id())
        .hasMessageContaining("name")
        .hasMessageContaining("U+0000")
        .extracting(e -> ((StoreRejectedException) e).code())
        .isEqualTo("store_rejected");
    assertThat(store.find(bad.id())).isEmpty();
    assertThat(store.query(JobQuery.all()).total()).isZero();
  }

  @Test
  void a_payload_holding_u0000_is_rejected_and_a_batch_holding_it_stores_none_of_its_jobs() {
    Job good = job();
    Job bad = job("Send follow-up", payload("note", "a\u0000b"));

    assertThatThrownBy(() -> store.insertAll(List.of(good, bad)))
        .isInstanceOf(StoreRejectedException.class)
        .hasMessageContaining("job " + bad.id())
        .hasMessageContaining("payload");
    assertThat(store.query(JobQuery.all()).total()).isZero();
  }

  @Test
  void a_payload_holding_an_escaped_backslash_before_u0000_is_plain_text_and_stored() {
    Job job = job("Send follow-up", payload("path", "C:\\u0000"));

    store.insert(job);

    assertThat(store.find(job.id()).orElseThrow().payload()).isEqualTo(job.payload());
  }

  @Test
  void an_outcome_whose_error_holds_u0000_is_rejected_and_the_attempt_stays_running() {
    Job job = job();
    store.insert(job);
    Attempt running = claim(job);
    ExecutionOutcome poisoned =
        ExecutionOutcome.failed(running.execution().id(), "bad byte \u0000", NOW.plusSeconds(5));

    assertThatThrownBy(() -> store.finish(poisoned, NOW.plusSeconds(1)))
        .isInstanceOf(StoreRejectedException.class)
        .hasMessageContaining("execution " + running.execution().id())
        .hasMessageContaining("error");
    assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(store.executions(job.id()))
        .extracting(Execution::status)
        .containsExactly(ExecutionStatus.RUNNING);
  }

  @Test
  void a_batch_of_outcomes_with_one_poisoned_result_records_none_and_the_rest_can_be_recorded() {
    Job first = job();
    Job second = job();
    store.insertAll(List.of(first, second));
    Attempt a = claim(first);
    Attempt b = claim(second);
    ExecutionOutcome good = ExecutionOutcome.completed(a.execution().id(), payload("ok", "yes"));
    ExecutionOutcome bad =
        ExecutionOutcome.completed(b.execution().id(), payload("text", "nul \u0000 here"));

    assertThatThrownBy(() -> store.finishAll(List.of(good, bad), NOW.plusSeconds(1)))
        .isInstanceOf(StoreRejectedException.class)
        .hasMessageContaining("execution " + b.execution().id())
        .hasMessageContaining("result");
    assertThat(store.find(first.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(store.find(second.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);

    assertThat(store.finishAll(List.of(good), NOW.plusSeconds(2))).allMatch(r -> r.isPresent());
    assertThat(store.find(first.id()).orElseThrow().result()).isEqualTo(payload("ok", "yes"));
  }

  @Test
  void a_value_longer_than_its_column_is_rejected_by_the_database_and_nothing_is_stored() {
    Job tooLong = job("n".repeat(300), payload("user", "usr_123"));

    assertThatThrownBy(() -> store.insertAll(List.of(job(), tooLong)))
        .isInstanceOf(StoreRejectedException.class)
        .hasMessageContaining("insert jobs");
    assertThat(store.query(JobQuery.all()).total()).isZero();
  }

  @Test
  void a_store_whose_pool_is_closed_is_unavailable_and_nothing_is_stored() {
    Job job = job();
    store.close();

    assertThatThrownBy(() -> store.insert(job))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("insert jobs");
    try (JdbcJobStore again = reopenStore()) {
      assertThat(again.find(job.id())).isEmpty();
    }
  }

  @Test
  void a_database_nothing_listens_for_is_unavailable() {
    assertThatThrownBy(() -> unreachable().connectionTimeout(Duration.ofMillis(500)).build())
        .isInstanceOf(StoreUnavailableException.class)
        .extracting(e -> ((StoreUnavailableException) e).code())
        .isEqualTo("store_unavailable");
  }
}
