package dev.chronos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS with a keystore, and a client too slow to be served. */
class ProtectionTest {
  @TempDir Path dir;

  @Test
  void tls_with_a_pkcs12_keystore_serves_https() {
    Path keystore = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Shell.Result made =
        Shell.bash(
            keytool
                + " -genkeypair -alias chronos -keyalg RSA -keysize 2048 -validity 2"
                + " -dname CN=localhost -ext SAN=ip:127.0.0.1 -storetype PKCS12 -keystore "
                + keystore
                + " -storepass changeit -keypass changeit",
            120);
    assertThat(made.exit()).as(made.err()).isZero();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--port",
                "0",
                "--data",
                dir.resolve("data").toString(),
                "--keystore",
                keystore.toString()));
    ServerSettings settings =
        ServerSettings.parse(args, Map.of("CHRONOS_KEYSTORE_PASSWORD", "changeit"));
    try (ChronosServer server = ChronosServer.start(settings)) {
      String secret = server.keys().create("acme", "tls", false).secret();
      Shell.Result r =
          Shell.bash(
              "curl -s -k -H 'Authorization: Bearer "
                  + secret
                  + "' https://127.0.0.1:"
                  + server.port()
                  + "/v1/jobs",
              30);
      assertThat(r.out()).contains("\"success\":true");
      Shell.Result plain =
          Shell.bash(
              "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:"
                  + server.port()
                  + "/health",
              30);
      assertThat(plain.out()).isNotEqualTo("200");
    }
  }

  @Test
  void headers_over_8_kib_are_refused() {
    try (ChronosServer server = ChronosServer.start(TestServers.h2(dir))) {
      String secret = server.keys().create("acme", "h", false).secret();
      Shell.Result r =
          Shell.bash(
              "curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer "
                  + secret
                  + "' -H 'X-Padding: "
                  + "p".repeat(9000)
                  + "' http://127.0.0.1:"
                  + server.port()
                  + "/v1/jobs",
              30);
      assertThat(r.out()).isEqualTo("431");
      Shell.Result ok =
          Shell.bash(
              "curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer "
                  + secret
                  + "' http://127.0.0.1:"
                  + server.port()
                  + "/v1/jobs",
              30);
      assertThat(ok.out()).isEqualTo("200");
    }
  }

  @Test
  void a_client_sending_its_body_one_byte_a_second_is_cut_off() throws Exception {
    ServerSettings settings =
        ServerSettings.parse(
            List.of("--port", "0", "--data", dir.toString(), "--idle-timeout", "5"), Map.of());
    try (ChronosServer server = ChronosServer.start(settings);
        Socket socket = new Socket("127.0.0.1", server.port())) {
      String secret = server.keys().create("acme", "slow", false).secret();
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + secret
                  + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();
      boolean[] closed = {false};
      socket.setSoTimeout(1000);
      InputStream in = socket.getInputStream();
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(1000))
          .until(
              () -> {
                try {
                  out.write('{');
                  out.flush();
                  if (in.available() > 0 && in.read() < 0) {
                    closed[0] = true;
                  }
                } catch (java.io.IOException e) {
                  closed[0] = true;
                }
                return closed[0];
              });
      long seconds = (System.nanoTime() - start) / 1_000_000_000;
      System.out.println("A one-byte-a-second client was cut off after " + seconds + " s");
      assertThat(seconds).isLessThan(60);
      assertThat(
              server.chronos().jobs(dev.chronos.JobQuery.builder().account("acme").build()).total())
          .isZero();
    }
  }
}
