package dev.chronos.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Holds several {@link ChronosSchedule}s of one handler; write the repeated annotation instead. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ChronosSchedules {
  /**
   * The schedules.
   *
   * @return the declarations
   */
  ChronosSchedule[] value();
}
