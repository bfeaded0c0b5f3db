package dev.chronos.http;

import dev.chronos.Chronos;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.spi.JobStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A node on the memory store with the API served by one adapter on a loopback port: Jetty's core
 * handler at the root, or the servlet mounted at {@code /api/*} in Jetty's servlet container.
 */
final class ApiFixture implements AutoCloseable {
  /** Which adapter serves the API. */
  enum Adapter {
    JETTY,
    SERVLET
  }

  final JobStore store = new InMemoryJobStore();
  final RecentActivity activity = new RecentActivity(Clock.systemUTC());
  final Chronos chronos;
  final ApiKeys keys;
  final ChronosApi api;
  final NewApiKey acme;
  final NewApiKey other;
  final NewApiKey readOnly;
  final NewApiKey admin;
  private final Server server;
  final URI base;

  ApiFixture(Adapter adapter) {
    this(adapter, new InMemoryApiKeyStore(), UnaryOperator.identity());
  }

  ApiFixture(Adapter adapter, ApiKeyStore keyStore, UnaryOperator<ChronosApi.Builder> settings) {
    chronos =
        Chronos.builder()
            .store(store)
            .listener(activity)
            .pollInterval(Duration.ofMillis(200))
            .shutdownTimeout(Duration.ofSeconds(2))
            .build()
            .start();
    keys = new ApiKeys(keyStore, Clock.systemUTC());
    acme = keys.create("acme", "ci", false);
    other = keys.create("other", "ci", false);
    readOnly = keys.create("acme", "dashboard", true);
    admin = keys.create("acme", "ops", false, true, 0);
    api =
        settings
            .apply(ChronosApi.builder().chronos(chronos).store(store).keys(keys).activity(activity))
            .build();
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    String prefix;
    if (adapter == Adapter.JETTY) {
      server.setHandler(new ChronosJettyHandler(api));
      prefix = "/";
    } else {
      ServletContextHandler context = new ServletContextHandler("/");
      context.addServlet(new ServletHolder(new ChronosServlet(api)), "/api/*");
      server.setHandler(context);
      prefix = "/api/";
    }
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + prefix);
  }

  Http http(NewApiKey key) {
    return new Http(base, key == null ? null : key.secret());
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      chronos.close();
    }
  }
}
