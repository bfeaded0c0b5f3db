package dev.chronos.jdbc.internal;

import dev.chronos.Job;
import dev.chronos.JobStatus;
import dev.chronos.spi.DueSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The payload of the store's PostgreSQL NOTIFY, which says what became due so that a node can
 * ignore wake-ups that are not for it ({@link DueSignal}).
 *
 * <p>Format: {@code <type>|<runAtEpochMillis>|<handler>}, for example {@code
 * pull|1768467600000|send-email} or {@code push|1768467600000|}: the delivery type ({@code pull} or
 * {@code push}), the earliest due time of the jobs it is about, in milliseconds since the epoch
 * (rounded down), then the handler (last, so that it may hold any character; empty for push). An
 * empty payload, or one this version cannot read, means "something may be due": every subscriber
 * wakes. Nodes of earlier versions send empty payloads and wake on every payload.
 *
 * <p>Only jobs due within {@link #ANNOUNCE_WITHIN} are announced: a job due later is read by the
 * nodes' regular polls (every {@code pollInterval}, looking {@code lookahead} ahead) before it is
 * due. The window is the longest {@code pollInterval + lookahead} a node can be built with (1 hour
 * + 1 day), since the submitting node does not know the others' settings; a receiving node ignores
 * a signal due beyond its own look-ahead (its next poll finds that job in time), so the wide window
 * costs the nodes with short settings nothing but the NOTIFY itself.
 */
public final class Notifications {
  /** Jobs due later than this after their submit (or retry) are not announced. */
  public static final Duration ANNOUNCE_WITHIN = Duration.ofHours(25);

  /** A transaction announcing more kinds of job than this sends one empty payload instead. */
  static final int MAX_PAYLOADS = 8;

  private Notifications() {}

  /**
   * The payload announcing one job, if it is runnable and due within {@link #ANNOUNCE_WITHIN} of
   * its last change ({@link Job#updatedAt()}, the submit or retry time).
   *
   * @param job a job just stored or moved to retrying
   * @return the payload, or empty if the job need not be announced
   */
  public static Optional<String> payload(Job job) {
    if (!announced(job)) {
      return Optional.empty();
    }
    return Optional.of(format(job.delivery().type().equals("push"), handler(job), job.runAt()));
  }

  /**
   * The payloads announcing a batch of jobs: one per delivery type and handler, with the earliest
   * due time among its jobs, for the jobs that are announced at all ({@link #payload(Job)}); a
   * single empty payload (wake everyone) when the batch holds more than {@value #MAX_PAYLOADS}
   * kinds.
   *
   * @param jobs jobs stored or moved to retrying in one transaction
   * @return the payloads to send, none if no job need be announced
   */
  public static List<String> payloads(List<Job> jobs) {
    Map<String, Instant> earliest = new LinkedHashMap<>();
    Map<String, Job> first = new LinkedHashMap<>();
    for (Job job : jobs) {
      if (!announced(job)) {
        continue;
      }
      String kind = job.delivery().type() + "|" + (handler(job) == null ? "" : handler(job));
      earliest.merge(kind, job.runAt(), (a, b) -> a.isBefore(b) ? a : b);
      first.putIfAbsent(kind, job);
    }
    if (earliest.size() > MAX_PAYLOADS) {
      return List.of("");
    }
    List<String> payloads = new ArrayList<>(earliest.size());
    earliest.forEach(
        (kind, runAt) -> {
          Job job = first.get(kind);
          payloads.add(format(job.delivery().type().equals("push"), handler(job), runAt));
        });
    return payloads;
  }

  private static boolean announced(Job job) {
    return (job.status() == JobStatus.PENDING || job.status() == JobStatus.RETRYING)
        && !job.runAt().isAfter(job.updatedAt().plus(ANNOUNCE_WITHIN));
  }

  private static String handler(Job job) {
    return job.delivery().type().equals("push") ? null : job.handler();
  }

  static String format(boolean push, String handler, Instant runAt) {
    return (push ? "push" : "pull")
        + "|"
        + runAt.toEpochMilli()
        + "|"
        + (push || handler == null ? "" : handler);
  }

  /**
   * Reads a payload.
   *
   * @param payload a NOTIFY payload
   * @return what it says, or empty if it does not say (empty, or a format this version cannot read)
   */
  public static Optional<DueSignal> parse(String payload) {
    if (payload == null) {
      return Optional.empty();
    }
    int first = payload.indexOf('|');
    int second = first < 0 ? -1 : payload.indexOf('|', first + 1);
    if (second < 0) {
      return Optional.empty();
    }
    String type = payload.substring(0, first);
    String handler = payload.substring(second + 1);
    long millis;
    try {
      millis = Long.parseLong(payload.substring(first + 1, second));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (type.equals("push") && handler.isEmpty()) {
      return Optional.of(new DueSignal(true, null, Instant.ofEpochMilli(millis)));
    }
    if (type.equals("pull") && !handler.isEmpty()) {
      return Optional.of(new DueSignal(false, handler, Instant.ofEpochMilli(millis)));
    }
    return Optional.empty();
  }
}
