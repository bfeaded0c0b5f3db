package dev.chronos.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The server's settings. Each is a command-line option {@code --name value} and an environment
 * variable {@code CHRONOS_NAME} (upper case, {@code -} as {@code _}); the option wins. Immutable.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>{@code --bind}</td><td>{@code 127.0.0.1}</td></tr>
 *   <tr><td>{@code --port}</td><td>8080 (0: any free port)</td></tr>
 *   <tr><td>{@code --data}</td><td>{@code chronos-data} (the H2 folder)</td></tr>
 *   <tr><td>{@code --jdbc-url}, {@code --jdbc-user}, {@code --jdbc-password}</td><td>none (H2)</td></tr>
 *   <tr><td>{@code --table-prefix}</td><td>{@code chronos_}</td></tr>
 *   <tr><td>{@code --keystore}, {@code --keystore-password}</td><td>none; required off loopback</td></tr>
 *   <tr><td>{@code --max-threads}</td><td>200</td></tr>
 *   <tr><td>{@code --idle-timeout}</td><td>30 (seconds)</td></tr>
 *   <tr><td>{@code --max-body-size}</td><td>262144 (bytes)</td></tr>
 *   <tr><td>{@code --rate-limit}</td><td>100 (requests per 10 s per key)</td></tr>
 *   <tr><td>{@code --cors-origins}</td><td>none (comma-separated origins)</td></tr>
 *   <tr><td>{@code --shutdown-timeout}</td><td>30 (seconds)</td></tr>
 *   <tr><td>{@code --session-idle-timeout}</td><td>480 (minutes: a dashboard session's idle life)</td></tr>
 * </table>
 *
 * @param bind the address to listen on
 * @param port the port
 * @param data the H2 folder, when no JDBC URL is given
 * @param jdbcUrl a PostgreSQL (or H2) URL, or null for H2 in {@code data}
 * @param jdbcUser the database user, or null
 * @param jdbcPassword the database password, or null
 * @param tablePrefix the prefix of every table
 * @param keystore a PKCS#12 keystore for TLS, or null for plain HTTP (loopback only)
 * @param keystorePassword its password, or null
 * @param maxThreads the request thread pool's bound
 * @param idleTimeout how long a connection may stay silent
 * @param maxBodySize the largest request body in bytes
 * @param rateLimit requests per 10 s per key
 * @param corsOrigins origins allowed from browsers
 * @param shutdownTimeout how long a shutdown waits for requests to drain
 * @param sessionIdleTimeout how long a dashboard session lasts unused
 */
public record ServerSettings(
    String bind,
    int port,
    Path data,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    String tablePrefix,
    Path keystore,
    String keystorePassword,
    int maxThreads,
    Duration idleTimeout,
    int maxBodySize,
    int rateLimit,
    List<String> corsOrigins,
    Duration shutdownTimeout,
    Duration sessionIdleTimeout) {

  /** The options the server knows, with their defaults (null: none). */
  static final Map<String, String> OPTIONS = new LinkedHashMap<>();

  static {
    OPTIONS.put("bind", "127.0.0.1");
    OPTIONS.put("port", "8080");
    OPTIONS.put("data", "chronos-data");
    OPTIONS.put("jdbc-url", null);
    OPTIONS.put("jdbc-user", null);
    OPTIONS.put("jdbc-password", null);
    OPTIONS.put("table-prefix", "chronos_");
    OPTIONS.put("keystore", null);
    OPTIONS.put("keystore-password", null);
    OPTIONS.put("max-threads", "200");
    OPTIONS.put("idle-timeout", "30");
    OPTIONS.put("max-body-size", "262144");
    OPTIONS.put("rate-limit", "100");
    OPTIONS.put("cors-origins", null);
    OPTIONS.put("shutdown-timeout", "30");
    OPTIONS.put("session-idle-timeout", "480");
  }

  /** Checks the settings. */
  public ServerSettings {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(tablePrefix, "tablePrefix");
    corsOrigins = List.copyOf(corsOrigins);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0 to 65535, was " + port);
    }
    if (maxThreads < 8) {
      throw new IllegalArgumentException("--max-threads must be 8 or more, was " + maxThreads);
    }
  }

  /**
   * The defaults, as a server started with no option and no environment variable uses them.
   *
   * @return the defaults
   */
  public static ServerSettings defaults() {
    return parse(List.of(), Map.of());
  }

  /**
   * Reads options, falling back on environment variables, then on the defaults.
   *
   * @param args options such as {@code --port 9090} or {@code --port=9090}
   * @param env the environment ({@code System.getenv()})
   * @return the settings
   * @throws IllegalArgumentException naming an unknown option or a bad value
   */
  public static ServerSettings parse(List<String> args, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : OPTIONS.keySet()) {
      String fromEnv = env.get(envName(name));
      values.put(name, fromEnv != null && !fromEnv.isEmpty() ? fromEnv : OPTIONS.get(name));
    }
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("Unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      if (!OPTIONS.containsKey(name)) {
        throw new IllegalArgumentException(
            "Unknown option --" + name + "; known: --" + String.join(", --", OPTIONS.keySet()));
      }
      values.put(name, value);
    }
    List<String> origins = new ArrayList<>();
    String cors = values.get("cors-origins");
    if (cors != null) {
      for (String o : cors.split(",")) {
        if (!o.isBlank()) {
          origins.add(o.strip());
        }
      }
    }
    return new ServerSettings(
        values.get("bind"),
        integer(values, "port"),
        Path.of(values.get("data")),
        values.get("jdbc-url"),
        values.get("jdbc-user"),
        values.get("jdbc-password"),
        values.get("table-prefix"),
        values.get("keystore") == null ? null : Path.of(values.get("keystore")),
        values.get("keystore-password"),
        integer(values, "max-threads"),
        Duration.ofSeconds(integer(values, "idle-timeout")),
        integer(values, "max-body-size"),
        integer(values, "rate-limit"),
        origins,
        Duration.ofSeconds(integer(values, "shutdown-timeout")),
        Duration.ofMinutes(integer(values, "session-idle-timeout")));
  }

  /**
   * The environment variable of an option.
   *
   * @param option the option without {@code --}
   * @return {@code CHRONOS_} and the name in upper case with {@code _}
   */
  public static String envName(String option) {
    return "CHRONOS_" + option.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private static int integer(Map<String, String> values, String name) {
    try {
      return Integer.parseInt(values.get(name).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--"
              + name
              + " (or "
              + envName(name)
              + ") must be an integer, was '"
              + values.get(name)
              + "'");
    }
  }

  /**
   * Whether the settings use the H2 folder.
   *
   * @return true when no JDBC URL is set
   */
  public boolean embedded() {
    return jdbcUrl == null;
  }

  /** Leaves the passwords out. */
  @Override
  public String toString() {
    return "ServerSettings{bind="
        + bind
        + ", port="
        + port
        + (embedded() ? ", data=" + data : ", jdbcUrl=" + jdbcUrl.split("[?;]", 2)[0])
        + ", tablePrefix="
        + tablePrefix
        + ", tls="
        + (keystore != null)
        + "}";
  }
}
