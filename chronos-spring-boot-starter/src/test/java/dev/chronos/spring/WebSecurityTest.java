package dev.chronos.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.Chronos;
import dev.chronos.JobQuery;
import dev.chronos.http.ApiKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The host's Spring Security wraps the mounted API: its rule for the path (here an address range
 * that loopback is not in) refuses a request before Chronos sees it, whatever the key.
 */
@SpringBootTest(
    classes = {TestApp.class, WebMountTest.ChronosPathSecurity.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "chronos.worker-threads=2",
      "chronos.web.enabled=true",
      "chronos.web.path=/ops/chronos",
      "server.address=127.0.0.1",
      "test.allowed-network=10.0.0.0/8"
    })
class WebSecurityTest {
  @TempDir static Path dir;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.datasource.url",
        () -> "jdbc:h2:file:" + dir.resolve("web-security") + ";DB_CLOSE_DELAY=0");
    registry.add("spring.datasource.username", () -> "sa");
  }

  @LocalServerPort int port;
  @Autowired ApiKeys keys;
  @Autowired Chronos chronos;

  @Test
  void a_request_from_outside_the_host_s_allowed_range_is_refused_before_the_api_whatever_the_key()
      throws Exception {
    LoopbackHttp http = new LoopbackHttp(port);
    String key = keys.create("default", "outside-network", false).secret();
    long before = chronos.jobs(JobQuery.builder().size(1).build()).total();

    HttpResponse<String> refused =
        http.send("POST", "/ops/chronos/v1/jobs", key, WebMountTest.GREET);
    HttpResponse<String> health = http.send("GET", "/ops/chronos/health", null, null);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body())
        .as("Spring's answer, not the API's envelope")
        .doesNotContain("\"success\"");
    assertThat(health.statusCode()).isEqualTo(403);
    assertThat(chronos.jobs(JobQuery.builder().size(1).build()).total()).isEqualTo(before);
  }
}
