package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The dashboard's static files through both adapters: content types, ETags and revalidation, the
 * security headers, 404 for what is not there, and no way out of the folder, whatever the encoding
 * (requests sent byte for byte on a socket, so no client normalizes the path first).
 */
class DashboardFilesTest {
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  ApiFixture f;

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in =
        DashboardFilesTest.class
            .getClassLoader()
            .getResourceAsStream("dev/chronos/http/dashboard/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void the_page_and_its_files_are_served_with_their_types_and_the_security_headers(
      ApiFixture.Adapter adapter) throws IOException {
    f = new ApiFixture(adapter);
    Http anonymous = f.http(null);

    Http.Reply index = anonymous.get("/");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.raw().body()).isEqualTo(resource("index.html"));
    assertThat(index.header("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(index.header("Cache-Control")).hasValue("no-cache");
    assertThat(index.header("Content-Security-Policy")).hasValue(CSP);
    assertThat(index.header("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(index.header("Referrer-Policy")).hasValue("no-referrer");

    Http.Reply js = anonymous.get("/ui/test-fixture.js");
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.raw().body()).isEqualTo(resource("test-fixture.js"));
    assertThat(js.header("Content-Type")).hasValue("text/javascript;charset=utf-8");
    assertThat(anonymous.get("/ui/test-fixture.mjs").header("Content-Type"))
        .hasValue("text/javascript;charset=utf-8");
    Http.Reply css = anonymous.get("/ui/css/test-fixture.css");
    assertThat(css.header("Content-Type")).hasValue("text/css;charset=utf-8");
    assertThat(css.raw().body()).isEqualTo(resource("css/test-fixture.css"));
    assertThat(css.header("Content-Security-Policy")).hasValue(CSP);

    // The API's own answers carry nosniff and no-referrer, but no page policy.
    Http.Reply api = f.http(f.acme).get("/v1/jobs");
    assertThat(api.header("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(api.header("Content-Security-Policy")).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void the_mount_path_without_its_slash_redirects_to_the_page() throws IOException {
    f = new ApiFixture(ApiFixture.Adapter.SERVLET);
    String answer = raw("/api");
    assertThat(answer)
        .startsWith("HTTP/1.1 308")
        .containsPattern("(?m)^Location: (http://[^/]+)?/api/$");
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void a_matching_etag_is_a_304_without_a_body_and_another_gets_the_file(
      ApiFixture.Adapter adapter) {
    f = new ApiFixture(adapter);
    Http anonymous = f.http(null);
    String etag = anonymous.get("/ui/test-fixture.js").header("ETag").orElseThrow();
    assertThat(etag).matches("\"[0-9a-f]{32}\"");

    Http.Reply same = anonymous.with("If-None-Match", etag).get("/ui/test-fixture.js");
    assertThat(same.status()).isEqualTo(304);
    assertThat(same.raw().body()).isEmpty();
    assertThat(same.header("ETag")).hasValue(etag);

    Http.Reply changed = anonymous.with("If-None-Match", "\"0000\"").get("/ui/test-fixture.js");
    assertThat(changed.status()).isEqualTo(200);
    assertThat(anonymous.get("/ui/css/test-fixture.css").header("ETag")).isNotEqualTo(etag);
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void missing_files_folders_and_every_way_out_of_the_folder_are_refused(ApiFixture.Adapter adapter)
      throws IOException {
    f = new ApiFixture(adapter);
    String mount = adapter == ApiFixture.Adapter.JETTY ? "" : "/api";
    assertThat(f.http(null).get("/ui/nothing-here.js").status()).isEqualTo(404);
    assertThat(f.http(null).get("/ui/nothing-here.js").code()).isEqualTo("not_found");
    assertThat(f.http(null).get("/ui/css").status()).isEqualTo(404);
    assertThat(f.http(null).get("/ui/css/").status()).isEqualTo(404);
    assertThat(f.http(null).get("/ui/").status()).isEqualTo(404);
    List<String> attempts =
        List.of(
            "/ui/../not-served.txt",
            "/ui/css/../../not-served.txt",
            "/ui/%2e%2e/not-served.txt",
            "/ui/%2E%2E/not-served.txt",
            "/ui/.%2e/not-served.txt",
            "/ui/%2e%2e%2fnot-served.txt",
            "/ui/..%2fnot-served.txt",
            "/ui/..\\not-served.txt",
            "/ui/..%5cnot-served.txt",
            "/ui/css%5c..%5c..%5cnot-served.txt",
            "/ui/%252e%252e/not-served.txt",
            "/ui/%00test-fixture.js",
            "/ui/../../dev/chronos/http/ChronosApi.class",
            "/ui/..%2f..%2fChronosApi.class",
            "/ui/C:/Windows/win.ini");
    for (String path : attempts) {
      String answer = raw(mount + path);
      assertThat(answer)
          .as(path)
          .doesNotContain("not a dashboard file")
          .doesNotContain("chronos-http test module")
          .doesNotContain("\u00ca\u00fe\u00ba\u00be");
      int status = Integer.parseInt(answer.substring(9, 12));
      // Jetty refuses some ambiguous paths itself (400), or resolves a ".." before the API sees the
      // path, which then is no dashboard path and needs a key (401); either way nothing leaks.
      assertThat(status).as(path).isIn(400, 401, 404);
    }
  }

  @ParameterizedTest
  @EnumSource(ApiFixture.Adapter.class)
  void dot_and_empty_segments_are_refused_or_name_the_same_file(ApiFixture.Adapter adapter)
      throws IOException {
    f = new ApiFixture(adapter);
    String mount = adapter == ApiFixture.Adapter.JETTY ? "" : "/api";
    for (String path :
        List.of("/ui/./test-fixture.js", "/ui//test-fixture.js", "/ui/css/./test-fixture.css")) {
      String answer = raw(mount + path);
      int status = Integer.parseInt(answer.substring(9, 12));
      // Jetty's core handler sees the path already resolved (the same file); the servlet sees
      // it as sent, and the dashboard refuses it.
      assertThat(status).as(path).isIn(200, 400, 404);
      assertThat(answer).as(path).doesNotContain("not a dashboard file");
    }
  }

  /** One request sent byte for byte; the whole answer as text (ISO-8859-1, so bytes survive). */
  private String raw(String target) throws IOException {
    try (Socket socket = new Socket(f.base.getHost(), f.base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
