package dev.chronos.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/** Servers for the tests: H2 in a temporary folder, or the machine's PostgreSQL. */
final class TestServers {
  static final String PG_URL =
      System.getenv().getOrDefault("CHRONOS_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String PG_USER = System.getenv().getOrDefault("CHRONOS_PG_USER", "postgres");
  static final String PG_PASSWORD = System.getenv().getOrDefault("CHRONOS_PG_PASSWORD", "");

  private TestServers() {}

  static ServerSettings h2(Path dir) {
    return ServerSettings.parse(List.of("--port", "0", "--data", dir.toString()), Map.of());
  }

  static ServerSettings postgres(String prefix) {
    return ServerSettings.parse(postgresArgs(prefix), Map.of());
  }

  /** The command-line arguments of a server on port 0 over the machine's PostgreSQL. */
  static List<String> postgresArgs(String prefix) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--port",
                "0",
                "--jdbc-url",
                PG_URL,
                "--jdbc-user",
                PG_USER,
                "--table-prefix",
                prefix));
    if (!PG_PASSWORD.isEmpty()) {
      args.addAll(List.of("--jdbc-password", PG_PASSWORD));
    }
    return args;
  }

  /** Skips the test (or fails it in CI) when PostgreSQL cannot be reached. */
  static void requirePostgres() {
    String problem = null;
    try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD)) {
      c.isValid(2);
    } catch (Exception e) {
      problem = e.getMessage();
    }
    if (problem != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("PostgreSQL at " + PG_URL + " is required in CI: " + problem);
    }
    Assumptions.assumeTrue(problem == null, "PostgreSQL not reachable at " + PG_URL);
  }

  static String uniquePrefix() {
    return "h"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT)
        + "_";
  }

  /** Drops every table of a prefix. */
  static void dropPostgres(String prefix) {
    try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE '"
                  + prefix
                  + "%'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : tables) {
        s.execute("DROP TABLE IF EXISTS " + t + " CASCADE");
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
