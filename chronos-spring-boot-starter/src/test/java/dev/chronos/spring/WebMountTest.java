package dev.chronos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chronos.Chronos;
import dev.chronos.JobStatus;
import dev.chronos.http.ApiKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.IpAddressAuthorizationManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The HTTP API mounted in the application's own server (Tomcat on a random port), called with a
 * real HTTP client on loopback; keys in the application's H2 DataSource; behind the application's
 * Spring Security, with the chain the README shows for the path (loopback allowed).
 */
@SpringBootTest(
    classes = {TestApp.class, WebMountTest.ChronosPathSecurity.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "chronos.worker-threads=2",
      "chronos.web.enabled=true",
      "chronos.web.path=/ops/chronos",
      "server.address=127.0.0.1"
    })
class WebMountTest {
  /** The README's chain for the API's path: the API checks its keys, the host adds a rule. */
  @Configuration
  static class ChronosPathSecurity {
    @Bean
    @Order(1)
    SecurityFilterChain chronosSecurity(HttpSecurity http, Environment env) throws Exception {
      return http.securityMatcher("/ops/chronos/**")
          .authorizeHttpRequests(
              a ->
                  a.anyRequest()
                      .access(
                          IpAddressAuthorizationManager.hasIpAddress(
                              env.getProperty("test.allowed-network", "127.0.0.0/8"))))
          .csrf(c -> c.disable())
          .build();
    }
  }

  private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

  @TempDir static Path dir;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("web") + ";DB_CLOSE_DELAY=0");
    registry.add("spring.datasource.username", () -> "sa");
  }

  @LocalServerPort int port;
  @Autowired ApiKeys keys;
  @Autowired Chronos chronos;

  HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
    return new LoopbackHttp(port).send(method, path, key, body);
  }

  static final String GREET =
      "{\"name\":\"greet over http\",\"handler\":\"greet\",\"payload\":{\"name\":\"http\"}}";

  @Test
  void a_job_submitted_through_the_mounted_api_with_a_key_is_created_and_runs() throws Exception {
    String key = keys.create("default", "web-test", false).secret();

    HttpResponse<String> created = send("POST", "/ops/chronos/v1/jobs", key, GREET);

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    Matcher m = ID.matcher(created.body());
    assertThat(m.find()).isTrue();
    UUID id = UUID.fromString(m.group(1));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> chronos.job(id).orElseThrow().status() == JobStatus.COMPLETED);
    HttpResponse<String> read = send("GET", "/ops/chronos/v1/jobs/" + id, key, null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).contains("\"status\":\"completed\"").contains("hello http");
  }

  @Test
  void without_a_key_or_with_a_revoked_one_the_api_answers_401_and_stores_nothing()
      throws Exception {
    long before = chronos.jobs(dev.chronos.JobQuery.builder().size(1).build()).total();

    HttpResponse<String> none = send("POST", "/ops/chronos/v1/jobs", null, GREET);
    var revoked = keys.create("default", "revoked", false);
    keys.revoke(revoked.key().id());
    HttpResponse<String> old = send("POST", "/ops/chronos/v1/jobs", revoked.secret(), GREET);

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).contains("\"code\":\"unauthorized\"");
    assertThat(old.statusCode()).isEqualTo(401);
    assertThat(chronos.jobs(dev.chronos.JobQuery.builder().size(1).build()).total())
        .isEqualTo(before);
  }

  @Test
  void the_api_answers_only_below_its_path_and_health_needs_no_key() throws Exception {
    assertThat(send("GET", "/ops/chronos/health", null, null).statusCode()).isEqualTo(200);
    // Not mounted at the root: the application's own paths stay its own.
    assertThat(send("GET", "/v1/jobs", null, null).statusCode()).isEqualTo(404);
  }
}
