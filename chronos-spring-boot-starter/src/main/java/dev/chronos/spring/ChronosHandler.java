package dev.chronos.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a Chronos handler in a Spring application. On a bean class (or {@code @Bean} method) whose
 * bean implements {@link dev.chronos.JobHandler}, the bean runs the jobs of that handler name; on a
 * method of any bean, the method does:
 *
 * <pre>{@code
 * @Component
 * class Mailer {
 *   @ChronosHandler("send-email")
 *   Map<String, Object> send(FollowUp followUp, JobContext ctx) { ... }   // result stored as JSON
 * }
 * }</pre>
 *
 * <p>A method's parameters may be, in any order: a {@link dev.chronos.JobContext}, and at most one
 * payload parameter, bound from the job's payload with the node's Jackson mapper ({@code JsonNode}
 * for the raw tree). Its return value is the job's result ({@code void}: none); what it throws
 * fails the attempt. The bean is looked up when a job runs, so a handler bean may itself depend on
 * {@link dev.chronos.Chronos}, and the call goes through the bean's proxies ({@code @Transactional}
 * applies). Two handlers with one name fail start-up, naming both.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ChronosHandler {
  /**
   * The handler name: jobs submitted with this {@code handler} run here.
   *
   * @return 1–255 characters, no surrounding whitespace
   */
  String value();
}
