package dev.chronos.jdbc;

import dev.chronos.BackoffPolicy;
import dev.chronos.Chronos;
import dev.chronos.JobContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;

/**
 * One node of the chaos suite in its own JVM: a {@link Chronos} on the tables of a prefix (in
 * PostgreSQL or MariaDB) with one handler, {@value #HANDLER}, which works for the payload's {@code
 * hold_ms} and writes its side effects to a run log of its own (a file, so that they survive the
 * database's outages and the node's death): a line when it starts ({@code START}), when it finishes
 * ({@code END}) and when it is interrupted ({@code INTERRUPTED}); see {@link ChaosNodes.Run}.
 *
 * <p>Arguments: {@code <jdbcUrl> <user> <password> <tablePrefix> <nodeId> <runLog> <workerThreads>
 * <shutdownTimeoutMillis>}. Prints {@code READY <nodeId>} once the node runs. A line {@code close}
 * on standard input closes the node gracefully ({@link Chronos#close()}), printing {@code CLOSED
 * <millis>} with how long that took, and exits with status 0. The node also closes and exits when
 * its standard input ends (the test JVM died), so a crashed test run never leaves nodes behind.
 */
public final class ChaosNodeMain {
  /** The handler every node of the suite serves. */
  static final String HANDLER = "chaos";

  /** How long a lease outlives the job's timeout on every node of the suite. */
  static final Duration LEASE_GRACE = Duration.ofSeconds(1);

  /** How often the nodes' loops run (feeder, rescuer) when nothing wakes them. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private final String nodeId;
  private final OutputStream runLog;

  private ChaosNodeMain(String nodeId, OutputStream runLog) {
    this.nodeId = nodeId;
    this.runLog = runLog;
  }

  /** Runs a node until told to close or until standard input ends. */
  public static void main(String[] args) throws Exception {
    if (args.length != 8) {
      System.err.println(
          "usage: ChaosNodeMain <jdbcUrl> <user> <password> <tablePrefix> <nodeId> <runLog>"
              + " <workerThreads> <shutdownTimeoutMillis>");
      System.exit(2);
    }
    String nodeId = args[4];
    OutputStream runLog =
        Files.newOutputStream(
            Path.of(args[5]), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    ChaosNodeMain node = new ChaosNodeMain(nodeId, runLog);
    Chronos chronos =
        Chronos.builder()
            .store(
                JdbcJobStore.builder()
                    .jdbcUrl(args[0], args[1], args[2])
                    .tablePrefix(args[3])
                    .maxPoolSize(4)
                    .build())
            .nodeId(nodeId)
            .workerThreads(Integer.parseInt(args[6]))
            .pollInterval(POLL_INTERVAL)
            .leaseGrace(LEASE_GRACE)
            .backoff(BackoffPolicy.fixed(Duration.ofMillis(200)))
            .shutdownTimeout(Duration.ofMillis(Long.parseLong(args[7])))
            .handler(HANDLER, node::work)
            .build();
    chronos.start();
    System.out.println("READY " + nodeId);
    System.out.flush();

    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    do {
      line = readLine(in);
    } while (line != null && !line.equals("close"));
    long closing = System.nanoTime();
    chronos.close();
    System.out.println("CLOSED " + Duration.ofNanos(System.nanoTime() - closing).toMillis());
    System.out.flush();
    runLog.close();
    System.exit(0);
  }

  private Object work(JobContext ctx) throws Exception {
    long holdMillis = ctx.payload().path("hold_ms").asLong();
    record("START", ctx);
    try {
      Thread.sleep(holdMillis); // the job's work
    } catch (InterruptedException e) {
      record("INTERRUPTED", ctx);
      throw e;
    }
    record("END", ctx);
    return Map.of("node", nodeId);
  }

  /**
   * Appends one line in a single write on a file opened for appending, so a line is either in the
   * file whole or not at all, even when the process is killed right after.
   */
  private synchronized void record(String event, JobContext ctx) throws IOException {
    String line =
        String.join(
                " ",
                event,
                Long.toString(System.currentTimeMillis()),
                ctx.jobId().toString(),
                ctx.executionId().toString(),
                Integer.toString(ctx.attempt()),
                nodeId)
            + "\n";
    runLog.write(line.getBytes(StandardCharsets.UTF_8));
    runLog.flush();
  }

  private static String readLine(BufferedReader in) {
    try {
      return in.readLine();
    } catch (IOException e) {
      return null; // the pipe broke: the test JVM is gone
    }
  }
}
