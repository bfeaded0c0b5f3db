package dev.chronos.spring;

import dev.chronos.ChronosBuilder;

/**
 * Changes the builder of the auto-configured {@link dev.chronos.Chronos} node after the {@code
 * chronos.*} properties and the handlers are applied: a {@link dev.chronos.BackoffPolicy}, a {@link
 * java.time.Clock}, a Jackson 2 {@code ObjectMapper} for payloads and results, more handlers. Every
 * bean of this type is applied, in {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface ChronosBuilderCustomizer {
  /**
   * Customizes the builder.
   *
   * @param builder the builder, with the properties and handlers already set
   */
  void customize(ChronosBuilder builder);
}
