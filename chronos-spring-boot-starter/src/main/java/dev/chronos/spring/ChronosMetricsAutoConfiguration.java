package dev.chronos.spring;

import dev.chronos.micrometer.ChronosMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link ChronosMetrics} when the application has a {@link MeterRegistry} (Spring Boot's metrics
 * support, {@code spring-boot-starter-actuator}). The binder is a {@link dev.chronos.JobListener}
 * bean, so the node hears it; the node attaches it when it is built, and Spring Boot binds it to
 * the registry as it binds every {@code MeterBinder}. Off with {@code
 * chronos.metrics.enabled=false}.
 */
@AutoConfiguration(
    after = {MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class},
    before = ChronosAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, ChronosMetrics.class, MetricsAutoConfiguration.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "chronos.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "chronos.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ChronosProperties.class)
public class ChronosMetricsAutoConfiguration {
  /** Made by Spring. */
  public ChronosMetricsAutoConfiguration() {}

  /**
   * The binder, closed with the context (which stops its job-count thread).
   *
   * @param properties {@code chronos.metrics.*}
   * @return the binder, attached to the node when the node is built
   */
  @Bean
  @ConditionalOnMissingBean
  public ChronosMetrics chronosMetrics(ChronosProperties properties) {
    ChronosProperties.Metrics m = properties.getMetrics();
    return ChronosMetrics.builder()
        .jobCountsInterval(m.getJobCountsInterval())
        .accounts(m.getAccounts().toArray(String[]::new))
        .maxHandlerTags(m.getMaxHandlerTags())
        .build();
  }
}
