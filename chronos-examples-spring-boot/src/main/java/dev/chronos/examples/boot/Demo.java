package dev.chronos.examples.boot;

import dev.chronos.Chronos;
import dev.chronos.micrometer.ChronosMetrics;
import dev.chronos.spring.ChronosHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * With {@code --demo}: posts three sign-ups to the running application's own HTTP port, and a
 * fourth that its transaction refuses (its welcome job must not exist), waits for the three welcome
 * jobs, prints them with the metrics and the health, and exits.
 */
@Component
class Demo implements ApplicationRunner {
  private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

  private final ConfigurableApplicationContext context;
  private final Environment environment;
  private final CompletionLog completions;
  private final MeterRegistry registry;
  private final ChronosMetrics metrics;
  private final ChronosHealthIndicator health;
  private final Chronos chronos;

  Demo(
      ConfigurableApplicationContext context,
      Environment environment,
      CompletionLog completions,
      MeterRegistry registry,
      ChronosMetrics metrics,
      ChronosHealthIndicator health,
      Chronos chronos) {
    this.context = context;
    this.environment = environment;
    this.completions = completions;
    this.registry = registry;
    this.metrics = metrics;
    this.health = health;
    this.chronos = chronos;
  }

  @Override
  public void run(ApplicationArguments args) throws Exception {
    if (!args.containsOption("demo")) {
      return;
    }
    String base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
    HttpClient http = HttpClient.newHttpClient();
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> ids = new ArrayList<>();
    for (String user : List.of("ada", "grace", "edsger")) {
      String body =
          send(
              http,
              HttpRequest.newBuilder(
                      URI.create(
                          base + "/signups?email=" + user + "-" + run + "@example.com&plan=pro"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build());
      Matcher m = ID.matcher(body);
      if (!m.find()) {
        throw new IllegalStateException("no job id in " + body);
      }
      ids.add(m.group(1));
      System.out.println("submitted  " + body);
    }
    // A sign-up refused after its writes: its transaction rolls back, welcome job included.
    String refusedEmail = "mallory-" + run + "@example.com";
    HttpResponse<String> refused =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/signups?refuse=true&email=" + refusedEmail))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher r = Pattern.compile("\"refused\":\"([0-9a-f-]{36})\"").matcher(refused.body());
    boolean rolledBack =
        refused.statusCode() == 422
            && r.find()
            && http.send(
                        HttpRequest.newBuilder(URI.create(base + "/jobs/" + r.group(1)))
                            .GET()
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .statusCode()
                == 404;
    System.out.println(
        "rollback   "
            + refused.statusCode()
            + " "
            + refused.body()
            + (rolledBack ? ": no such job" : ": the job exists!"));
    Instant until = Instant.now().plusSeconds(30);
    List<String> finished = new ArrayList<>();
    for (String id : ids) {
      String job;
      do {
        job = send(http, HttpRequest.newBuilder(URI.create(base + "/jobs/" + id)).GET().build());
        if (job.contains("\"status\":\"completed\"") || job.contains("\"status\":\"failed\"")) {
          break;
        }
        Thread.sleep(100); // a demo polling its own API, not a test
      } while (Instant.now().isBefore(until));
      finished.add(job);
      System.out.println("finished   " + job);
    }
    metrics.refreshJobCounts();
    Timer attempts =
        registry
            .find("chronos.attempts")
            .tags("handler", "send-welcome", "outcome", "completed")
            .timer();
    System.out.println(
        "metrics    chronos.attempts{handler=send-welcome,outcome=completed} count="
            + (attempts == null ? 0 : attempts.count())
            + ", chronos.jobs{status=completed}="
            + registry.get("chronos.jobs").tags("status", "completed").gauge().value());
    System.out.println("listener   completed on this node: " + completions.completed());
    System.out.println(
        "schedule   "
            + chronos
                .schedules()
                .get("example-weekly-digest")
                .map(s -> s.key() + " next at " + s.nextRunAt() + " (" + s.status().json() + ")")
                .orElse("example-weekly-digest missing"));
    System.out.println(
        "health     " + health.health().getStatus() + " " + health.health().getDetails());
    boolean ok =
        finished.stream().allMatch(j -> j.contains("\"status\":\"completed\""))
            && rolledBack
            && chronos.schedules().get("example-weekly-digest").isPresent();
    System.out.println(
        ok
            ? "demo: all 3 jobs completed, the refused one rolled back"
            : "demo: a job did not complete");
    int code = SpringApplication.exit(context, () -> ok ? 0 : 1);
    System.exit(code);
  }

  private static String send(HttpClient http, HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          request.uri() + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }
}
