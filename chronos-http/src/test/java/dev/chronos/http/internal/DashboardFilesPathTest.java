package dev.chronos.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The path check of the dashboard's files, on the names an adapter may pass it. */
class DashboardFilesPathTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "..",
        "../x.js",
        "a/../../x.js",
        "%2e%2e/x.js",
        "%2E%2e/x.js",
        ".%2e/x.js",
        "..%2fx.js",
        "%2e%2e%2fx.js",
        "..\\x.js",
        "..%5cx.js",
        "%252e%252e/x.js",
        "./x.js",
        "a//x.js",
        "a/",
        "/x.js",
        "%00x.js",
        "x.js%00",
        "C:/x.js",
        "%zz",
        "%2",
        "x%",
        ""
      })
  void refuses_every_name_that_is_not_a_plain_relative_file(String raw) {
    assertThat(DashboardFiles.safeName(raw)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"app.js", "pages/jobs.mjs", "css/site.css", "img/logo%20dark.svg"})
  void accepts_plain_names_decoded_once(String raw) {
    assertThat(DashboardFiles.safeName(raw)).isEqualTo(raw.replace("%20", " "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.js", "a.MJS", "a.css", "a.html", "a.svg", "a.bin"})
  void types_follow_the_extension(String name) {
    assertThat(DashboardFiles.type(name))
        .isEqualTo(
            switch (name.substring(2).toLowerCase(java.util.Locale.ROOT)) {
              case "js", "mjs" -> "text/javascript;charset=utf-8";
              case "css" -> "text/css;charset=utf-8";
              case "html" -> "text/html;charset=utf-8";
              case "svg" -> "image/svg+xml";
              default -> "application/octet-stream";
            });
  }
}
