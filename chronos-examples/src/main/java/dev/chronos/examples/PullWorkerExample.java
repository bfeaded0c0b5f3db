package dev.chronos.examples;

import dev.chronos.Chronos;
import dev.chronos.ClaimedJob;
import dev.chronos.JobQuery;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.PullWorker;
import dev.chronos.jdbc.JdbcJobStore;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pull worker in its own JVM: this program submits jobs for the handler {@code transcode} (which
 * no node here registers), then starts a second JVM that claims them with {@code chronos.pull()},
 * long-polling, and reports each result. Both share one PostgreSQL database (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}).
 *
 * <pre>
 * ./mvnw -q -pl chronos-examples -am compile exec:java -Dexample=dev.chronos.examples.PullWorkerExample
 * </pre>
 */
public final class PullWorkerExample {
  private PullWorkerExample() {}

  /**
   * Runs the submitter, or with {@code worker <prefix> <url> <user> <password>} the worker.
   *
   * @param args see above; the submitter takes an optional JDBC URL and user
   * @throws Exception if the worker process cannot be started
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("worker")) {
      work(args[1], args[2], args[3], args.length > 4 ? args[4] : "");
      return;
    }
    String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test";
    String user = args.length > 1 ? args[1] : "postgres";
    String prefix = "pull_example_" + Long.toString(System.currentTimeMillis(), 36) + "_";
    try (Chronos submitter = node(prefix, url, user, "")) {
      for (int i = 1; i <= 5; i++) {
        submitter.submit(
            JobRequest.builder()
                .name("Transcode video " + i)
                .handler("transcode")
                .payload(Map.of("videoId", "vid_" + i))
                .build());
      }
      System.out.println("submitted 5 jobs for handler 'transcode'; starting a worker JVM");
      Process worker =
          new ProcessBuilder(
                  System.getProperty("java.home")
                      + File.separator
                      + "bin"
                      + File.separator
                      + "java",
                  "-cp",
                  classPath(),
                  PullWorkerExample.class.getName(),
                  "worker",
                  prefix,
                  url,
                  user,
                  "")
              .inheritIO()
              .start();
      JobQuery done = JobQuery.builder().statuses(JobStatus.COMPLETED).build();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (submitter.jobs(done).total() < 5 && Instant.now().isBefore(deadline)) {
        Thread.sleep(100); // an example waiting for its own output, not a test
      }
      worker.destroy();
      // A list leaves results out; each job read by id has its own.
      submitter.jobs(done).items().stream()
          .map(j -> submitter.job(j.id()).orElseThrow())
          .forEach(j -> System.out.println(j.name() + " → " + j.result()));
    }
  }

  /** This program's class path, also when it runs inside Maven (exec:java). */
  private static String classPath() {
    if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader loader) {
      StringBuilder cp = new StringBuilder();
      for (java.net.URL url : loader.getURLs()) {
        if (cp.length() > 0) {
          cp.append(File.pathSeparator);
        }
        try {
          cp.append(new File(url.toURI()).getPath());
        } catch (java.net.URISyntaxException e) {
          cp.append(url.getPath());
        }
      }
      return cp.toString();
    }
    return System.getProperty("java.class.path");
  }

  private static Chronos node(String prefix, String url, String user, String password) {
    return Chronos.builder()
        .store(JdbcJobStore.builder().jdbcUrl(url, user, password).tablePrefix(prefix).build())
        .build()
        .start();
  }

  /** The worker JVM: no handlers registered; it claims with leases and reports. */
  private static void work(String prefix, String url, String user, String password) {
    try (Chronos node = node(prefix, url, user, password)) {
      PullWorker pull = node.pull("transcoder-1");
      int handled = 0;
      while (handled < 5) {
        List<ClaimedJob> claimed = pull.claim(Set.of("transcode"), 2, Duration.ofSeconds(5));
        for (ClaimedJob job : claimed) {
          System.out.printf(
              "[worker] %s attempt %d, lease until %s%n",
              job.name(), job.attempt(), job.deadline());
          pull.complete(job, Map.of("playlist", job.payload().get("videoId").asText() + ".m3u8"));
          handled++;
        }
      }
    }
  }
}
