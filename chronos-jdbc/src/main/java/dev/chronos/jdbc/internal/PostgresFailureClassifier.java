package dev.chronos.jdbc.internal;

import static dev.chronos.jdbc.internal.FailureKind.CONFLICT;
import static dev.chronos.jdbc.internal.FailureKind.REJECTED;
import static dev.chronos.jdbc.internal.FailureKind.UNAVAILABLE;

import java.sql.SQLException;
import java.util.Map;

/**
 * PostgreSQL's failures by SQLState (Appendix A of the PostgreSQL manual): a table of full codes
 * that differ from their class, then a table of classes (the first two characters). Codes in
 * neither table are {@link FailureKind#UNAVAILABLE}, as {@link FailureClassifier} explains.
 */
final class PostgresFailureClassifier implements FailureClassifier {

  /** Full SQLStates whose meaning differs from their class's. */
  private static final Map<String, FailureKind> CODES =
      Map.of(
          // serialization_failure, deadlock_detected: rolled back, run again at once.
          "40001", CONFLICT,
          "40P01", CONFLICT,
          // transaction_integrity_constraint_violation: a deferred constraint refused the data.
          "40002", REJECTED,
          // lock_not_available: a lock wait timed out (lock_timeout) or NOWAIT found it taken.
          "55P03", UNAVAILABLE);

  /** SQLState classes. */
  private static final Map<String, FailureKind> CLASSES =
      Map.ofEntries(
          // connection_exception: cannot reach the server, or the connection broke.
          Map.entry("08", UNAVAILABLE),
          // insufficient_resources: disk full, out of memory, too many connections.
          Map.entry("53", UNAVAILABLE),
          // operator_intervention: query_canceled (statement_timeout), admin or crash shutdown,
          // cannot_connect_now (starting up), idle session timeout.
          Map.entry("57", UNAVAILABLE),
          // system_error (I/O) and internal_error: the server's trouble, not the data's.
          Map.entry("58", UNAVAILABLE),
          Map.entry("XX", UNAVAILABLE),
          // transaction_rollback other than the codes above (statement_completion_unknown).
          Map.entry("40", UNAVAILABLE),
          // object_not_in_prerequisite_state, object_in_use.
          Map.entry("55", UNAVAILABLE),
          // invalid_transaction_state, read_only_sql_transaction (25006) among them: the URL
          // reaches a standby (a failover in progress) or default_transaction_read_only is on. The
          // server's state, which ends when the primary is back; the same data is accepted then.
          Map.entry("25", UNAVAILABLE),
          // invalid_authorization_specification (wrong password), invalid_catalog_name (no such
          // database), syntax_error_or_access_rule_violation (missing table or column, no
          // privilege): the configuration or the schema is wrong, not the data; the same call
          // succeeds once an operator fixes it (for example migrates the schema).
          Map.entry("28", UNAVAILABLE),
          Map.entry("3D", UNAVAILABLE),
          Map.entry("42", UNAVAILABLE),
          // data_exception: invalid byte sequence (22021, U+0000 in text), unsupported Unicode
          // escape (22P05, U+0000 escaped in jsonb), value too long (22001), numeric or datetime
          // out of
          // range, invalid text representation.
          Map.entry("22", REJECTED),
          // integrity_constraint_violation: not null, foreign key, unique (an idempotency key's
          // unique violation is told apart before classification), check, exclusion.
          Map.entry("23", REJECTED),
          // program_limit_exceeded: a value too large for an index row or for jsonb.
          Map.entry("54", REJECTED),
          // with_check_option_violation.
          Map.entry("44", REJECTED));

  @Override
  public FailureKind kindOf(SQLException e) {
    String state = e.getSQLState();
    if (state == null || state.length() != 5) {
      return null;
    }
    FailureKind kind = CODES.get(state);
    return kind != null ? kind : CLASSES.get(state.substring(0, 2));
  }
}
