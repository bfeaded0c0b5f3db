package dev.chronos.jdbc.internal;

import static dev.chronos.jdbc.internal.FailureKind.CONFLICT;
import static dev.chronos.jdbc.internal.FailureKind.REJECTED;
import static dev.chronos.jdbc.internal.FailureKind.UNAVAILABLE;

import java.sql.SQLException;
import java.util.Map;

/**
 * MariaDB's failures by server error code (the MariaDB manual's "MariaDB Error Codes"), then by
 * SQLState class for what the table does not name (the driver's own errors carry only a SQLState,
 * with code 0 or -1). Anything else is {@link FailureKind#UNAVAILABLE}, as {@link
 * FailureClassifier} explains.
 *
 * <p>Deadlocks (1213) are {@link FailureKind#CONFLICT}: InnoDB rolled the whole transaction back,
 * and the store runs it again at once (up to 5 times, see {@code JdbcJobStore}). A lock wait that
 * timed out (1205, after {@code innodb_lock_wait_timeout}) is {@link FailureKind#UNAVAILABLE}:
 * InnoDB rolls back only the statement, but the store's transaction is then rolled back whole by
 * Jdbi, and the caller tries again with its backoff; running it again at once would hold the caller
 * for another full lock wait per round.
 */
final class MariaDbFailureClassifier implements FailureClassifier {

  /** ER_DUP_ENTRY: a unique index refused a duplicate. */
  static final int DUPLICATE_KEY = 1062;

  /** ER_LOCK_WAIT_TIMEOUT: a row lock was not granted in time (or at once, with NOWAIT). */
  static final int LOCK_WAIT_TIMEOUT = 1205;

  /** Server error codes. */
  private static final Map<Integer, FailureKind> CODES =
      Map.ofEntries(
          // ER_LOCK_DEADLOCK: the transaction was rolled back to break a deadlock.
          Map.entry(1213, CONFLICT),
          // ER_LOCK_WAIT_TIMEOUT: a row lock was not granted in time.
          Map.entry(LOCK_WAIT_TIMEOUT, UNAVAILABLE),
          // ER_CON_COUNT_ERROR, ER_OUT_OF_RESOURCES, ER_RECORD_FILE_FULL (disk full).
          Map.entry(1040, UNAVAILABLE),
          Map.entry(1041, UNAVAILABLE),
          Map.entry(1114, UNAVAILABLE),
          // ER_OPTION_PREVENTS_STATEMENT (--read-only), ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION:
          // a replica or a server set read-only (a failover in progress).
          Map.entry(1290, UNAVAILABLE),
          Map.entry(1792, UNAVAILABLE),
          // ER_STATEMENT_TIMEOUT (max_statement_time), ER_QUERY_INTERRUPTED, ER_CONNECTION_KILLED,
          // ER_SERVER_SHUTDOWN.
          Map.entry(1969, UNAVAILABLE),
          Map.entry(1317, UNAVAILABLE),
          Map.entry(1927, UNAVAILABLE),
          Map.entry(1053, UNAVAILABLE),
          // ER_NO_SUCH_TABLE, ER_BAD_FIELD_ERROR, ER_ACCESS_DENIED_ERROR, ER_BAD_DB_ERROR: the
          // configuration or the schema is wrong, not the data; the same call succeeds once fixed.
          Map.entry(1146, UNAVAILABLE),
          Map.entry(1054, UNAVAILABLE),
          Map.entry(1045, UNAVAILABLE),
          Map.entry(1049, UNAVAILABLE),
          // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD (a string the column's character set cannot hold),
          // ER_TRUNCATED_WRONG_VALUE (a bad date), ER_DATA_TOO_LONG, ER_WARN_DATA_OUT_OF_RANGE,
          // WARN_DATA_TRUNCATED, ER_CONSTRAINT_FAILED (a JSON column's JSON_VALID check),
          // ER_DUP_ENTRY, ER_BAD_NULL_ERROR, ER_NO_REFERENCED_ROW_2, ER_ROW_IS_REFERENCED_2.
          Map.entry(1366, REJECTED),
          Map.entry(1292, REJECTED),
          Map.entry(1406, REJECTED),
          Map.entry(1264, REJECTED),
          Map.entry(1265, REJECTED),
          Map.entry(4025, REJECTED),
          Map.entry(DUPLICATE_KEY, REJECTED),
          Map.entry(1048, REJECTED),
          Map.entry(1452, REJECTED),
          Map.entry(1451, REJECTED));

  /** SQLState classes, for errors without a known code. */
  private static final Map<String, FailureKind> CLASSES =
      Map.of(
          // connection_exception: cannot reach the server, or the connection broke.
          "08", UNAVAILABLE,
          // transaction_rollback (40001 is also a deadlock).
          "40", CONFLICT,
          // syntax or access rule (the schema or the grants are wrong).
          "42", UNAVAILABLE,
          // data_exception, integrity_constraint_violation.
          "22", REJECTED,
          "23", REJECTED,
          // the driver's timeouts (HYT00 and the like) and general errors: the server's state.
          "HY", UNAVAILABLE,
          "70", UNAVAILABLE);

  @Override
  public FailureKind kindOf(SQLException e) {
    FailureKind kind = CODES.get(e.getErrorCode());
    if (kind != null) {
      return kind;
    }
    String state = e.getSQLState();
    if (state == null || state.length() != 5) {
      return null;
    }
    return CLASSES.get(state.substring(0, 2));
  }

  /** Whether a failure is MariaDB's duplicate-key error (1062). */
  static boolean isDuplicateKey(Throwable e) {
    return hasError(e, DUPLICATE_KEY, "23000");
  }

  /** Whether a failure is MariaDB's lock wait timeout (1205, SQLState HY000). */
  static boolean isLockWaitTimeout(Throwable e) {
    return hasError(e, LOCK_WAIT_TIMEOUT, "HY000");
  }

  /** Whether the failure or one of its causes is the server error with this code and state. */
  private static boolean hasError(Throwable e, int code, String state) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s
          && s.getErrorCode() == code
          && state.equals(s.getSQLState())) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
