package dev.chronos.internal;

import dev.chronos.Delivery;
import dev.chronos.ScheduleRequest;
import dev.chronos.ValidationException;
import dev.chronos.ValidationException.FieldError;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** The rules for schedule requests; the job-level fields share the one-off jobs' rules. */
public final class ScheduleValidation {
  static final int MAX_DESCRIPTION = 1000;

  private ScheduleValidation() {}

  /**
   * Throws a {@link ValidationException} listing every problem, if any.
   *
   * @param request the request
   * @param payloadProblems what was found wrong with the payload before it was copied into the
   *     request; when not empty, they stand for the payload's rules
   */
  public static void requireValid(ScheduleRequest request, List<FieldError> payloadProblems) {
    List<FieldError> errors = errors(request, payloadProblems);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
  }

  /** Every problem of the request that does not depend on the clock. */
  public static List<FieldError> errors(ScheduleRequest r, List<FieldError> payloadProblems) {
    List<FieldError> errors = new ArrayList<>();
    JobRequestValidation.text(errors, "name", r.name(), true);
    if (r.description() != null && r.description().length() > MAX_DESCRIPTION) {
      errors.add(
          new FieldError("description", "must be at most " + MAX_DESCRIPTION + " characters"));
    } else {
      JobRequestValidation.storable(errors, "description", r.description());
    }
    JobRequestValidation.handler(errors, r.handler(), r.delivery());
    ZoneId zone = zone(errors, r.timezone());
    if (r.cron() == null && r.interval() == null) {
      errors.add(new FieldError("cron", "is required unless interval is given"));
    } else if (r.cron() != null && r.interval() != null) {
      errors.add(new FieldError("cron", "cannot be combined with interval: give one of them"));
    } else if (r.cron() != null && zone != null) {
      try {
        if (PayloadRules.textProblem(r.cron()) != null) {
          throw new IllegalArgumentException(PayloadRules.textProblem(r.cron()));
        }
        CronCadence.parse(r.cron(), zone);
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("cron", e.getMessage()));
      }
    }
    if (r.runs() != null && r.runs() < 1) {
      errors.add(new FieldError("runs", "must be 1 or more"));
    }
    if (payloadProblems.isEmpty()) {
      JobRequestValidation.payload(errors, r.payload());
    } else {
      errors.addAll(payloadProblems);
    }
    JobRequestValidation.timeout(errors, r.timeout());
    JobRequestValidation.maxRetries(errors, r.maxRetries());
    JobRequestValidation.text(errors, "account", r.account(), true);
    JobRequestValidation.text(errors, "key", r.key(), false);
    if (r.delivery() instanceof Delivery.Push push) {
      JobRequestValidation.push(errors, push);
    }
    return errors;
  }

  private static ZoneId zone(List<FieldError> errors, String timezone) {
    if (PayloadRules.textProblem(timezone) != null) {
      errors.add(new FieldError("timezone", "is not a valid IANA time zone"));
      return null;
    }
    try {
      return ZoneId.of(timezone);
    } catch (DateTimeException e) {
      errors.add(new FieldError("timezone", "is not a valid IANA time zone: '" + timezone + "'"));
      return null;
    }
  }

  /** The latest {@code stop_at}: the end of year 9999, which every store can keep. */
  static final Instant LATEST_STOP = Instant.parse("9999-12-31T23:59:59Z");

  /** At create: a {@code stop_at} that is not in the future, or after year 9999, is rejected. */
  public static void requireFutureStop(ScheduleRequest request, Instant now) {
    if (request.stopAt() != null && !request.stopAt().isAfter(now)) {
      throw new ValidationException(
          "stop_at", "must be in the future (was " + Json.time(request.stopAt()) + ")");
    }
    if (request.stopAt() != null && request.stopAt().isAfter(LATEST_STOP)) {
      throw new ValidationException("stop_at", "must be before the year 10000");
    }
  }
}
