package dev.chronos;

import java.util.List;

/**
 * A job request was rejected because one or more fields are invalid (API code {@code
 * validation_error}): what {@link JobRequest}'s builder and {@code fromJson}, {@link
 * Chronos#submit} and {@link Chronos#submitAll} throw. The field errors are those of {@link
 * ValidationException}, which schedules and queries throw; catch that to handle both.
 */
public final class JobValidationException extends ValidationException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a non-empty list of field errors.
   *
   * @param errors every offending field
   * @throws IllegalArgumentException if the list is empty
   */
  public JobValidationException(List<FieldError> errors) {
    super(errors);
  }

  /**
   * Creates the exception for one field.
   *
   * @param field the offending field
   * @param message what is wrong with it
   */
  public JobValidationException(String field, String message) {
    super(field, message);
  }
}
