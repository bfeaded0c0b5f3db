package dev.chronos.examples;

import dev.chronos.Chronos;
import dev.chronos.DelayUnit;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.memory.InMemoryJobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * In-process handlers: register code under a handler name, submit jobs from anywhere, read their
 * results. Runs in about three seconds:
 *
 * <pre>
 * ./mvnw -q -pl chronos-examples -am compile exec:java -Dexample=dev.chronos.examples.InProcessHandlers
 * </pre>
 */
public final class InProcessHandlers {
  private InProcessHandlers() {}

  /** A typed payload: handlers read payloads into records with {@code ctx.payload(Type.class)}. */
  record Resize(String imageId, int width) {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    try (Chronos chronos =
        Chronos.builder()
            .store(new InMemoryJobStore())
            .handler(
                "resize-image",
                ctx -> {
                  Resize r = ctx.payload(Resize.class);
                  System.out.printf(
                      "resizing %s to %d px (job %s, attempt %d)%n",
                      r.imageId(), r.width(), ctx.jobId(), ctx.attempt());
                  return Map.of("url", "https://cdn.example.com/" + r.imageId() + "-" + r.width());
                })
            .build()
            .start()) {
      Job now =
          chronos.submit(
              JobRequest.builder()
                  .name("Resize now")
                  .handler("resize-image")
                  .payload(new Resize("img_1", 640))
                  .build());
      Job later =
          chronos.submit(
              JobRequest.builder()
                  .name("Resize in 2 s")
                  .handler("resize-image")
                  .delay(2, DelayUnit.SECOND)
                  .payload(new Resize("img_2", 1280))
                  .build());

      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      for (Job job : new Job[] {now, later}) {
        while (chronos.job(job.id()).orElseThrow().status() != JobStatus.COMPLETED
            && Instant.now().isBefore(deadline)) {
          Thread.sleep(50); // an example waiting for its own output, not a test
        }
        System.out.println(job.name() + " → " + chronos.job(job.id()).orElseThrow().result());
      }
    }
  }
}
