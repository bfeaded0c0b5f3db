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

  public ApiError(int status, String code, String message) {
    this(status, code, message, List.of(), null);
  }

  public ApiError(
      int status, String code, String message, List<FieldError> errors, String retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, "bad_request", message);
  }

  public static ApiError unauthorized() {
    return new ApiError(401, "unauthorized", "A valid API key is required");
  }

  public static ApiError forbidden(String message) {
    return new ApiError(403, "forbidden", message);
  }

  public static ApiError notFound() {
    return new ApiError(404, "not_found", "No such resource");
  }

  public static ApiError invalid(String field, String message) {
    return new ApiError(
        422,
        "validation_error",
        "Validation failed",
        List.of(new FieldError(field, message)),
        null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public String retryAfter() {
    return retryAfter;
  }
}
