package dev.chronos.http;

import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.JobListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What this node's attempts did lately, per account, for the dashboard's overview ({@code GET
 * /v1/stats}: {@code throughput} and {@code lateness}): attempts finished per minute over the last
 * hour (completed, and failed including those that will be retried), and how late the last {@value
 * #LATENESS_SAMPLES} attempts started after their due time. Register it as a listener of the node
 * and give it to the API:
 *
 * <pre>{@code
 * RecentActivity activity = new RecentActivity(clock);
 * Chronos chronos = Chronos.builder().store(store).listener(activity).build().start();
 * ChronosApi api = ChronosApi.builder().chronos(chronos).store(store).keys(keys)
 *     .activity(activity).build();
 * }</pre>
 *
 * <p>It sees the attempts of the node it listens to (its handlers, its push deliveries and the pull
 * workers it serves, remote HTTP workers included), not those of other nodes, and it starts empty
 * when the node starts: the figures are the node's, as the stats snapshot is. Memory is bounded: 60
 * minute slots and {@value #LATENESS_SAMPLES} samples per account, at most {@value #MAX_ACCOUNTS}
 * accounts (the least recently active is dropped). Thread-safe: each account's window is guarded by
 * its own lock; listener callbacks run on the node's listener thread.
 */
public final class RecentActivity implements JobListener {
  /** The minutes kept. */
  public static final int MINUTES = 60;

  /** The start delays kept per account. */
  public static final int LATENESS_SAMPLES = 1000;

  /** The accounts kept. */
  public static final int MAX_ACCOUNTS = 1000;

  private final Clock clock;

  /** Guarded by itself; in access order, so the eldest is the least recently active. */
  private final Map<String, Window> accounts =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
          return size() > MAX_ACCOUNTS;
        }
      };

  /**
   * Activity timed by a clock (the node's).
   *
   * @param clock the clock
   */
  public RecentActivity(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * One account's figures at a moment.
   *
   * @param firstMinute the start of the oldest minute; the last one is the current minute
   * @param completed attempts completed in each of the {@value RecentActivity#MINUTES} minutes
   * @param failed attempts failed in each minute (retried or not)
   * @param samples how many start delays the percentiles are of (at most {@value
   *     RecentActivity#LATENESS_SAMPLES})
   * @param p50Ms the median start delay in ms, or null without samples
   * @param p99Ms the 99th percentile start delay in ms, or null without samples
   */
  public record Snapshot(
      Instant firstMinute, long[] completed, long[] failed, int samples, Long p50Ms, Long p99Ms) {
    /** Copies the arrays. */
    public Snapshot {
      completed = completed.clone();
      failed = failed.clone();
    }

    /**
     * The completed counts, oldest minute first.
     *
     * @return a copy
     */
    @Override
    public long[] completed() {
      return completed.clone();
    }

    /**
     * The failed counts, oldest minute first.
     *
     * @return a copy
     */
    @Override
    public long[] failed() {
      return failed.clone();
    }
  }

  @Override
  public void onStarted(Job job, Execution execution) {
    long lateMs = Math.max(0, Duration.between(job.runAt(), execution.startedAt()).toMillis());
    window(job.account()).late(lateMs);
  }

  @Override
  public void onCompleted(Job job, Execution execution) {
    window(job.account()).finished(minute(execution), true);
  }

  @Override
  public void onRetrying(Job job, Execution execution) {
    window(job.account()).finished(minute(execution), false);
  }

  @Override
  public void onFailed(Job job, Execution execution) {
    window(job.account()).finished(minute(execution), false);
  }

  /**
   * The account's last {@value #MINUTES} minutes up to now, and its start delays.
   *
   * @param account the account
   * @return the figures (zeros and no samples for an account not seen)
   */
  public Snapshot snapshot(String account) {
    long now = clock.instant().truncatedTo(ChronoUnit.MINUTES).getEpochSecond() / 60;
    Window w;
    synchronized (accounts) {
      w = accounts.get(account);
    }
    long first = now - MINUTES + 1;
    Instant firstMinute = Instant.ofEpochSecond(first * 60);
    if (w == null) {
      return new Snapshot(firstMinute, new long[MINUTES], new long[MINUTES], 0, null, null);
    }
    return w.snapshot(first, firstMinute);
  }

  private long minute(Execution execution) {
    Instant at = execution.finishedAt() == null ? clock.instant() : execution.finishedAt();
    return at.getEpochSecond() / 60;
  }

  private Window window(String account) {
    synchronized (accounts) {
      return accounts.computeIfAbsent(account, a -> new Window());
    }
  }

  /** One account: a ring of minute slots and a ring of start delays; guarded by itself. */
  private static final class Window {
    private final long[] minuteOf = new long[MINUTES];
    private final long[] completed = new long[MINUTES];
    private final long[] failed = new long[MINUTES];
    private final long[] late = new long[LATENESS_SAMPLES];
    private int lateCount;
    private int lateNext;

    Window() {
      Arrays.fill(minuteOf, -1);
    }

    synchronized void finished(long minute, boolean ok) {
      int slot = (int) Math.floorMod(minute, (long) MINUTES);
      if (minuteOf[slot] != minute) {
        if (minuteOf[slot] > minute) {
          return; // older than the window
        }
        minuteOf[slot] = minute;
        completed[slot] = 0;
        failed[slot] = 0;
      }
      if (ok) {
        completed[slot]++;
      } else {
        failed[slot]++;
      }
    }

    synchronized void late(long ms) {
      late[lateNext] = ms;
      lateNext = (lateNext + 1) % LATENESS_SAMPLES;
      lateCount = Math.min(lateCount + 1, LATENESS_SAMPLES);
    }

    synchronized Snapshot snapshot(long first, Instant firstMinute) {
      long[] c = new long[MINUTES];
      long[] f = new long[MINUTES];
      for (int i = 0; i < MINUTES; i++) {
        long minute = first + i;
        int slot = (int) Math.floorMod(minute, (long) MINUTES);
        if (minuteOf[slot] == minute) {
          c[i] = completed[slot];
          f[i] = failed[slot];
        }
      }
      if (lateCount == 0) {
        return new Snapshot(firstMinute, c, f, 0, null, null);
      }
      long[] sorted = Arrays.copyOf(late, lateCount);
      Arrays.sort(sorted);
      return new Snapshot(
          firstMinute, c, f, lateCount, percentile(sorted, 50), percentile(sorted, 99));
    }

    /** The nearest-rank percentile. */
    private static long percentile(long[] sorted, int p) {
      int rank = (int) Math.ceil(p / 100.0 * sorted.length);
      return sorted[Math.max(0, rank - 1)];
    }
  }
}
