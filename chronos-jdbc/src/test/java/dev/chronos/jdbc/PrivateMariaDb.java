package dev.chronos.jdbc;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The chaos suite's own MariaDB server, which its tests stop and start: a {@code mariadbd} of this
 * JVM on 127.0.0.1, port 3307 (override with {@code CHRONOS_CHAOS_MARIADB_PORT}), with its data in
 * {@code <tmp>/chronos_chaos_mariadb} (override with {@code CHRONOS_CHAOS_MARIADB_DIR}), database
 * {@value #DATABASE_NAME}, user root without a password. Never the shared server on 3306 that the
 * other tests use: this one is started with {@code --no-defaults}, so it reads no configuration
 * file, and stopped by a {@code SHUTDOWN} sent to its own port only.
 *
 * <p>{@link #require()} creates the data folder when it does not exist ({@code mariadb-install-db
 * --auth-root-authentication-method=normal}) and starts the server when it does not answer; a
 * server this JVM started is stopped again when the JVM exits. It runs with {@code
 * --skip-grant-tables} (any user, no password: it listens on loopback only and holds test tables
 * only). Where {@code mariadbd} or {@code mariadb-install-db} is missing the tests skip, except in
 * CI ({@code CI=true}), where they fail. Remove it by deleting the folder while it is stopped.
 */
final class PrivateMariaDb {
  /** The database the tests' tables go in. */
  static final String DATABASE_NAME = "chaos";

  static final int PORT =
      Integer.parseInt(System.getenv().getOrDefault("CHRONOS_CHAOS_MARIADB_PORT", "3307"));
  static final Path DIR =
      Path.of(
          System.getenv()
              .getOrDefault(
                  "CHRONOS_CHAOS_MARIADB_DIR",
                  Path.of(System.getProperty("java.io.tmpdir"), "chronos_chaos_mariadb")
                      .toString()));
  static final String URL = "jdbc:mariadb://127.0.0.1:" + PORT + "/" + DATABASE_NAME;
  static final String USER = "root";
  static final String PASSWORD = "";

  private static final Path DATA = DIR.resolve("data");
  private static final String SERVER_URL =
      "jdbc:mariadb://127.0.0.1:" + PORT + "/?connectTimeout=1000";

  /** The server as the chaos tests see a database. */
  static final ChaosDatabase DATABASE =
      new ChaosDatabase() {
        @Override
        public String name() {
          return "MariaDB";
        }

        @Override
        public Dialect dialect() {
          return Dialect.MARIADB;
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
          PrivateMariaDb.require();
        }

        @Override
        public void stop() {
          PrivateMariaDb.stop();
        }

        @Override
        public void start() {
          PrivateMariaDb.start();
        }
      };

  /** The server this JVM started, while it runs; guarded by the class. */
  private static Process server;

  private static boolean stopOnExit;

  private PrivateMariaDb() {}

  /**
   * Makes sure the server's folder exists and the server accepts connections: creates and starts it
   * if needed. Skips the test (fails it in CI) when that cannot be done here.
   */
  static synchronized void require() {
    String problem = prepare();
    if (problem != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("The chaos suite's MariaDB server is required in CI: " + problem);
    }
    Assumptions.assumeTrue(problem == null, () -> problem);
  }

  /**
   * Stops the server with {@code SHUTDOWN} on its own port (every session is cut at once) and waits
   * until it no longer answers.
   */
  static synchronized void stop() {
    try (Connection c = DriverManager.getConnection(SERVER_URL, USER, PASSWORD);
        Statement st = c.createStatement()) {
      st.execute("SHUTDOWN");
    } catch (SQLException e) {
      if (isReady()) {
        throw new IllegalStateException("SHUTDOWN of the server on port " + PORT + " failed", e);
      }
    }
    await("the MariaDB server on port " + PORT + " stops")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !isReady() && (server == null || !server.isAlive()));
    server = null;
  }

  /** Starts the server unless it answers, and waits until it accepts connections. */
  static synchronized void start() {
    if (isReady()) {
      return;
    }
    List<String> command =
        List.of(
            tool("mariadbd"),
            "--no-defaults",
            "--datadir=" + DATA,
            "--port=" + PORT,
            "--bind-address=127.0.0.1",
            "--socket=" + DIR.resolve("mariadbd.sock"),
            "--pid-file=" + DIR.resolve("mariadbd.pid"),
            "--log-error=" + DIR.resolve("error.log"),
            "--skip-grant-tables",
            "--skip-name-resolve",
            "--innodb-buffer-pool-size=64M",
            "--user=" + System.getProperty("user.name"));
    try {
      server =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(DIR.resolve("stdout.log").toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command, e);
    }
    Process started = server;
    await("the MariaDB server on port " + PORT + " accepts connections")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .failFast("mariadbd exited; see " + DIR.resolve("error.log"), () -> !started.isAlive())
        .until(PrivateMariaDb::isReady);
  }

  /** Whether the server accepts connections now. */
  static boolean isReady() {
    try (Connection c = DriverManager.getConnection(SERVER_URL, USER, PASSWORD)) {
      return c.isValid(1);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void stopIfUp() {
    if (isReady()) {
      stop();
    }
  }

  /** Creates and starts the server as needed; returns why that is impossible here, or null. */
  private static String prepare() {
    for (String tool : List.of("mariadbd", "mariadb-install-db")) {
      if (tool(tool) == null) {
        return tool + " is not on the PATH nor in /usr/sbin (the MariaDB server is needed)";
      }
    }
    try {
      if (!Files.isDirectory(DATA.resolve("mysql"))) {
        Files.createDirectories(DATA);
        Commands.Result installed =
            Commands.run(
                List.of(
                    tool("mariadb-install-db"),
                    "--no-defaults",
                    "--datadir=" + DATA,
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db",
                    "--user=" + System.getProperty("user.name")));
        if (installed.exitCode() != 0) {
          return "mariadb-install-db --datadir=" + DATA + " failed: " + installed.output();
        }
        System.out.println("Created the chaos suite's MariaDB data folder " + DATA);
      }
      if (!isReady()) {
        start();
        if (!stopOnExit) {
          stopOnExit = true;
          Runtime.getRuntime()
              .addShutdownHook(new Thread(PrivateMariaDb::stopIfUp, "stop-chaos-mariadb"));
        }
      }
      try (Connection c = DriverManager.getConnection(SERVER_URL, USER, PASSWORD);
          Statement st = c.createStatement()) {
        st.execute(
            "CREATE DATABASE IF NOT EXISTS "
                + DATABASE_NAME
                + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin");
      }
      return null;
    } catch (Exception e) {
      return "the MariaDB server on port " + PORT + " in " + DIR + " is not usable: " + e;
    }
  }

  /** The tool's path: on the PATH, or in /usr/sbin (where Debian puts mariadbd); null if none. */
  private static String tool(String name) {
    return Stream.concat(
            Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
            Stream.of("/usr/sbin", "/usr/bin"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst()
        .orElse(null);
  }
}
