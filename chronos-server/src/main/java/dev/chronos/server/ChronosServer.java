package dev.chronos.server;

import com.zaxxer.hikari.HikariDataSource;
import dev.chronos.Chronos;
import dev.chronos.http.ApiKey;
import dev.chronos.http.ApiKeys;
import dev.chronos.http.ChronosApi;
import dev.chronos.http.ChronosJettyHandler;
import dev.chronos.http.JdbcApiKeyStore;
import dev.chronos.http.JdbcWorkerClaims;
import dev.chronos.http.NewApiKey;
import dev.chronos.http.RecentActivity;
import dev.chronos.jdbc.JdbcJobStore;
import dev.chronos.server.internal.Database;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runnable Chronos server: the HTTP API ({@link ChronosApi}) on embedded Jetty, over H2 in a
 * data folder by default or PostgreSQL with {@code --jdbc-url} (several servers on one database
 * share jobs, keys and claims).
 *
 * <pre>
 * java -jar chronos-server.jar                          # 127.0.0.1:8080, H2 in ./chronos-data
 * java -jar chronos-server.jar --jdbc-url jdbc:postgresql://db/chronos --jdbc-user chronos
 * java -jar chronos-server.jar keys create --account acme --name ci [--read-only]
 * java -jar chronos-server.jar keys list
 * java -jar chronos-server.jar keys revoke 5f0c...
 * </pre>
 *
 * <p>A first start with no key prints one admin key of account {@code default}. Binding to any
 * address but loopback needs a TLS keystore. SIGTERM (or {@link #close()}) shuts down gracefully:
 * waiting long-polls answer at once, no new connection is accepted, requests in flight finish (up
 * to {@code --shutdown-timeout}), then the node closes (its running work is given back) and the
 * pool. Thread-safe.
 */
public final class ChronosServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.chronos.server");

  /**
   * How long a key found is remembered: a busy client costs one key look-up per 5 s instead of one
   * per request; a key revoked on another server sharing the database is refused here within 5 s
   * (on the server it is revoked on, at once).
   */
  static final Duration KEY_CACHE = Duration.ofSeconds(5);

  private final ServerSettings settings;
  private final HikariDataSource pool;
  private final Chronos chronos;
  private final ApiKeys keys;
  private final ChronosApi api;
  private final Server jetty;
  private final ServerConnector connector;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final NewApiKey bootstrapKey;

  private ChronosServer(ServerSettings settings) {
    this.settings = settings;
    boolean tls = settings.keystore() != null;
    if (!tls && !loopback(settings.bind())) {
      throw new IllegalArgumentException(
          "Binding to "
              + settings.bind()
              + " (not loopback) needs TLS: give --keystore <file.p12> and --keystore-password, or"
              + " bind to 127.0.0.1 behind a proxy that terminates TLS");
    }
    this.pool = Database.open(settings, 20);
    try {
      JdbcJobStore store =
          JdbcJobStore.builder().dataSource(pool).tablePrefix(settings.tablePrefix()).build();
      this.keys =
          new ApiKeys(
              new JdbcApiKeyStore(pool, settings.tablePrefix()), Clock.systemUTC(), KEY_CACHE);
      this.bootstrapKey = keys.bootstrap().orElse(null);
      RecentActivity activity = new RecentActivity(java.time.Clock.systemUTC());
      this.chronos = Chronos.builder().store(store).listener(activity).build().start();
      this.api =
          ChronosApi.builder()
              .chronos(chronos)
              .activity(activity)
              .store(store)
              .keys(keys)
              .claims(new JdbcWorkerClaims(pool, settings.tablePrefix()))
              .maxBodySize(settings.maxBodySize())
              .rateLimit(settings.rateLimit())
              .maxWaitingClaims(Math.max(1, settings.maxThreads() / 2))
              .corsOrigins(settings.corsOrigins().toArray(String[]::new))
              .sessionIdleTimeout(settings.sessionIdleTimeout())
              .running(running::get)
              .build();
      QueuedThreadPool threads = new QueuedThreadPool(settings.maxThreads(), 8);
      threads.setName("chronos-http");
      this.jetty = new Server(threads);
      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      http.setSendDateHeader(true);
      http.setRequestHeaderSize(8 * 1024);
      http.setResponseHeaderSize(8 * 1024);
      http.setIdleTimeout(settings.idleTimeout().toMillis());
      if (tls) {
        http.addCustomizer(new SecureRequestCustomizer());
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(settings.keystore().toAbsolutePath().toString());
        ssl.setKeyStorePassword(settings.keystorePassword());
        ssl.setKeyStoreType("PKCS12");
        this.connector =
            new ServerConnector(
                jetty,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(http));
      } else {
        this.connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
      }
      connector.setHost(settings.bind());
      connector.setPort(settings.port());
      connector.setIdleTimeout(settings.idleTimeout().toMillis());
      jetty.addConnector(connector);
      jetty.addBean(new NetworkConnectionLimit(10_000, connector));
      // A client that sends its body slower than 1 KiB/s is cut off (one byte a second, say).
      jetty.setHandler(
          new GracefulHandler(new MinimumDataRateHandler(new ChronosJettyHandler(api), 1024, 0)));
      jetty.setStopTimeout(settings.shutdownTimeout().toMillis());
      jetty.start();
    } catch (Exception e) {
      closeQuietly();
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("The server could not start: " + e, e);
    }
    log.info(
        "Chronos server listening on {}://{}:{} ({})",
        tls ? "https" : "http",
        settings.bind(),
        port(),
        settings.embedded() ? "H2 in " + settings.data().toAbsolutePath() : "JDBC");
  }

  /**
   * Starts a server.
   *
   * @param settings the settings
   * @return the running server
   * @throws IllegalArgumentException if the settings cannot be served (a non-loopback address
   *     without TLS)
   * @throws IllegalStateException if the database or the port cannot be opened
   */
  public static ChronosServer start(ServerSettings settings) {
    return new ChronosServer(settings);
  }

  /**
   * The port the server listens on (the one it was given, or the one chosen for port 0).
   *
   * @return the port
   */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * The server's keys.
   *
   * @return the keys
   */
  public ApiKeys keys() {
    return keys;
  }

  /**
   * The node the server runs.
   *
   * @return the node
   */
  public Chronos chronos() {
    return chronos;
  }

  /**
   * The admin key created at this start because the store had none, if any.
   *
   * @return the key with its secret, or null
   */
  public NewApiKey bootstrapKey() {
    return bootstrapKey;
  }

  /** Shuts down gracefully (see the class comment). Idempotent. */
  @Override
  public void close() {
    if (!running.compareAndSet(true, false)) {
      return;
    }
    log.info("Chronos server stopping");
    api.endClaims();
    closeQuietly();
    log.info("Chronos server stopped");
  }

  private void closeQuietly() {
    try {
      if (jetty != null) {
        jetty.stop();
      }
    } catch (Exception e) {
      log.warn("Jetty did not stop cleanly: {}", e.toString());
    }
    try {
      if (chronos != null) {
        chronos.close();
      }
    } finally {
      pool.close();
    }
  }

  private static boolean loopback(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--bind " + host + " is not a known address");
    }
  }

  /**
   * Runs the server, or a {@code keys} command.
   *
   * @param args {@code [--option value ...]}, or {@code keys create|list|revoke ...}
   */
  public static void main(String[] args) {
    int status = run(Arrays.asList(args), System.getenv(), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * What {@link #main} does, with its streams and environment given: for tests and embedding.
   *
   * @param args the arguments
   * @param env the environment
   * @param out where results go
   * @param err where errors go
   * @return the exit status: 0, 1 for a failed command, 2 for bad usage; a server that started
   *     returns once it is stopped by SIGTERM
   */
  public static int run(
      List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      if (!args.isEmpty() && args.get(0).equals("keys")) {
        return KeyCommands.run(args.subList(1, args.size()), env, out, err);
      }
      if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("help"))) {
        out.println(usage());
        return 0;
      }
      ChronosServer server = start(ServerSettings.parse(args, env));
      if (server.bootstrapKey() != null) {
        NewApiKey k = server.bootstrapKey();
        out.println(
            "No API key existed: created an admin key of account 'default' (id "
                + k.key().id()
                + ").");
        out.println("Its secret is shown only now; keep it:");
        out.println("  " + k.secret());
        out.flush();
      }
      Thread hook = new Thread(server::close, "chronos-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      server.jetty.join();
      return 0;
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(usage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (RuntimeException e) {
      err.println("Chronos server failed: " + e.getMessage());
      return 1;
    }
  }

  static String usage() {
    return String.join(
        "\n",
        "usage: chronos-server [--option value ...]",
        "       chronos-server keys create --account A --name N [--read-only] [--admin] [--rate-limit N]",
        "       chronos-server keys list",
        "       chronos-server keys revoke ID",
        "options (each also an environment variable CHRONOS_<NAME>): --"
            + String.join(", --", ServerSettings.OPTIONS.keySet()));
  }

  static String describe(ApiKey k) {
    return k.id()
        + "  "
        + k.account()
        + "  "
        + k.name()
        + (k.readOnly() ? "  read-only" : "")
        + (k.admin() ? "  admin" : "")
        + (k.rateLimit() > 0 ? "  rate-limit=" + k.rateLimit() : "")
        + "  created "
        + k.createdAt()
        + (k.active() ? "" : "  REVOKED " + k.revokedAt());
  }

  static UUID uuid(String s) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Not a key id: '" + s + "'");
    }
  }
}
