package dev.chronos.benchmarks.workloads;

import java.lang.management.ManagementFactory;

/**
 * The CPU time this JVM has used, all threads together: with the system's work in this process
 * (embedded H2 included, a PostgreSQL server's own processes not), CPU per job next to jobs per
 * second says what a job costs when the machine is shared.
 */
final class ProcessCpu {
  private ProcessCpu() {}

  /** CPU time used by this process so far, in nanoseconds; -1 if the JVM cannot tell. */
  static long nanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
