package dev.chronos.client;

import dev.chronos.ChronosException;

/**
 * An error answer of the Chronos HTTP API that has no more specific exception: its HTTP status and
 * the API's error {@link #code()} ({@code unauthorized}, {@code forbidden}, {@code
 * rate_limit_exceeded}, {@code lease_expired}, ...). Validation errors, idempotency conflicts and
 * missing jobs are thrown as the library's own exceptions instead.
 */
public final class ChronosApiException extends ChronosException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * An error answer.
   *
   * @param status the HTTP status
   * @param code the API's error code
   * @param message the API's message
   */
  public ChronosApiException(int status, String code, String message) {
    super(code, message + " (HTTP " + status + ", " + code + ")");
    this.status = status;
  }

  /**
   * The HTTP status.
   *
   * @return the status
   */
  public int status() {
    return status;
  }
}
