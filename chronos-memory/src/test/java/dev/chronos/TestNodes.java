package dev.chronos;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

/** Builds nodes for scenario tests: a manual clock, seeded backoff, no threads until asked. */
final class TestNodes {
  private TestNodes() {}

  /** A builder with the clock and a seeded backoff of the documented shape. */
  static ChronosBuilder builder(dev.chronos.spi.JobStore store, MutableClock clock) {
    return Chronos.builder()
        .store(store)
        .clock(clock)
        .nodeId("test-node")
        .backoff(
            BackoffPolicy.exponential(Duration.ofSeconds(1), Duration.ofHours(1), new Random(42)));
  }

  /** A node that runs nothing by itself; {@code runDue()} runs due handlers on the caller. */
  static ChronosEngine inline(ChronosBuilder builder) {
    return builder.inlineHandlers().buildEngine();
  }

  /** A node whose {@code runDue()} hands attempts to real worker threads. */
  static ChronosEngine withWorkers(ChronosBuilder builder) {
    return builder.buildEngine();
  }

  /** One of the request bodies of the API's one-off jobs guide. */
  static String seed(String file) {
    try (InputStream in = TestNodes.class.getResourceAsStream("/seed/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no seed body " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
