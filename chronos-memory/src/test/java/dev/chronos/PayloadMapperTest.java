package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.testing.MutableClock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** ChronosBuilder.objectMapper: the application's Jackson settings reach handlers and results. */
class PayloadMapperTest {
  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryJobStore store = new InMemoryJobStore();

  /** A payload type whose JSON is snake_case. */
  record Invoice(String invoiceId, int amountCents) {}

  /** A result with no getters, which only a mapper that sees fields can write. */
  static final class Receipt {
    @SuppressWarnings("unused")
    private final String chargeId = "ch_1";
  }

  @Test
  void handlers_read_payloads_and_write_results_with_the_configured_mapper() {
    ObjectMapper mapper =
        new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    AtomicReference<Invoice> seen = new AtomicReference<>();
    try (ChronosEngine chronos =
        TestNodes.inline(
            TestNodes.builder(store, clock)
                .objectMapper(mapper)
                .handler(
                    "charge",
                    ctx -> {
                      seen.set(ctx.payload(Invoice.class));
                      return new Receipt();
                    }))) {
      mapper.setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE); // not seen
      Job job =
          chronos.submit(
              JobRequest.builder()
                  .name("charge")
                  .handler("charge")
                  .payload(Map.of("invoice_id", "inv_7", "amount_cents", 1250))
                  .build());

      chronos.runDue();

      assertThat(seen.get()).isEqualTo(new Invoice("inv_7", 1250));
      Job done = chronos.job(job.id()).orElseThrow();
      assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(done.result().get("charge_id").asText()).isEqualTo("ch_1");
    }
  }

  @Test
  void without_a_mapper_the_same_result_is_stored_as_its_text() {
    try (ChronosEngine chronos =
        TestNodes.inline(TestNodes.builder(store, clock).handler("charge", ctx -> new Receipt()))) {
      Job job = chronos.submit(JobRequest.builder().name("charge").handler("charge").build());

      chronos.runDue();

      Job done = chronos.job(job.id()).orElseThrow();
      assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(done.result().isTextual()).isTrue();
    }
  }

  @Test
  void a_pull_worker_of_the_node_reads_payloads_and_writes_results_with_the_configured_mapper() {
    ObjectMapper mapper =
        new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    try (ChronosEngine chronos =
        TestNodes.inline(TestNodes.builder(store, clock).objectMapper(mapper))) {
      Job job =
          chronos.submit(
              JobRequest.builder()
                  .name("charge")
                  .handler("charge")
                  .payload(Map.of("invoice_id", "inv_8", "amount_cents", 99))
                  .build());
      PullWorker worker = chronos.pull("worker-1");

      ClaimedJob claimed =
          worker.claim(java.util.Set.of("charge"), 1, java.time.Duration.ZERO).get(0);
      assertThat(claimed.payload(Invoice.class)).isEqualTo(new Invoice("inv_8", 99));
      worker.complete(claimed, new Receipt());

      assertThat(chronos.job(job.id()).orElseThrow().result().get("charge_id").asText())
          .isEqualTo("ch_1");
    }
  }
}
