package dev.chronos.examples;

import com.sun.net.httpserver.HttpServer;
import dev.chronos.Chronos;
import dev.chronos.Delivery;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.push.SignatureVerifier;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Push delivery and the receiving side: an endpoint that accepts a request only when {@link
 * SignatureVerifier} says its {@code X-Chronos-Signature} matches, and a node that pushes two jobs
 * to it: one signed with the shared secret (accepted, 200), and one from a node with another secret
 * (refused with 401, which fails the job at once: 4xx is not retried).
 *
 * <pre>
 * ./mvnw -q -pl chronos-examples -am compile exec:java -Dexample=dev.chronos.examples.PushReceiverExample
 * </pre>
 */
public final class PushReceiverExample {
  private PushReceiverExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the receiver cannot start
   */
  public static void main(String[] args) throws Exception {
    String secret = "whsec-shared-with-the-receiver";
    SignatureVerifier verifier = SignatureVerifier.of(secret);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hooks/chronos",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          SignatureVerifier.Result result =
              verifier.verify(exchange.getRequestHeaders()::getFirst, body);
          System.out.printf(
              "[receiver] delivery %s: %s%n",
              exchange.getRequestHeaders().getFirst("X-Chronos-Delivery-Id"), result);
          int status = result.isValid() ? 200 : 401;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/chronos";
    try (Chronos signed = node(secret);
        Chronos impostor = node("not-the-secret")) {
      Map<Chronos, Job> jobs =
          Map.of(
              signed, signed.submit(push("Signed notification", url)),
              impostor, impostor.submit(push("Forged notification", url)));
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      for (Map.Entry<Chronos, Job> e : jobs.entrySet()) {
        Chronos node = e.getKey();
        Job job = e.getValue();
        while (!node.job(job.id()).orElseThrow().status().isTerminal()
            && Instant.now().isBefore(deadline)) {
          Thread.sleep(50); // an example waiting for its own output, not a test
        }
        Job now = node.job(job.id()).orElseThrow();
        System.out.printf(
            "%s → %s%s%n",
            now.name(),
            now.status().json(),
            now.status() == JobStatus.FAILED ? " (" + now.lastError() + ")" : "");
      }
    } finally {
      server.stop(0);
    }
  }

  /** A node with a store of its own, so each node delivers only what it submitted. */
  private static Chronos node(String secret) {
    return Chronos.builder()
        .store(new InMemoryJobStore())
        .signingSecret(secret)
        // Loopback over plain HTTP is refused by default; allowed here for the demonstration.
        .allowHttp()
        .allowPrivateNetworks()
        .build()
        .start();
  }

  private static JobRequest push(String name, String url) {
    return JobRequest.builder()
        .name(name)
        .delivery(Delivery.push(url))
        .payload(Map.of("event", "subscription.created"))
        .build();
  }
}
