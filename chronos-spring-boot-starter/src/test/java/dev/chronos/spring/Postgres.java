package dev.chronos.spring;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's PostgreSQL server (127.0.0.1:5432, user postgres, database test; CHRONOS_PG_URL,
 * CHRONOS_PG_USER, CHRONOS_PG_PASSWORD override). Tests skip without it, and fail in CI ({@code
 * CI=true}), as chronos-jdbc's do.
 */
final class Postgres {
  static final String URL =
      System.getenv().getOrDefault("CHRONOS_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = System.getenv().getOrDefault("CHRONOS_PG_USER", "postgres");
  static final String PASSWORD = System.getenv().getOrDefault("CHRONOS_PG_PASSWORD", "");

  private Postgres() {}

  static void require() {
    String problem = null;
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
      c.isValid(2);
    } catch (SQLException e) {
      problem = e.getMessage();
    }
    if (problem != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("PostgreSQL at " + URL + " is required in CI: " + problem);
    }
    Assumptions.assumeTrue(problem == null, () -> "PostgreSQL not reachable at " + URL);
  }

  /** A table prefix no other run uses. */
  static String uniquePrefix() {
    return "s"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT)
        + "_";
  }

  /** Drops every table whose name starts with the prefix. */
  static void dropTables(String prefix) {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                  + " AND tablename LIKE '"
                  + prefix.replace("_", "\\_")
                  + "%'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : tables) {
        s.execute("DROP TABLE IF EXISTS \"" + t + "\" CASCADE");
      }
    } catch (SQLException e) {
      // Nothing to drop when the server is missing (the tests skipped).
    }
  }
}
