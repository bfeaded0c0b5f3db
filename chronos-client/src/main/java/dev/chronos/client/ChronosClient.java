package dev.chronos.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.Delivery;
import dev.chronos.HandlerRequiredForPullException;
import dev.chronos.IdempotencyKeyConflictException;
import dev.chronos.Job;
import dev.chronos.JobNotFoundException;
import dev.chronos.JobRequest;
import dev.chronos.JobStatus;
import dev.chronos.Page;
import dev.chronos.ScheduleNotFoundException;
import dev.chronos.ScheduleRequest;
import dev.chronos.ScheduleUpdate;
import dev.chronos.StoreUnavailableException;
import dev.chronos.ValidationException;
import dev.chronos.ValidationException.FieldError;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A client of the Chronos HTTP API on the JDK {@link HttpClient}: submit, look up, list and cancel
 * jobs; create, read, change and archive schedules; and {@link #worker()} for remote workers that
 * need no database credentials. Every call acts in the account of the API key. Errors come back as
 * the library's exceptions ({@link ValidationException}, {@link IdempotencyKeyConflictException},
 * {@link JobNotFoundException}, {@link ScheduleNotFoundException}, {@link
 * StoreUnavailableException}) or as {@link ChronosApiException} with the API's code. Thread-safe.
 *
 * <pre>{@code
 * ChronosClient client = ChronosClient.builder()
 *     .baseUrl("http://127.0.0.1:8080")
 *     .apiKey(System.getenv("CHRONOS_API_KEY"))
 *     .build();
 * Job job = client.submit(JobRequest.fromJson(body));
 * }</pre>
 */
