package dev.chronos.jdbc.internal;

import dev.chronos.Job;
import dev.chronos.Schedule;
import dev.chronos.StoreRejectedException;
import dev.chronos.spi.ExecutionOutcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Refuses, before anything is sent, text that PostgreSQL cannot store: U+0000 in a text column
 * (PostgreSQL: {@code invalid byte sequence for encoding "UTF8": 0x00}) or escaped in JSON ({@code
 * unsupported Unicode escape sequence} in {@code jsonb}). H2 could store both; it refuses them too,
 * so that an application developed on H2 meets the refusal there and not first in production on
 * PostgreSQL, and so that the message names the field, which PostgreSQL's does not. Throws {@link
 * StoreRejectedException}: the same data never succeeds. Stateless.
 */
public final class StorableText {
  private StorableText() {}

  /** Checks every text a job row holds. */
  public static void checkJobs(List<Job> jobs) {
    for (Job job : jobs) {
      String where = "job " + job.id();
      text(where, "account", job.account());
      text(where, "name", job.name());
      text(where, "handler", job.handler());
      text(where, "idempotency_key", job.idempotencyKey());
      text(where, "last_error", job.lastError());
      json(where, "payload", Rows.text(job.payload()));
      json(where, "delivery", Rows.deliveryJson(job.delivery()));
    }
  }

  /** Checks every text a schedule row holds. */
  public static void checkSchedule(Schedule s) {
    String where = "schedule " + s.id();
    text(where, "account", s.account());
    text(where, "name", s.name());
    text(where, "description", s.description());
    text(where, "handler", s.handler());
    text(where, "cron", s.cron());
    json(where, "payload", Rows.text(s.payload()));
    json(where, "delivery", Rows.deliveryJson(s.delivery()));
  }

  /**
   * Checks the text of outcomes; their JSON results are written here once and returned, by
   * execution id, so they are not serialized twice.
   */
  public static Map<UUID, String> checkOutcomes(List<ExecutionOutcome> outcomes) {
    Map<UUID, String> results = new HashMap<>();
    for (ExecutionOutcome outcome : outcomes) {
      String where = "the outcome of execution " + outcome.executionId();
      text(where, "error", outcome.error());
      String result = Rows.text(outcome.result());
      json(where, "result", result);
      results.put(outcome.executionId(), result);
    }
    return results;
  }

  /** Checks a node's or worker's id. */
  public static void checkNode(String node) {
    text("the claim", "node", node);
  }

  private static void text(String where, String field, String value) {
    if (value != null && value.indexOf('\u0000') >= 0) {
      throw refused(where, field, "the character U+0000");
    }
  }

  private static void json(String where, String field, String json) {
    if (json != null && hasNulEscape(json)) {
      throw refused(where, field, "the escape \\u0000");
    }
  }

  /**
   * Whether JSON text holds the escape of U+0000: a backslash that is not itself escaped (preceded
   * by an even number of backslashes) followed by {@code u0000}.
   */
  static boolean hasNulEscape(String json) {
    for (int i = json.indexOf("u0000"); i >= 0; i = json.indexOf("u0000", i + 1)) {
      int backslashes = 0;
      for (int j = i - 1; j >= 0 && json.charAt(j) == '\\'; j--) {
        backslashes++;
      }
      if (backslashes % 2 == 1) {
        return true;
      }
    }
    return false;
  }

  private static StoreRejectedException refused(String where, String field, String what) {
    return new StoreRejectedException(
        "The job store refuses "
            + where
            + ": its "
            + field
            + " contains "
            + what
            + ", which PostgreSQL cannot store; nothing was stored",
        null);
  }
}
