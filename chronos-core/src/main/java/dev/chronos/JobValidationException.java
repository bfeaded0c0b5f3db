package dev.chronos;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request was rejected because one or more fields are invalid (API code {@code
 * validation_error}). {@link #errors()} lists every offending field at once; nothing was stored.
 */
public final class JobValidationException extends ChronosException {
  private static final long serialVersionUID = 1L;

  /**
   * One invalid field.
   *
   * @param field the field in the API's snake_case naming, with a path for nested fields ({@code
   *     delay.unit}, {@code delivery.http.url}, {@code [2].name} in a batch)
   * @param message what is wrong with it, for example {@code is required}
   */
  public record FieldError(String field, String message) {
    /** Validates that both parts are present. */
    public FieldError {
      if (field == null || message == null) {
        throw new IllegalArgumentException("field and message are required");
      }
    }

    @Override
    public String toString() {
      return field + " " + message;
    }
  }

  private final transient List<FieldError> errors;

  /**
   * Creates the exception for a non-empty list of field errors.
   *
   * @param errors every offending field
   */
  public JobValidationException(List<FieldError> errors) {
    super("validation_error", describe(errors));
    this.errors = List.copyOf(errors);
  }

  /**
   * Creates the exception for one field.
   *
   * @param field the offending field
   * @param message what is wrong with it
   */
  public JobValidationException(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  /**
   * Returns every invalid field, in the order they were found.
   *
   * @return the field errors, never empty
   */
  public List<FieldError> errors() {
    return errors;
  }

  /**
   * Returns the names of the invalid fields.
   *
   * @return field names in the order they were found
   */
  public List<String> fields() {
    return errors.stream().map(FieldError::field).collect(Collectors.toList());
  }

  private static String describe(List<FieldError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a validation exception needs at least one error");
    }
    return "Invalid request: "
        + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
  }
}
