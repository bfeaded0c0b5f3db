package dev.chronos.spring;

import dev.chronos.Chronos;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code chronos} health contributor ({@link ChronosHealthIndicator}), when the application has
 * Spring Boot's health support ({@code spring-boot-starter-actuator}); off with {@code
 * management.health.chronos.enabled=false}.
 */
@AutoConfiguration(after = ChronosAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean({Chronos.class, ChronosLifecycle.class})
@ConditionalOnEnabledHealthIndicator("chronos")
public class ChronosHealthAutoConfiguration {
  /** Made by Spring. */
  public ChronosHealthAutoConfiguration() {}

  /**
   * The indicator, named {@code chronos} after its bean.
   *
   * @param chronos the node
   * @param lifecycle its lifecycle
   * @param properties {@code chronos.health.lag-threshold}
   * @return the indicator
   */
  @Bean(name = "chronosHealthIndicator")
  @ConditionalOnMissingBean(name = "chronosHealthIndicator")
  public ChronosHealthIndicator chronosHealthIndicator(
      Chronos chronos, ChronosLifecycle lifecycle, ChronosProperties properties) {
    return new ChronosHealthIndicator(chronos, lifecycle, properties.getHealth().getLagThreshold());
  }
}