public final class ChronosClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String apiKey;
  private final HttpClient http;
  private final Duration timeout;

  private ChronosClient(Builder b) {
    String url = Objects.requireNonNull(b.baseUrl, "baseUrl");
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    this.base = URI.create(url + "/");
    this.apiKey = Objects.requireNonNull(b.apiKey, "apiKey");
    if (!apiKey.startsWith("chrns_")) {
      throw new IllegalArgumentException("An API key starts with chrns_");
    }
    // The default client completes its exchanges on threads of its own, never on the common
    // ForkJoin pool, so a caller blocked on that pool (RemoteWorker.stop() from a pool task, say)
    // cannot keep the answers it waits for from being delivered.
    this.http =
        b.httpClient != null
            ? b.httpClient
            : HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .executor(
                    java.util.concurrent.Executors.newCachedThreadPool(
                        r -> {
                          Thread t = new Thread(r, "chronos-client-http");
                          t.setDaemon(true);
                          return t;
                        }))
                .build();
    this.timeout = b.timeout;
  }

  /**
   * Starts configuring a client.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Submits a job ({@code POST /v1/jobs}).
   *
   * @param request the job; its account is ignored, the key's is used
   * @return the stored job
   * @throws ValidationException naming every bad field
   * @throws IdempotencyKeyConflictException if the key names an existing job
   */
  public Job submit(JobRequest request) {
    ObjectNode body = (ObjectNode) request.toJsonWithSecrets();
    body.remove("account");
    return job(call("POST", "v1/jobs", body).get("data"));
  }

  /**
   * Looks up a job ({@code GET /v1/jobs/{id}}).
   *
   * @param id the job
   * @return the job
   * @throws JobNotFoundException if there is none in the key's account
   */
  public Job job(UUID id) {
    return job(call("GET", "v1/jobs/" + id, null).get("data"));
  }

  /**
   * Lists jobs ({@code GET /v1/jobs}).
   *
   * @param filters the API's query parameters ({@code status}, {@code handler}, {@code
   *     schedule_id}, {@code page}, {@code size})
   * @return one page
   */
  public Page<Job> jobs(Map<String, String> filters) {
    JsonNode root = call("GET", "v1/jobs" + query(filters), null);
    List<Job> jobs = new ArrayList<>();
    root.get("data").forEach(j -> jobs.add(job(j)));
    JsonNode paging = root.get("meta").get("paging");
    return new Page<>(
        jobs, paging.get("page").asInt(), paging.get("size").asInt(), paging.get("total").asLong());
  }

  /**
   * Cancels a pending or retrying job ({@code POST /v1/jobs/{id}/cancel}).
   *
   * @param id the job
   * @return the cancelled job
   */
  public Job cancel(UUID id) {
    return job(call("POST", "v1/jobs/" + id + "/cancel", null).get("data"));
  }

  /**
   * A job's attempts ({@code GET /v1/jobs/{id}/executions}), as the API's JSON objects.
   *
   * @param id the job
   * @return the executions, first attempt first
   */
  public List<JsonNode> executions(UUID id) {
    List<JsonNode> list = new ArrayList<>();
    call("GET", "v1/jobs/" + id + "/executions", null).get("data").forEach(list::add);
    return list;
  }

  /**
   * Creates a schedule ({@code POST /v1/schedules}).
   *
   * @param request the schedule
   * @return the API's schedule object ({@code id}, {@code status}, {@code next_run_at}, ...)
   */
  public JsonNode createSchedule(ScheduleRequest request) {
    ObjectNode body = (ObjectNode) request.toJsonWithSecrets();
    body.remove("account");
    return call("POST", "v1/schedules", body).get("data");
  }

  /**
   * Looks up a schedule ({@code GET /v1/schedules/{id}}).
   *
   * @param id the schedule
   * @return the API's schedule object
   */
  public JsonNode schedule(UUID id) {
    return call("GET", "v1/schedules/" + id, null).get("data");
  }

  /**
   * Lists schedules ({@code GET /v1/schedules}).
   *
   * @param filters {@code status}, {@code page}, {@code size}
   * @return the API's answer: {@code data} (the schedules) and {@code meta.paging}
   */
  public JsonNode schedules(Map<String, String> filters) {
    return call("GET", "v1/schedules" + query(filters), null);
  }

  /**
   * Changes a schedule ({@code PATCH /v1/schedules/{id}}).
   *
   * @param id the schedule
   * @param update the fields to change
   * @return the changed schedule
   */
  public JsonNode updateSchedule(UUID id, ScheduleUpdate update) {
    return call("PATCH", "v1/schedules/" + id, update.toJsonWithSecrets()).get("data");
  }

  /**
   * Archives a schedule ({@code POST /v1/schedules/{id}/archive}).
   *
   * @param id the schedule
   * @return the archived schedule
   */
  public JsonNode archiveSchedule(UUID id) {
    return call("POST", "v1/schedules/" + id + "/archive", null).get("data");
  }

  /**
   * A remote worker on this client: register handlers, then {@link RemoteWorker#start()}.
   *
   * @return a new worker
   */
  public RemoteWorker worker() {
    return new RemoteWorker(this);
  }

  /** Sends a request and returns the answer's JSON, or throws the answer's error. */
  JsonNode call(String method, String path, JsonNode body) {
    try {
      return answer(send(method, path, body, timeout).join());
    } catch (java.util.concurrent.CompletionException e) {
      throw transport(e.getCause());
    }
  }

  /** Sends without waiting; the future's cancellation aborts the exchange. */
  CompletableFuture<HttpResponse<byte[]>> send(
      String method, String path, JsonNode body, Duration requestTimeout) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(requestTimeout)
            .header("Authorization", "Bearer " + apiKey)
            .header("Accept", "application/json");
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
    }
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static RuntimeException transport(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof IOException) {
      return new StoreUnavailableException("The Chronos server could not be reached: " + t, t);
    }
    return new IllegalStateException(t);
  }

  /** The JSON of a 2xx answer, or the answer's error as an exception. */
  static JsonNode answer(HttpResponse<byte[]> response) {
    JsonNode root;
    try {
      root = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new ChronosApiException(response.statusCode(), "error", "The answer is not JSON");
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return root;
    }
    String code = root.path("code").asText("error");
    String message = root.path("message").asText("");
    switch (code) {
      case "validation_error" -> {
        List<FieldError> errors = new ArrayList<>();
        root.path("errors")
            .forEach(
                e ->
                    errors.add(
                        new FieldError(e.path("field").asText(), e.path("message").asText())));
        if (errors.isEmpty()) {
          errors.add(new FieldError("body", message));
        }
        throw new ValidationException(errors);
      }
      case HandlerRequiredForPullException.CODE ->
          throw new HandlerRequiredForPullException(pathId(response));
      case "idempotency_key_conflict" ->
          throw new IdempotencyKeyConflictException(
              "", "", UUID.fromString(root.path("data").path("existing_job_id").asText()));
      case "job_not_found" -> throw new JobNotFoundException(pathId(response));
      case "schedule_not_found" -> throw new ScheduleNotFoundException(pathId(response));
      case "store_unavailable" -> throw new StoreUnavailableException(message, null);
      default -> throw new ChronosApiException(status, code, message);
    }
  }

  private static UUID pathId(HttpResponse<byte[]> response) {
    String[] parts = response.uri().getPath().split("/");
    for (String p : parts) {
      try {
        return UUID.fromString(p);
      } catch (IllegalArgumentException e) {
        // not this segment
      }
    }
    return new UUID(0, 0);
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
  }

  private static String query(Map<String, String> filters) {
    if (filters == null || filters.isEmpty()) {
      return "";
    }
    StringBuilder q = new StringBuilder("?");
    filters.forEach(
        (k, v) -> {
          if (q.length() > 1) {
            q.append('&');
          }
          q.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    return q.toString();
  }

  /** Reads the API's job object. */
  static Job job(JsonNode j) {
    JsonNode d = j.path("delivery");
    Delivery delivery;
    if ("push".equals(d.path("type").asText())) {
      JsonNode http = d.path("http");
      Map<String, String> headers = new LinkedHashMap<>();
      http.path("headers")
          .properties()
          .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
      delivery = Delivery.push(http.path("url").asText(), http.path("method").asText(), headers);
    } else {
      delivery = Delivery.pull();
    }
    return new Job(
        UUID.fromString(j.get("id").asText()),
        j.get("account").asText(),
        j.get("name").asText(),
        text(j, "handler"),
        nullable(j.get("payload")),
        JobStatus.fromJson(j.get("status").asText()),
        time(j, "scheduled_for"),
        time(j, "run_at"),
        time(j, "created_at"),
        time(j, "updated_at"),
        j.path("attempts").asInt(),
        j.path("max_retries").asInt(),
        Duration.ofSeconds(j.path("timeout").asLong()),
        delivery,
        text(j, "idempotency_key"),
        text(j, "schedule_id") == null ? null : UUID.fromString(text(j, "schedule_id")),
        text(j, "last_error"),
        nullable(j.get("result")));
  }

  private static String text(JsonNode j, String field) {
    JsonNode v = j.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Instant time(JsonNode j, String field) {
    String v = text(j, field);
    return v == null ? null : Instant.parse(v);
  }

  private static JsonNode nullable(JsonNode v) {
    return v == null || v.isNull() ? null : v;
  }

  /** Settings of a {@link ChronosClient}. */
  public static final class Builder {
    private String baseUrl;
    private String apiKey;
    private HttpClient httpClient;
    private Duration timeout = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * The server's address (required), such as {@code http://127.0.0.1:8080}; trailing slashes are
     * dropped, and a path (a servlet's mount point) is kept.
     *
     * @param baseUrl the address
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * The API key (required), {@code chrns_...}.
     *
     * @param apiKey the key
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /**
     * The JDK client to send with (default: a new one, 10 s connect timeout).
     *
     * @param httpClient the client
     * @return this builder
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /**
     * How long a call may take (default 30 s); long-polls add their wait to it.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalArgumentException if the key does not start with {@code chrns_}
     */
    public ChronosClient build() {
      return new ChronosClient(this);
    }
  }
}
