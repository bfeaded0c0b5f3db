package dev.chronos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings from options and environment variables, and the {@code keys} commands. */
class CommandLineTest {
  @TempDir Path dir;

  record Output(int status, String out, String err) {}

  Output run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        ChronosServer.run(
            List.of(args),
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Output(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void defaults_bind_loopback_8080_with_h2_in_a_data_folder() {
    ServerSettings s = ServerSettings.defaults();
    assertThat(s.bind()).isEqualTo("127.0.0.1");
    assertThat(s.port()).isEqualTo(8080);
    assertThat(s.embedded()).isTrue();
    assertThat(s.data()).isEqualTo(Path.of("chronos-data"));
    assertThat(s.keystore()).isNull();
    assertThat(s.rateLimit()).isEqualTo(100);
  }

  @Test
  void every_setting_is_also_an_environment_variable_and_the_option_wins() {
    Map<String, String> env =
        Map.of(
            "CHRONOS_PORT", "9090",
            "CHRONOS_BIND", "localhost",
            "CHRONOS_JDBC_URL", "jdbc:postgresql://db/chronos",
            "CHRONOS_JDBC_PASSWORD", "s3cret",
            "CHRONOS_DATA", "/var/lib/chronos",
            "CHRONOS_IDLE_TIMEOUT", "12",
            "CHRONOS_CORS_ORIGINS", "https://a.example, https://b.example");
    ServerSettings s = ServerSettings.parse(List.of("--port", "7070", "--rate-limit=50"), env);
    assertThat(s.port()).isEqualTo(7070);
    assertThat(s.bind()).isEqualTo("localhost");
    assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db/chronos");
    assertThat(s.data()).isEqualTo(Path.of("/var/lib/chronos"));
    assertThat(s.idleTimeout()).isEqualTo(Duration.ofSeconds(12));
    assertThat(s.rateLimit()).isEqualTo(50);
    assertThat(s.corsOrigins()).containsExactly("https://a.example", "https://b.example");
    assertThat(s.toString()).doesNotContain("s3cret");
    for (String option : ServerSettings.OPTIONS.keySet()) {
      assertThat(ServerSettings.envName(option)).matches("CHRONOS_[A-Z_]+");
    }
  }

  @Test
  void bad_options_are_refused_naming_them() {
    assertThatThrownBy(() -> ServerSettings.parse(List.of("--colour", "red"), Map.of()))
        .hasMessageContaining("--colour");
    assertThatThrownBy(() -> ServerSettings.parse(List.of("--port", "eighty"), Map.of()))
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> ServerSettings.parse(List.of("--port"), Map.of()))
        .hasMessageContaining("needs a value");
    Output o = run(Map.of(), "--colour", "red");
    assertThat(o.status()).isEqualTo(2);
    assertThat(o.err()).contains("Unknown option --colour").contains("usage:");
  }

  @Test
  void binding_beyond_loopback_without_a_keystore_is_refused_before_anything_opens() {
    Output o = run(Map.of(), "--bind", "0.0.0.0", "--port", "0", "--data", dir.toString());
    assertThat(o.status()).isEqualTo(2);
    assertThat(o.err()).contains("needs TLS").contains("--keystore");
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void keys_create_list_and_revoke_from_the_command_line() {
    String data = dir.toString();
    Output created =
        run(
            Map.of("CHRONOS_DATA", data),
            "keys",
            "create",
            "--account",
            "acme",
            "--name",
            "ci",
            "--read-only");
    assertThat(created.status()).as(created.err()).isZero();
    Matcher secret = Pattern.compile("chrns_[A-Za-z0-9_-]{43}").matcher(created.out());
    assertThat(secret.find()).isTrue();
    Matcher id = Pattern.compile("key ([0-9a-f-]{36})").matcher(created.out());
    assertThat(id.find()).isTrue();

    Output list = run(Map.of(), "keys", "list", "--data", data);
    assertThat(list.out()).contains(id.group(1)).contains("acme").contains("read-only");
    assertThat(list.out()).doesNotContain(secret.group());

    assertThat(run(Map.of(), "keys", "revoke", id.group(1), "--data", data).status()).isZero();
    assertThat(run(Map.of(), "keys", "list", "--data", data).out()).contains("REVOKED");
    Output again = run(Map.of(), "keys", "revoke", id.group(1), "--data", data);
    assertThat(again.status()).isEqualTo(1);
    assertThat(run(Map.of(), "keys", "create", "--account", "acme", "--data", data).status())
        .isEqualTo(2);
    assertThat(run(Map.of(), "keys", "revoke", "nope", "--data", data).status()).isEqualTo(2);

    // The revoked key is refused by a server on that folder; a first start made no bootstrap key.
    try (ChronosServer server = ChronosServer.start(TestServers.h2(dir))) {
      assertThat(server.bootstrapKey()).isNull();
      Shell.Result r =
          Shell.bash(
              "curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer "
                  + secret.group()
                  + "' http://127.0.0.1:"
                  + server.port()
                  + "/v1/jobs",
              30);
      assertThat(r.out()).isEqualTo("401");
    }
  }

  @Test
  void a_first_start_creates_one_admin_key_and_a_second_start_none() {
    String adminSecret;
    try (ChronosServer server = ChronosServer.start(TestServers.h2(dir))) {
      assertThat(server.bootstrapKey()).isNotNull();
      assertThat(server.bootstrapKey().key().admin()).isTrue();
      assertThat(server.bootstrapKey().toString()).doesNotContain(server.bootstrapKey().secret());
      adminSecret = server.bootstrapKey().secret();
    }
    try (ChronosServer server = ChronosServer.start(TestServers.h2(dir))) {
      assertThat(server.bootstrapKey()).isNull();
      Shell.Result r =
          Shell.bash(
              "curl -s -X POST -H 'Authorization: Bearer "
                  + adminSecret
                  + "' -H 'Content-Type: application/json' -d '{\"account\": \"acme\", \"name\": \"svc\"}'"
                  + " http://127.0.0.1:"
                  + server.port()
                  + "/v1/admin/keys",
              30);
      assertThat(r.out()).contains("\"secret\":\"chrns_");
    }
  }
}
