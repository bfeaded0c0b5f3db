package dev.chronos.jdbc.internal;

import dev.chronos.jdbc.Dialect;
import java.sql.SQLException;

/**
 * Sorts a dialect's failures into {@link FailureKind}s, one implementation per dialect (PostgreSQL
 * by SQLState, H2 by its error codes). A failure that carries no code the dialect knows is {@link
 * FailureKind#UNAVAILABLE}: calling data "refused" makes the engine give up on it for good (a
 * submit is refused, an outcome recorded as failed), which loses work when the guess is wrong,
 * while a wrong "unavailable" only costs retries with backoff and a logged outage until someone
 * reads the message. Implementations are stateless and thread-safe.
 */
public interface FailureClassifier {

  /**
   * The classifier of a dialect.
   *
   * @param dialect H2, PostgreSQL or MariaDB
   * @return its classifier
   */
  static FailureClassifier of(Dialect dialect) {
    return switch (dialect) {
      case H2 -> new H2FailureClassifier();
      case POSTGRESQL -> new PostgresFailureClassifier();
      case MARIADB -> new MariaDbFailureClassifier();
    };
  }

  /**
   * Classifies one database exception by its own codes, or returns null when they say nothing this
   * dialect knows (for example a pool's exception without a code).
   *
   * @param e a database exception
   * @return the kind, or null
   */
  FailureKind kindOf(SQLException e);

  /**
   * Classifies a failure by the first database exception in its causes (and the exceptions chained
   * to it with {@link SQLException#getNextException()}, where drivers put a batch's real error)
   * that the dialect recognises; {@link FailureKind#UNAVAILABLE} when none does.
   *
   * @param failure what a database call threw
   * @return the kind
   */
  default FailureKind classify(Throwable failure) {
    int seen = 0;
    for (Throwable t = failure; t != null && seen < 32; t = t.getCause(), seen++) {
      if (t instanceof SQLException s) {
        for (SQLException next = s; next != null && seen < 32; next = next.getNextException()) {
          seen++;
          FailureKind kind = kindOf(next);
          if (kind != null) {
            return kind;
          }
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return FailureKind.UNAVAILABLE;
  }
}
