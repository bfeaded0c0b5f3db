package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chronos.http.internal.ApiRequest;
import dev.chronos.http.internal.ApiResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions kept in the key store's database: two servers on one database (H2 file here) know the
 * same sessions, so a login on one works on the other and a logout on either ends it on both. And
 * the cookie is {@code Secure} when the request came over TLS.
 */
class SharedSessionsTest {
  @TempDir Path dir;
  HikariDataSource pool;
  ApiFixture a;
  ApiFixture b;

  @AfterEach
  void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void a_session_made_on_one_server_works_on_another_and_logging_out_ends_it_on_both() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE");
    config.setUsername("sa");
    config.setPassword("");
    pool = new HikariDataSource(config);
    a =
        new ApiFixture(
            ApiFixture.Adapter.JETTY,
            new JdbcApiKeyStore(pool, "chronos_"),
            UnaryOperator.identity());
    b =
        new ApiFixture(
            ApiFixture.Adapter.SERVLET,
            new JdbcApiKeyStore(pool, "chronos_"),
            UnaryOperator.identity());

    Http.Reply login = a.http(null).post("/ui/session", "{\"key\": \"" + a.acme.secret() + "\"}");
    assertThat(login.status()).as(login.text()).isEqualTo(200);
    String cookie = login.header("Set-Cookie").orElseThrow().split(";")[0];
    String csrf = login.data().get("csrf_token").asText();

    Http onB = b.http(null).with("Cookie", cookie);
    Http.Reply session = onB.get("/ui/session");
    assertThat(session.status()).isEqualTo(200);
    assertThat(session.data().get("csrf_token").asText()).isEqualTo(csrf);
    assertThat(onB.get("/v1/jobs").status()).isEqualTo(200);
    assertThat(onB.with("X-CSRF-Token", csrf).delete("/ui/session").status()).isEqualTo(200);

    assertThat(a.http(null).with("Cookie", cookie).get("/v1/jobs").status()).isEqualTo(401);
    assertThat(onB.get("/ui/session").status()).isEqualTo(401);
    // Both logins and the logout are in the one audit log.
    assertThat(a.http(a.acme).get("/v1/audit").data())
        .extracting(e -> e.get("action").asText())
        .containsExactly("session.logout", "session.login");
  }

  @Test
  void the_cookie_is_secure_over_tls_and_scoped_to_the_mount_path() {
    a = new ApiFixture(ApiFixture.Adapter.JETTY);
    String body = "{\"key\": \"" + a.acme.secret() + "\"}";
    ApiResponse overTls = a.api.handle(new Login(body, true, "/chronos"));
    assertThat(overTls.status()).isEqualTo(200);
    assertThat(overTls.headers().get("Set-Cookie"))
        .contains("; Path=/chronos/")
        .contains("; HttpOnly")
        .contains("; SameSite=Strict")
        .endsWith("; Secure");
    ApiResponse plain = a.api.handle(new Login(body, false, ""));
    assertThat(plain.headers().get("Set-Cookie")).contains("; Path=/;").doesNotContain("Secure");
  }

  /** A login as an adapter hands it over, over TLS or not, below a mount path. */
  private record Login(String json, boolean secure, String mountPath) implements ApiRequest {
    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String path() {
      return "/ui/session";
    }

    @Override
    public String rawQuery() {
      return null;
    }

    @Override
    public String header(String name) {
      return Map.of("Content-Type", "application/json").get(name);
    }

    @Override
    public long contentLength() {
      return json.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public InputStream body() {
      return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String remoteAddress() {
      return "127.0.0.1";
    }
  }
}
