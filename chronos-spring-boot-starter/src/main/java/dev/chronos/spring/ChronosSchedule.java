package dev.chronos.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a recurring schedule for a {@link ChronosHandler}: next to {@code @ChronosHandler} on a
 * handler bean or a handler method, it makes the handler's jobs fire on a cron expression.
 *
 * <pre>{@code
 * @ChronosHandler("send-digest")
 * @ChronosSchedule(key = "weekday-digest", cron = "0 9 * * MON-FRI", zone = "Europe/London")
 * void sendDigest(JobContext ctx) { ... }
 * }</pre>
 *
 * <p>When the node starts, each declaration is applied with {@link dev.chronos.Schedules#ensure}:
 * the schedule of that key is created if the store has none and updated if the declaration changed,
 * so however many nodes boot at once, the store holds one schedule per key, and one job per fire. A
 * schedule paused or archived by an operator keeps its status. Removing the annotation does not
 * delete the schedule: archive it through {@code chronos.schedules()}. Repeatable: one handler may
 * have several schedules, each with its own key.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(ChronosSchedules.class)
public @interface ChronosSchedule {
  /**
   * The schedule's key, unique per account: the name the store knows the declaration by.
   *
   * @return 1–255 characters
   */
  String key();

  /**
   * A standard 5-field cron expression (minute hour day-of-month month day-of-week).
   *
   * @return the expression
   */
  String cron();

  /**
   * The IANA time zone the cron expression is read in.
   *
   * @return the zone, default {@code UTC}
   */
  String zone() default "UTC";

  /**
   * The schedule's name; empty for the key.
   *
   * @return the name
   */
  String name() default "";
}
