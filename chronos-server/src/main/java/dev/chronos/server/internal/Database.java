package dev.chronos.server.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chronos.server.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The server's connection pool: PostgreSQL (or any URL given with {@code --jdbc-url}), or H2 in the
 * data folder. One pool serves the job store and the API's tables (keys, claims).
 */
public final class Database {
  private Database() {}

  /** Opens the pool; for an H2 folder, refuses at once when another process has it open. */
  public static HikariDataSource open(ServerSettings settings, int poolSize) {
    HikariConfig config = new HikariConfig();
    String url;
    if (settings.embedded()) {
      Path data = settings.data().toAbsolutePath();
      try {
        Files.createDirectories(data);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("The data folder " + data + " cannot be created: " + e);
      }
      url =
          "jdbc:h2:file:" + data.resolve("chronos") + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
      config.setUsername("sa");
      config.setPassword("");
      // H2 refuses a folder another process holds at once; the pool would retry that for its
      // whole connection timeout, so one direct connection first tells the two apart.
      try (Connection probe = DriverManager.getConnection(url, "sa", "")) {
        probe.isValid(1);
      } catch (SQLException e) {
        if (e.getErrorCode() == 90020) {
          throw new IllegalStateException(
              "The data folder "
                  + data
                  + " is open in another process (a running server?). Stop it, give this one"
                  + " its own --data folder, or share jobs through PostgreSQL with --jdbc-url.");
        }
        throw new IllegalStateException("The H2 database in " + data + " cannot be opened: " + e);
      }
      config.setConnectionTimeout(30_000);
    } else {
      url = settings.jdbcUrl();
      config.setUsername(settings.jdbcUser());
      config.setPassword(settings.jdbcPassword());
      config.setConnectionTimeout(5_000);
    }
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("chronos-server");
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }
}
