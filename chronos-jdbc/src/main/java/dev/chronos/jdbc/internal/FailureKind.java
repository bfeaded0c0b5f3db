package dev.chronos.jdbc.internal;

/** What a failed database call means for its caller; see {@link FailureClassifier}. */
public enum FailureKind {
  /**
   * The database rolled the transaction back to break a deadlock or a serialization conflict: it
   * had no effect, and running it again at once usually succeeds.
   */
  CONFLICT,
  /**
   * The database could not do the work now (unreachable, overloaded, a lock wait timed out, shut
   * down, read-only, schema missing): nothing changed, and the same call may succeed later.
   */
  UNAVAILABLE,
  /**
   * The database refused the data (a value its column type cannot hold, a constraint it enforces):
   * nothing changed, and the same call with the same data fails again.
   */
  REJECTED
}
