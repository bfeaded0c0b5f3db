package dev.chronos.http.internal;

import dev.chronos.ValidationException.FieldError;
import java.util.List;

/**
 * An error the API answers with its own status and code (auth, limits, bad requests), turned into
 * the error envelope by {@link Errors}.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient List<FieldError> errors;
  private final String retryAfter;

  /** An error without field errors. */
  public ApiError(int status, String code, String message) {
    this(status, code, message, List.of(), null);
  }

  /** An error with field errors and, for 429 and 503, a {@code Retry-After} value (or null). */
  public ApiError(
      int status, String code, String message, List<FieldError> errors, String retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
  }

  /** 400 {@code bad_request}. */
  public static ApiError badRequest(String message) {
    return new ApiError(400, "bad_request", message);
  }

  /** 401 {@code unauthorized}. */
  public static ApiError unauthorized() {
    return new ApiError(401, "unauthorized", "A valid API key is required");
  }

  /** 403 {@code forbidden}. */
  public static ApiError forbidden(String message) {
    return new ApiError(403, "forbidden", message);
  }

  /** 404 {@code not_found}. */
  public static ApiError notFound() {
    return new ApiError(404, "not_found", "No such resource");
  }

  /** 422 {@code validation_error} naming one field. */
  public static ApiError invalid(String field, String message) {
    return new ApiError(
        422,
        "validation_error",
        "Validation failed",
        List.of(new FieldError(field, message)),
        null);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The API's error code. */
  public String code() {
    return code;
  }

  /** The field errors, possibly none. */
  public List<FieldError> errors() {
    return errors;
  }

  /** The {@code Retry-After} value, or null. */
  public String retryAfter() {
    return retryAfter;
  }
}
