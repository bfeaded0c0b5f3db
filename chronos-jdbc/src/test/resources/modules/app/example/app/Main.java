package example.app;

import dev.chronos.Chronos;
import dev.chronos.Job;
import dev.chronos.JobListener;
import dev.chronos.JobRequest;
import dev.chronos.jdbc.JdbcJobStore;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.spi.JobStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one job on the in-memory store and one on embedded H2 (in the folder given as the first
 * argument), and prints each job's final status and result.
 */
public final class Main {
  /** The payload, a record of the application's own. */
  public record Greeting(String name) {}

  public static void main(String[] args) throws Exception {
    run("memory", new InMemoryJobStore());
    run("h2", JdbcJobStore.h2(Path.of(args[0])));
  }

  private static void run(String label, JobStore store) throws Exception {
    CompletableFuture<Job> completed = new CompletableFuture<>();
    try (Chronos chronos =
        Chronos.builder()
            .store(store)
            .handler("greet", ctx -> Map.of("greeted", ctx.payload(Greeting.class).name()))
            .listener(
                new JobListener() {
                  @Override
                  public void onCompleted(Job job, dev.chronos.Execution execution) {
                    completed.complete(job);
                  }
                })
            .build()
            .start()) {
      chronos.submit(
          JobRequest.builder().name("Greet").handler("greet").payload(new Greeting("Ada")).build());
      Job job = completed.get(60, TimeUnit.SECONDS);
      System.out.println(label + ": " + job.status().json() + " " + job.result());
    }
  }
}
