package dev.chronos;

/**
 * The job store could not be reached or failed (API code {@code store_unavailable}). The operation
 * did not take effect: a submit that throws this accepted nothing, so it is safe to retry (with the
 * same idempotency key, if any).
 */
public final class StoreUnavailableException extends ChronosException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be done
   * @param cause the store's failure
   */
  public StoreUnavailableException(String message, Throwable cause) {
    super("store_unavailable", message, cause);
  }
}
