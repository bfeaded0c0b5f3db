package dev.chronos.benchmarks.jmh;

import dev.chronos.JobRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link JobRequest#fromJson(String)} on the API's request bodies: parsing, validation of every
 * field, and building the immutable request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JobRequestJsonBenchmark {
  private static final String MINIMAL =
      "{\"name\": \"Send follow-up\", \"handler\": \"send-email\"}";

  private static final String PULL =
      """
      {"name": "Send follow-up", "handler": "send-email",
       "delay": {"value": 2, "unit": "hour"},
       "payload": {"userId": "usr_123", "template": "follow-up", "attempt": 1},
       "idempotency_key": "follow-up-usr_123", "max_retries": 5, "timeout": 60}
      """;

  private static final String PUSH =
      """
      {"name": "Critical charge", "handler": "charge-invoice",
       "delay": {"value": 1, "unit": "hour"}, "timeout": 60, "max_retries": 5,
       "idempotency_key": "charge-inv_789", "account": "acme",
       "delivery": {"type": "push", "http": {"url": "https://example.com/hook",
                    "method": "put", "headers": {"X-Team": "billing"}}},
       "payload": {"invoiceId": "inv_789", "lines": [1, 2]}}
      """;

  /** The smallest valid body. */
  @Benchmark
  public JobRequest minimal() {
    return JobRequest.fromJson(MINIMAL);
  }

  /** A pull job with a delay, a payload and an idempotency key. */
  @Benchmark
  public JobRequest pullWithPayload() {
    return JobRequest.fromJson(PULL);
  }

  /** A push job with headers. */
  @Benchmark
  public JobRequest push() {
    return JobRequest.fromJson(PUSH);
  }
}
