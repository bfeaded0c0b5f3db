package dev.chronos;

/**
 * Base of every exception Chronos throws for a failed operation. Unchecked; carries the Chronos
 * API's machine-readable error {@link #code() code} (for example {@code validation_error}), which
 * is stable, while the message is for people and may change.
 *
 * <p>Misuse of the API (a null argument, a call on a closed instance) is reported with the JDK's
 * {@link IllegalArgumentException} or {@link IllegalStateException} instead.
 */
public class ChronosException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;

  /**
   * Creates an exception with an API error code and a message.
   *
   * @param code the API error code, for example {@code conflict}
   * @param message what went wrong, naming the ids involved
   */
  public ChronosException(String code, String message) {
    super(message);
    this.code = code;
  }

  /**
   * Creates an exception with an API error code, a message and a cause.
   *
   * @param code the API error code
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public ChronosException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /**
   * Returns the API's machine-readable error code.
   *
   * @return the error code, never null
   */
  public String code() {
    return code;
  }
}
