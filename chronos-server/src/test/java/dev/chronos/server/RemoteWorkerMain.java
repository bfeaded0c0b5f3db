package dev.chronos.server;

import dev.chronos.client.ChronosClient;
import dev.chronos.client.RemoteWorker;
import java.time.Duration;
import java.util.Map;

/**
 * A worker process for {@link RemoteWorkerProcessTest}: a {@link RemoteWorker} that runs {@code
 * remote} jobs (answering with its process id) and dies in the middle of {@code die} jobs.
 */
public final class RemoteWorkerMain {
  private RemoteWorkerMain() {}

  /**
   * Runs until killed.
   *
   * @param args the server's base URL and an API key
   */
  public static void main(String[] args) throws Exception {
    ChronosClient client = ChronosClient.builder().baseUrl(args[0]).apiKey(args[1]).build();
    RemoteWorker worker =
        client
            .worker()
            .pollWait(Duration.ofSeconds(5))
            .handle(
                "remote",
                ctx -> Map.of("pid", ProcessHandle.current().pid(), "attempt", ctx.attempt()))
            .handle(
                "die",
                ctx -> {
                  System.out.println("dying in job " + ctx.jobId());
                  System.out.flush();
                  Runtime.getRuntime().halt(3);
                  return null;
                })
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(worker::stop));
    System.out.println("worker started");
    System.out.flush();
    Thread.currentThread().join();
  }
}
