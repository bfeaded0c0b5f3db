package dev.chronos;

/**
 * The job store answered but refused the data of an operation (API code {@code store_rejected}): a
 * value its column type cannot hold, a constraint it enforces. Unlike {@link
 * StoreUnavailableException} this is not transient: the same operation with the same data fails
 * again, so retrying it is pointless. The operation did not take effect.
 */
public final class StoreRejectedException extends ChronosException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was refused
   * @param cause the store's failure
   */
  public StoreRejectedException(String message, Throwable cause) {
    super("store_rejected", message, cause);
  }
}
