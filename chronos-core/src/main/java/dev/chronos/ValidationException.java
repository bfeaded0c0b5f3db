package dev.chronos;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input was rejected because one or more fields are invalid (API code {@code validation_error}): a
 * job request, a schedule request or update, or a query. {@link #errors()} lists every offending
 * field at once, never none; nothing was stored.
 *
 * <p>Job requests throw the subclass {@link JobValidationException}; schedules and queries throw
 * this class. Catch {@code ValidationException} to handle every kind of bad input in one place.
 */
public class ValidationException extends ChronosException {
  private static final long serialVersionUID = 1L;

  /** The API's error code of every validation failure. */
  public static final String CODE = "validation_error";

  /**
   * One invalid field.
   *
   * @param field the field in the API's snake_case naming, with a path for nested fields ({@code
   *     delay.unit}, {@code delivery.http.url}, {@code payload.items[2].name}, {@code [2].name} in
   *     a batch)
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
   * @throws IllegalArgumentException if the list is empty: a validation failure always names a
   *     field
   */
  public ValidationException(List<FieldError> errors) {
    super(CODE, describe(errors));
    this.errors = List.copyOf(errors);
  }

  /**
   * Creates a validation failure with a code of its own, for subclasses that the API reports under
   * another code (such as {@link HandlerRequiredForPullException}).
   *
   * @param code the API's error code
   * @param errors every offending field, at least one
   * @param message the message
   */
  protected ValidationException(String code, List<FieldError> errors, String message) {
    super(code, message);
    describe(errors); // checks that the list is not empty
    this.errors = List.copyOf(errors);
  }

  /**
   * Creates the exception for one field.
   *
   * @param field the offending field
   * @param message what is wrong with it
   */
  public ValidationException(String field, String message) {
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
    if (errors == null || errors.isEmpty()) {
      throw new IllegalArgumentException("a validation exception needs at least one error");
    }
    return "Invalid request: "
        + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
  }
}
