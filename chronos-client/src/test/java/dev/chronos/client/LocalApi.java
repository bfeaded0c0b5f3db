package dev.chronos.client;

import dev.chronos.Chronos;
import dev.chronos.http.ApiKeys;
import dev.chronos.http.ChronosApi;
import dev.chronos.http.ChronosJettyHandler;
import dev.chronos.http.InMemoryApiKeyStore;
import dev.chronos.memory.InMemoryJobStore;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The real API on Jetty over a memory store, on a loopback port, for the client's tests. */
final class LocalApi implements AutoCloseable {
  final Chronos chronos;
  final ApiKeys keys = new ApiKeys(new InMemoryApiKeyStore(), Clock.systemUTC());
  final String secret = keys.create("acme", "client", false).secret();
  final ChronosApi api;
  final Server server = new Server();
  final String url;

  LocalApi() {
    InMemoryJobStore store = new InMemoryJobStore();
    chronos =
        Chronos.builder()
            .store(store)
            .pollInterval(Duration.ofMillis(200))
            .shutdownTimeout(Duration.ofSeconds(2))
            .build()
            .start();
    api = ChronosApi.builder().chronos(chronos).store(store).keys(keys).build();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new ChronosJettyHandler(api));
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    url = "http://127.0.0.1:" + connector.getLocalPort() + "/";
  }

  ChronosClient client() {
    return ChronosClient.builder().baseUrl(url).apiKey(secret).build();
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
