package dev.chronos.internal;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A standard 5-field cron expression (minute hour day-of-month month day-of-week; 0 and 7 are
 * Sunday; lists, ranges, steps and names; day-of-month and day-of-week combined with OR when both
 * are restricted, as in Vixie cron), parsed and matched by cron-utils with its UNIX definition, and
 * evaluated on the wall clock of a time zone.
 *
 * <p>DST: matching runs on local date-times (cron-utils sees them as UTC, which has no DST); each
 * match is then placed in the zone with {@link ZonedDateTime#ofLocal}. A local time in a gap fires
 * shifted forward by the gap's length (02:30 → 03:30); a local time that occurs twice fires once,
 * at its earlier offset (at the later one only when the earlier has already passed, e.g. for a
 * schedule created during the repeated hour). Fire times are strictly increasing.
 */
public final class CronCadence implements Cadence {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** A cron expression that finds no match within this many years never fires. */
  private static final int HORIZON_YEARS = 5;

  private final String expression;
  private final ExecutionTime execution;
  private final ZoneId zone;

  private CronCadence(String expression, ExecutionTime execution, ZoneId zone) {
    this.expression = expression;
    this.execution = execution;
    this.zone = zone;
  }

  /**
   * Parses an expression.
   *
   * @throws IllegalArgumentException with a message for people when it is not a valid 5-field
   *     expression or never fires
   */
  public static CronCadence parse(String expression, ZoneId zone) {
    String trimmed = expression == null ? "" : expression.strip();
    if (trimmed.split("\\s+").length != 5) {
      throw new IllegalArgumentException(
          "must have 5 fields: minute hour day-of-month month day-of-week");
    }
    Cron cron;
    try {
      cron = PARSER.parse(trimmed);
      cron.validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not a valid cron expression: " + e.getMessage(), e);
    }
    CronCadence cadence = new CronCadence(trimmed, ExecutionTime.forCron(cron), zone);
    if (cadence.nextLocal(LocalDateTime.of(2000, 1, 1, 0, 0)).isEmpty()) {
      throw new IllegalArgumentException("never fires");
    }
    return cadence;
  }

  /** The expression as given (trimmed). */
  public String expression() {
    return expression;
  }

  @Override
  public Optional<Instant> next(Instant after) {
    ZonedDateTime start = after.atZone(zone);
    LocalDateTime local = start.toLocalDateTime();
    // Only when 'after' lies in the second pass of a repeated hour may a match take the later
    // offset; otherwise the later offset would repeat a local time that already fired.
    boolean inRepeat = !start.withEarlierOffsetAtOverlap().equals(start);
    LocalDateTime limit = local.plusYears(HORIZON_YEARS);
    // The wall clock can be behind 'after' by up to a DST shift: start an hour and a half earlier
    // and skip matches that resolve to instants not after 'after'.
    LocalDateTime cursor = local.minusMinutes(90);
    while (cursor.isBefore(limit)) {
      Optional<LocalDateTime> match = nextLocal(cursor);
      if (match.isEmpty()) {
        return Optional.empty();
      }
      LocalDateTime m = match.get();
      ZonedDateTime earlier = ZonedDateTime.ofLocal(m, zone, null);
      if (earlier.toInstant().isAfter(after)) {
        return Optional.of(earlier.toInstant());
      }
      ZonedDateTime later = earlier.withLaterOffsetAtOverlap();
      if (inRepeat && later.toInstant().isAfter(after)) {
        return Optional.of(later.toInstant());
      }
      cursor = m;
    }
    return Optional.empty();
  }

  private Optional<LocalDateTime> nextLocal(LocalDateTime after) {
    return execution
        .nextExecution(after.atZone(ZoneOffset.UTC))
        .map(ZonedDateTime::toLocalDateTime);
  }

  @Override
  public String toString() {
    return "cron '" + expression + "' in " + zone;
  }
}
