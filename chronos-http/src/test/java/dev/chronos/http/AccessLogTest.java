package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One access-log line per request, without secrets, query strings or bodies. */
class AccessLogTest {
  @Test
  void each_request_logs_one_line_without_secrets() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (ApiFixture f = new ApiFixture(ApiFixture.Adapter.JETTY)) {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      Http acme = f.http(f.acme);
      acme.get("/v1/jobs?handler=secret-query-value");
      acme.post(
          "/v1/jobs",
          "{\"name\": \"n\", \"handler\": \"h\", \"payload\": {\"card\": \"4111-body\"}}");
      f.http(null).get("/v1/jobs");
      System.setErr(original);
      String log = captured.toString(StandardCharsets.UTF_8);
      assertThat(log.lines().filter(l -> l.contains("dev.chronos.http.access"))).hasSize(3);
      assertThat(log)
          .contains("GET /v1/jobs 200")
          .contains("POST /v1/jobs 201")
          .contains("GET /v1/jobs 401")
          .contains("key=" + f.acme.key().id())
          .contains("account=acme")
          .doesNotContain(f.acme.secret())
          .doesNotContain("secret-query-value")
          .doesNotContain("4111-body");
    } finally {
      System.setErr(original);
    }
  }
}
