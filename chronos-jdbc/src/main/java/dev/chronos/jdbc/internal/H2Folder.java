package dev.chronos.jdbc.internal;

import dev.chronos.StoreUnavailableException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import org.h2.api.ErrorCode;

/**
 * Opening an embedded H2 database that another process already has open. H2 allows one process per
 * database file and answers a second one at once ({@code Database may be already in use}, error
 * 90020); a connection pool would hide that behind its own retries and report a pool timeout 30 s
 * later. So a store that makes its own pool for an embedded H2 URL first opens one connection
 * directly, which fails within milliseconds, and holds it until the pool has its first connection
 * (the database is then opened once, not opened, closed and opened again). Stateless.
 */
public final class H2Folder {
  private H2Folder() {}

  /**
   * Whether a JDBC URL names an embedded H2 database in files (not {@code mem:}, not a server).
   *
   * @param jdbcUrl a JDBC URL
   * @return true for {@code jdbc:h2:file:...} and {@code jdbc:h2:<path>}
   */
  public static boolean isEmbeddedFile(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (!url.startsWith("jdbc:h2:")) {
      return false;
    }
    String rest = url.substring("jdbc:h2:".length());
    return !(rest.startsWith("mem:")
        || rest.startsWith("tcp:")
        || rest.startsWith("ssl:")
        || rest.startsWith("zip:"));
  }

  /**
   * Opens the database once, directly, before a pool does.
   *
   * @param jdbcUrl an embedded H2 URL
   * @param user the user
   * @param password the password
   * @return the open connection; the caller closes it once the pool has a connection
   * @throws StoreUnavailableException at once, saying so, if another process has the database open;
   *     or for any other failure to open it
   */
  public static Connection open(String jdbcUrl, String user, String password) {
    try {
      return DriverManager.getConnection(jdbcUrl, user, password == null ? "" : password);
    } catch (SQLException e) {
      String inUse = inUseMessage(e, jdbcUrl);
      throw new StoreUnavailableException(
          inUse != null
              ? inUse
              : "Could not open the H2 database " + jdbcUrl + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * The message for a failure to open because another process has the database open, or null if the
   * failure is another one.
   *
   * @param failure what opening threw (searched through its causes)
   * @param database the URL or folder, for the message
   * @return the message, or null
   */
  public static String inUseMessage(Throwable failure, String database) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof SQLException s && s.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
        return "The H2 database "
            + database
            + " is open in another process: H2 lets one process at a time use a database folder."
            + " Stop the other process, give each process a folder of its own, or share the jobs"
            + " of several processes through PostgreSQL (JdbcJobStore.create(dataSource)) or"
            + " through H2's server mode (a jdbc:h2:tcp:// URL in JdbcJobStore.builder().jdbcUrl)."
            + " H2 said: "
            + s.getMessage();
      }
    }
    return null;
  }
}
