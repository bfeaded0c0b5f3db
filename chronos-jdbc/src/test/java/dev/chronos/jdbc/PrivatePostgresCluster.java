package dev.chronos.jdbc;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The chaos suite's own PostgreSQL cluster, which its tests stop and start: {@value #NAME} on
 * 127.0.0.1, port 5433 (override with {@code CHRONOS_CHAOS_PG_PORT}), user postgres, database
 * postgres, trust authentication on loopback. Never the shared server on 5432 that the other tests
 * use.
 *
 * <p>{@link #require()} creates the cluster when it does not exist, with Debian's {@code
 * pg_createcluster --start-conf=manual} (so it never starts at boot), and starts it when it is
 * down; a cluster this JVM started is stopped again when the JVM exits. That needs the {@code
 * postgresql-common} tools ({@code pg_createcluster}, {@code pg_ctlcluster}) and a user allowed to
 * run them (root or postgres). Where they are missing the tests skip, except in CI ({@code
 * CI=true}), where they fail. Remove the cluster with {@code pg_dropcluster --stop <version>
 * chronos_chaos}.
 */
final class PrivatePostgresCluster {
  /** The cluster as the chaos tests see a database. */
  static final ChaosDatabase DATABASE =
      new ChaosDatabase() {
        @Override
        public String name() {
          return "PostgreSQL";
        }

        @Override
        public Dialect dialect() {
          return Dialect.POSTGRESQL;
        }

        @Override
        public String url() {
          return URL;
        }

        @Override
        public String user() {
          return USER;
        }

        @Override
        public String password() {
          return PASSWORD;
        }

        @Override
        public void require() {
          PrivatePostgresCluster.require();
        }

        @Override
        public void stop() {
          PrivatePostgresCluster.stop();
        }

        @Override
        public void start() {
          PrivatePostgresCluster.start();
        }
      };

  /** The cluster's name in {@code pg_lsclusters}. */
  static final String NAME = "chronos_chaos";

  static final int PORT =
      Integer.parseInt(System.getenv().getOrDefault("CHRONOS_CHAOS_PG_PORT", "5433"));
  static final String URL = "jdbc:postgresql://127.0.0.1:" + PORT + "/postgres";
  static final String USER = "postgres";
  static final String PASSWORD = "";

  private static final Path INSTALLED_VERSIONS = Path.of("/usr/lib/postgresql");
  private static final Path CLUSTER_CONFIGS = Path.of("/etc/postgresql");

  /**
   * The cluster's PostgreSQL version once {@link #require()} found or made it; guarded by the
   * class.
   */
  private static String version;

  private static boolean stopOnExit;

  private PrivatePostgresCluster() {}

  /**
   * Makes sure the cluster exists and accepts connections: creates and starts it if needed. Skips
   * the test (fails it in CI) when that cannot be done here.
   */
  static synchronized void require() {
    String problem = prepare();
    if (problem != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(
          "The chaos suite's PostgreSQL cluster is required in CI: " + problem);
    }
    Assumptions.assumeTrue(problem == null, () -> problem);
  }

  /** Stops the cluster ({@code pg_ctlcluster stop -m fast}: sessions are cut at once). */
  static synchronized void stop() {
    pgCtlCluster("stop", "-m", "fast");
    if (isReady()) {
      throw new IllegalStateException("cluster " + NAME + " still answers after stop");
    }
  }

  /** Starts the cluster unless it answers, and waits until it accepts connections. */
  static synchronized void start() {
    if (isReady()) {
      return;
    }
    try {
      pgCtlCluster("start");
    } catch (RuntimeException e) {
      // Maybe it was starting already; the wait below decides.
      System.err.println("Starting cluster " + NAME + ": " + e.getMessage());
    }
    await("cluster " + NAME + " accepts connections")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(PrivatePostgresCluster::isReady);
  }

  private static void stopIfUp() {
    if (isReady()) {
      pgCtlCluster("stop", "-m", "fast");
    }
  }

  /** Whether the cluster accepts connections now. */
  static boolean isReady() {
    return Commands.run(
                List.of("pg_isready", "-h", "127.0.0.1", "-p", Integer.toString(PORT), "-t", "1"))
            .exitCode()
        == 0;
  }

  // ---- creating and starting
  // ---------------------------------------------------------------------

  /** Creates and starts the cluster as needed; returns why that is impossible here, or null. */
  private static String prepare() {
    if (version != null && isReady()) {
      return null;
    }
    for (String tool : List.of("pg_createcluster", "pg_ctlcluster", "pg_isready")) {
      if (!onPath(tool)) {
        return tool + " is not on the PATH (Debian's postgresql-common is needed)";
      }
    }
    try {
      version = existingVersion();
      if (version == null) {
        version = newestInstalledVersion();
        if (version == null) {
          return "no PostgreSQL server is installed under " + INSTALLED_VERSIONS;
        }
        Commands.Result created =
            Commands.run(
                List.of(
                    "pg_createcluster",
                    "--start-conf=manual",
                    "-p",
                    Integer.toString(PORT),
                    version,
                    NAME,
                    "--",
                    "--auth=trust"));
        if (created.exitCode() != 0) {
          return "pg_createcluster "
              + version
              + " "
              + NAME
              + " -p "
              + PORT
              + " failed (run the chaos suite as root or postgres, or create the cluster"
              + " yourself): "
              + created.output();
        }
        System.out.println(
            "Created PostgreSQL cluster " + version + "/" + NAME + " on port " + PORT);
      }
      if (!isReady()) {
        start();
        if (!stopOnExit) {
          stopOnExit = true;
          Runtime.getRuntime()
              .addShutdownHook(new Thread(PrivatePostgresCluster::stopIfUp, "stop-" + NAME));
        }
      }
      try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
        c.isValid(2);
      }
      return null;
    } catch (Exception e) {
      return "cluster " + NAME + " on port " + PORT + " is not usable: " + e.getMessage();
    }
  }

  /** The version of an existing cluster of this name, or null. */
  private static String existingVersion() throws IOException {
    if (!Files.isDirectory(CLUSTER_CONFIGS)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(CLUSTER_CONFIGS)) {
      return versions
          .filter(v -> Files.isDirectory(v.resolve(NAME)))
          .map(v -> v.getFileName().toString())
          .findFirst()
          .orElse(null);
    }
  }

  private static String newestInstalledVersion() throws IOException {
    if (!Files.isDirectory(INSTALLED_VERSIONS)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(INSTALLED_VERSIONS)) {
      return versions
          .filter(v -> Files.isExecutable(v.resolve("bin").resolve("postgres")))
          .map(v -> v.getFileName().toString())
          .filter(v -> v.matches("\\d+(\\.\\d+)?"))
          .max(Comparator.comparingDouble(Double::parseDouble))
          .orElse(null);
    }
  }

  private static boolean onPath(String tool) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }

  private static void pgCtlCluster(String... action) {
    List<String> command =
        new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, NAME));
    command.addAll(List.of(action));
    Commands.Result r = Commands.run(command);
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited with " + r.exitCode() + ": " + r.output());
    }
  }
}
