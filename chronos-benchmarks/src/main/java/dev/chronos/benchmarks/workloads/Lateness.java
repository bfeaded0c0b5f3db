package dev.chronos.benchmarks.workloads;

import java.util.Arrays;

/**
 * Signed lateness of jobs (start time − due time; early is negative), sorted, with the percentiles
 * the report shows. Percentiles are nearest-rank. Immutable.
 */
public final class Lateness {
  private final long[] sortedNanos;

  /**
   * Sorts a copy of the samples.
   *
   * @param nanos lateness of each job in nanoseconds
   */
  public Lateness(long[] nanos) {
    this.sortedNanos = nanos.clone();
    Arrays.sort(sortedNanos);
  }

  /**
   * How many jobs were measured.
   *
   * @return the sample count
   */
  public int count() {
    return sortedNanos.length;
  }

  /**
   * The nearest-rank percentile.
   *
   * @param p 0 to 100
   * @return lateness in milliseconds, 0 if there are no samples
   */
  public double percentileMillis(double p) {
    if (sortedNanos.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
    return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e6;
  }

  /**
   * The latest job.
   *
   * @return maximum lateness in milliseconds
   */
  public double maxMillis() {
    return sortedNanos.length == 0 ? 0 : sortedNanos[sortedNanos.length - 1] / 1e6;
  }

  /**
   * How many jobs started before their due time.
   *
   * @return the early count
   */
  public long early() {
    return Arrays.stream(sortedNanos).filter(n -> n < 0).count();
  }

  /**
   * The sorted samples in milliseconds, for the distribution chart.
   *
   * @return lateness of every job, ascending
   */
  public double[] sortedMillis() {
    return Arrays.stream(sortedNanos).mapToDouble(n -> n / 1e6).toArray();
  }
}
