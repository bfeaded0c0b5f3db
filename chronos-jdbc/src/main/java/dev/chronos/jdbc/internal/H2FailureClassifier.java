package dev.chronos.jdbc.internal;

import static dev.chronos.jdbc.internal.FailureKind.CONFLICT;
import static dev.chronos.jdbc.internal.FailureKind.REJECTED;
import static dev.chronos.jdbc.internal.FailureKind.UNAVAILABLE;

import java.sql.SQLException;
import java.util.Map;
import org.h2.api.ErrorCode;

/**
 * H2's failures by error code ({@link ErrorCode}, which H2 puts in {@link
 * SQLException#getErrorCode()}): a table of codes, then the data-exception (22xxx) and
 * integrity-constraint (23xxx) ranges, which are {@link FailureKind#REJECTED}. Other codes are
 * {@link FailureKind#UNAVAILABLE}, as {@link FailureClassifier} explains; the table lists the
 * expected ones so that the choice reads here rather than by omission. H2's codes are compile-time
 * constants, so this class needs no H2 classes at run time.
 */
final class H2FailureClassifier implements FailureClassifier {

  private static final Map<Integer, FailureKind> CODES =
      Map.ofEntries(
          // Rolled back to break a deadlock, or a row changed by a concurrent transaction (MVStore
          // refuses the second writer): run again at once.
          Map.entry(ErrorCode.DEADLOCK_1, CONFLICT),
          Map.entry(ErrorCode.CONCURRENT_UPDATE_1, CONFLICT),
          // A lock wait ran past LOCK_TIMEOUT, a statement was cancelled.
          Map.entry(ErrorCode.LOCK_TIMEOUT_1, UNAVAILABLE),
          Map.entry(ErrorCode.STATEMENT_WAS_CANCELED, UNAVAILABLE),
          // The database is open in another process, closed, shutting down, in exclusive mode,
          // read-only, or the connection broke.
          Map.entry(ErrorCode.DATABASE_ALREADY_OPEN_1, UNAVAILABLE),
          Map.entry(ErrorCode.DATABASE_IS_CLOSED, UNAVAILABLE),
          Map.entry(ErrorCode.DATABASE_CALLED_AT_SHUTDOWN, UNAVAILABLE),
          Map.entry(ErrorCode.DATABASE_IS_IN_EXCLUSIVE_MODE, UNAVAILABLE),
          Map.entry(ErrorCode.DATABASE_IS_READ_ONLY, UNAVAILABLE),
          Map.entry(ErrorCode.CONNECTION_BROKEN_1, UNAVAILABLE),
          Map.entry(ErrorCode.OBJECT_CLOSED, UNAVAILABLE),
          // The files: I/O errors, a full disk, corruption, out of memory.
          Map.entry(ErrorCode.IO_EXCEPTION_1, UNAVAILABLE),
          Map.entry(ErrorCode.IO_EXCEPTION_2, UNAVAILABLE),
          Map.entry(ErrorCode.FILE_CORRUPTED_1, UNAVAILABLE),
          Map.entry(ErrorCode.OUT_OF_MEMORY, UNAVAILABLE),
          Map.entry(ErrorCode.GENERAL_ERROR_1, UNAVAILABLE),
          // Configuration and schema (a missing table or column: not migrated): not the data.
          Map.entry(ErrorCode.WRONG_USER_OR_PASSWORD, UNAVAILABLE),
          Map.entry(ErrorCode.DATABASE_NOT_FOUND_1, UNAVAILABLE),
          Map.entry(ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1, UNAVAILABLE),
          Map.entry(ErrorCode.TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1, UNAVAILABLE),
          Map.entry(ErrorCode.COLUMN_NOT_FOUND_1, UNAVAILABLE),
          // Data H2 cannot read as its column's type, outside the 22xxx range.
          Map.entry(ErrorCode.HEX_STRING_ODD_1, REJECTED),
          Map.entry(ErrorCode.HEX_STRING_WRONG_1, REJECTED),
          Map.entry(ErrorCode.STRING_FORMAT_ERROR_1, REJECTED));

  @Override
  public FailureKind kindOf(SQLException e) {
    int code = e.getErrorCode();
    FailureKind kind = CODES.get(code);
    if (kind != null) {
      return kind;
    }
    // Data exceptions (value too long, out of range, conversion) and integrity constraints (not
    // null, foreign key, unique: an idempotency key is told apart before classification, check).
    if (code >= 22000 && code < 24000) {
      return REJECTED;
    }
    return null;
  }
}
