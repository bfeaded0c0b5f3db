package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One API served by both adapters at once answers every request with the same status and bytes. */
class SameBytesTest {
  ApiFixture f;
  Server servletServer;
  Http jetty;
  Http servlet;

  @BeforeEach
  void start() throws Exception {
    f = new ApiFixture(ApiFixture.Adapter.JETTY);
    servletServer = new Server();
    ServerConnector connector = new ServerConnector(servletServer);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    servletServer.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/app");
    context.addServlet(new ServletHolder(new ChronosServlet(f.api)), "/chronos/*");
    servletServer.setHandler(context);
    servletServer.start();
    jetty = f.http(f.acme);
    servlet =
        new Http(
            URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app/chronos/"),
            f.acme.secret());
  }

  @AfterEach
  void stop() throws Exception {
    servletServer.stop();
    f.close();
  }

  @Test
  void both_adapters_answer_with_the_same_status_headers_and_bytes() {
    String id =
        jetty
            .post(
                "/v1/jobs",
                "{\"name\": \"a\", \"handler\": \"h\", \"delay\": {\"value\": 1, \"unit\": \"day\"}}")
            .data()
            .get("id")
            .asText();
    List<String[]> requests =
        List.of(
            new String[] {"GET", "/v1/jobs/" + id, null},
            new String[] {"GET", "/v1/jobs?schedule_id=null", null},
            new String[] {"GET", "/v1/jobs/" + id + "/executions", null},
            new String[] {"GET", "/v1/jobs/" + java.util.UUID.randomUUID(), null},
            new String[] {"GET", "/v1/jobs/nope", null},
            new String[] {"GET", "/v1/jobs?colour=red", null},
            new String[] {"GET", "/v1/nothing", null},
            new String[] {"POST", "/v1/jobs", "{\"name\": "},
            new String[] {"POST", "/v1/jobs", "{\"name\": \"\"}"},
            new String[] {
              "POST", "/v1/worker/jobs/claim", "{\"handlers\": [\"none\"], \"wait_seconds\": 0}"
            },
            new String[] {"GET", "/v1/schedules", null},
            new String[] {"GET", "/", null},
            new String[] {"GET", "/ui/test-fixture.js", null},
            new String[] {"GET", "/ui/css/test-fixture.css", null},
            new String[] {"GET", "/ui/missing.js", null},
            new String[] {"GET", "/v1/jobs?payload.tag=x&kind=one_off", null},
            new String[] {
              "POST", "/v1/jobs/bulk/cancel", "{\"handler\": \"h\", \"dry_run\": true}"
            },
            new String[] {"GET", "/ui/session", null});
    for (String[] r : requests) {
      Http.Reply a = jetty.send(r[0], r[1], r[2] == null ? null : "application/json", r[2]);
      Http.Reply b = servlet.send(r[0], r[1], r[2] == null ? null : "application/json", r[2]);
      assertThat(b.status()).as(r[1]).isEqualTo(a.status());
      assertThat(b.text()).as(r[1]).isEqualTo(a.text());
      assertThat(b.header("Content-Type")).as(r[1]).isEqualTo(a.header("Content-Type"));
      for (String h :
          List.of("ETag", "Cache-Control", "Content-Security-Policy", "X-Content-Type-Options")) {
        assertThat(b.header(h)).as(r[1] + " " + h).isEqualTo(a.header(h));
      }
    }
    Http.Reply a = f.http(null).get("/health");
    Http.Reply b = servlet.as(null).get("/health");
    assertThat(b.text()).isEqualTo(a.text());
    assertThat(Duration.ofSeconds(1)).isPositive();
  }
}
