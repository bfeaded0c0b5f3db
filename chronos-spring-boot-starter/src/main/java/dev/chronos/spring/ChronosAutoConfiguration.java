package dev.chronos.spring;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chronos.Chronos;
import dev.chronos.ChronosBuilder;
import dev.chronos.JobListener;
import dev.chronos.jdbc.JdbcJobStore;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.micrometer.ChronosMetrics;
import dev.chronos.micrometer.ObservedJobHandler;
import dev.chronos.spi.JobStore;
import dev.chronos.spi.TransactionalJobStore;
import dev.chronos.spring.internal.DeclaredSchedules;
import dev.chronos.spring.internal.HandlerBeans;
import dev.chronos.spring.internal.TransactionJoiningChronos;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Configures a {@link Chronos} node from the {@code chronos.*} properties: a {@link JobStore} (the
 * application's {@code DataSource} by default), the {@link ChronosHandler} beans and methods and
 * their {@link ChronosSchedule}s, every {@link JobListener} and {@link ChronosBuilderCustomizer}
 * bean, and a {@link ChronosLifecycle} that starts and drains it. Every bean steps aside for one of
 * the application's own; nothing is component-scanned. Turn it all off with {@code
 * chronos.enabled=false}.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "chronos.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ChronosProperties.class)
public class ChronosAutoConfiguration {
  /** The store's bean name. */
  static final String STORE_BEAN = "chronosJobStore";

  /** Margin left of {@code spring.lifecycle.timeout-per-shutdown-phase} after the drain. */
  static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(5);

  private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The store {@link #chronosJobStore} built on the application's {@code DataSource}, and that
   * {@code DataSource}: only this store's node joins Spring transactions on it. An application's
   * own store bean may be on another database, or have no {@code DataSource} bean at all.
   */
  private volatile OnDataSource onDataSource;

  private record OnDataSource(JobStore store, DataSource dataSource) {}

  /** Made by Spring. */
  public ChronosAutoConfiguration() {}

  /**
   * The store chosen by {@code chronos.store.type}. Not closed by Spring: the node closes its store
   * when it closes (a {@code JdbcJobStore} on the application's {@code DataSource} leaves the pool
   * open).
   *
   * @param properties the properties
   * @param dataSource the application's data source, for the {@code datasource} type
   * @param beans the bean factory, to record that the store depends on that data source
   * @return the store
   */
  @Bean(name = STORE_BEAN, destroyMethod = "")
  @ConditionalOnMissingBean
  public JobStore chronosJobStore(
      ChronosProperties properties,
      ObjectProvider<DataSource> dataSource,
      ConfigurableListableBeanFactory beans) {
    ChronosProperties.Store store = properties.getStore();
    return switch (store.getType()) {
      case MEMORY -> new InMemoryJobStore();
      case H2 ->
          JdbcJobStore.builder()
              .h2(store.getPath())
              .tablePrefix(store.getTablePrefix())
              .createSchema(store.isCreateSchema())
              .build();
      case JDBC -> {
        if (store.getUrl() == null || store.getUrl().isBlank()) {
          throw new IllegalStateException(
              "chronos.store.type=jdbc needs chronos.store.url (and chronos.store.username,"
                  + " chronos.store.password)");
        }
        yield JdbcJobStore.builder()
            .jdbcUrl(store.getUrl(), store.getUsername(), store.getPassword())
            .maxPoolSize(store.getMaxPoolSize())
            .connectionTimeout(store.getConnectionTimeout())
            .tablePrefix(store.getTablePrefix())
            .createSchema(store.isCreateSchema())
            .build();
      }
      case DATASOURCE -> {
        DataSource ds = dataSource.getIfUnique();
        if (ds == null) {
          throw new IllegalStateException(
              "chronos.store.type=datasource (the default) needs one DataSource bean, and the"
                  + " application has "
                  + (dataSource.stream().findAny().isPresent() ? "several" : "none")
                  + ": add spring-boot-starter-jdbc and spring.datasource.url, mark one"
                  + " DataSource @Primary, or set chronos.store.type to jdbc, h2 or memory");
        }
        // A DataSource found through a provider is no recorded dependency: record it, so that
        // Spring destroys the store (and the node on it) before it closes the pool.
        for (String name : beans.getBeanNamesForType(DataSource.class, true, false)) {
          if (beans.getBean(name) == ds) {
            beans.registerDependentBean(name, STORE_BEAN);
          }
        }
        JdbcJobStore built =
            JdbcJobStore.builder()
                .dataSource(ds)
                .tablePrefix(store.getTablePrefix())
                .createSchema(store.isCreateSchema())
                .build();
        onDataSource = new OnDataSource(built, ds);
        yield built;
      }
    };
  }

  /**
   * The node, built but not started ({@link ChronosLifecycle} starts it).
   *
   * @param chronosStore the store
   * @param properties the properties
   * @param listeners every {@link JobListener} bean, {@link ChronosMetrics} included
   * @param customizers every {@link ChronosBuilderCustomizer} bean, in order
   * @param objectMappers the application's Jackson 2 mappers, for {@code chronos.payload-mapper}
   * @param observations the application's observation registry: each handler's attempts are
   *     observed ({@code chronos.observations})
   * @param beans the bean factory, read for {@link ChronosHandler}s
   * @param environment for {@code spring.lifecycle.timeout-per-shutdown-phase}
   * @return the node; its submits join Spring transactions ({@code
   *     chronos.store.join-transactions}) when its store is the one {@link #chronosJobStore} built
   *     on the application's data source
   */
  @Bean
  @ConditionalOnMissingBean
  public Chronos chronos(
      JobStore chronosStore,
      ChronosProperties properties,
      ObjectProvider<JobListener> listeners,
      ObjectProvider<ChronosBuilderCustomizer> customizers,
      ObjectProvider<ObjectMapper> objectMappers,
      ObjectProvider<ObservationRegistry> observations,
      ConfigurableListableBeanFactory beans,
      Environment environment) {
    ChronosBuilder builder =
        Chronos.builder()
            .store(chronosStore)
            .workerThreads(properties.getWorkerThreads())
            .pollInterval(properties.getPollInterval())
            .lookahead(properties.getLookahead())
            .maxQueueSize(properties.getMaxQueueSize())
            .leaseGrace(properties.getLeaseGrace())
            .shutdownTimeout(shutdownTimeout(properties, environment))
            .pushConcurrency(properties.getPushConcurrency())
            .retention(properties.getRetention())
            .failedRetention(properties.getFailedRetention())
            .nodeTimeout(properties.getNodeTimeout())
            .unservedWarning(properties.getUnservedWarning())
            .maxResultSize(properties.getMaxResultSize());
    if (properties.getNodeId() != null) {
      builder.nodeId(properties.getNodeId());
    }
    if (properties.getMaxAbandonedThreads() != null) {
      builder.maxAbandonedThreads(properties.getMaxAbandonedThreads());
    }
    List<String> secrets = properties.getSigningSecrets();
    if (!secrets.isEmpty()) {
      builder.signingSecrets(secrets.toArray(String[]::new));
    }
    if (properties.isStandardWebhooks()) {
      builder.standardWebhooks();
    }
    if (properties.isAllowHttp()) {
      builder.allowHttp();
    }
    if (properties.isAllowPrivateNetworks()) {
      builder.allowPrivateNetworks();
    }
    if (properties.getPayloadMapper() == ChronosProperties.PayloadMapper.APPLICATION) {
      ObjectMapper mapper = objectMappers.getIfUnique();
      if (mapper == null) {
        throw new IllegalStateException(
            "chronos.payload-mapper=application needs one Jackson 2"
                + " com.fasterxml.jackson.databind.ObjectMapper bean, and the application has "
                + (objectMappers.stream().findAny().isPresent() ? "several" : "none")
                + " (Spring Boot 4's own mapper is Jackson 3): define one, or add"
                + " spring-boot-jackson2, or leave chronos.payload-mapper at chronos");
      }
      builder.objectMapper(mapper);
    }
    ObservationRegistry observed = properties.isObservations() ? observations.getIfUnique() : null;
    for (HandlerBeans.Found h : HandlerBeans.find(beans).values()) {
      try {
        builder.handler(
            h.name(),
            observed == null
                ? h.handler()
                : ObservedJobHandler.of(observed, h.name(), h.handler()));
      } catch (IllegalArgumentException e) {
        // The message says it all; the builder's exception adds nothing to a start-up failure.
        throw new IllegalStateException(
            "@ChronosHandler on " + h.declaredBy() + ": " + e.getMessage());
      }
    }
    List<JobListener> all = listeners.orderedStream().toList();
    all.forEach(builder::listener);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    Chronos chronos = builder.build();
    for (JobListener l : all) {
      if (l instanceof ChronosMetrics metrics) {
        metrics.attach(chronos);
      }
    }
    OnDataSource on = onDataSource;
    if (properties.getStore().isJoinTransactions()
        && on != null
        && on.store() == chronosStore
        && chronosStore instanceof TransactionalJobStore) {
      // The store is the one chronosJobStore built on this DataSource, so its connections are the
      // ones Spring's transactions bind. An application's own store bean is left alone: it may be
      // on another database than the application's DataSource, or there may be none.
      return new TransactionJoiningChronos(chronos, on.dataSource());
    }
    return chronos;
  }

  /**
   * Starts the node with the context, after ensuring the {@link ChronosSchedule}s declared on its
   * handlers, and drains it before the beans it uses are destroyed.
   *
   * @param chronos the node
   * @param properties the properties ({@code chronos.auto-start})
   * @param beans the bean factory, read for {@link ChronosSchedule}s and their placeholders
   * @return the lifecycle
   */
  @Bean
  @ConditionalOnMissingBean
  public ChronosLifecycle chronosLifecycle(
      Chronos chronos, ChronosProperties properties, ConfigurableListableBeanFactory beans) {
    return new ChronosLifecycle(
        chronos,
        properties.isAutoStart(),
        DeclaredSchedules.of(HandlerBeans.find(beans).values(), beans::resolveEmbeddedValue));
  }

  /**
   * {@code chronos.shutdown-timeout}, or its default: 10 s, or less to leave {@link
   * #SHUTDOWN_MARGIN} of the lifecycle's shutdown-phase timeout.
   */
  static Duration shutdownTimeout(ChronosProperties properties, Environment environment) {
    Duration phase =
        Binder.get(environment)
            .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
            .orElse(DEFAULT_PHASE_TIMEOUT);
    Duration room = phase.minus(SHUTDOWN_MARGIN);
    Duration set = properties.getShutdownTimeout();
    if (set == null) {
      Duration d = DEFAULT_SHUTDOWN_TIMEOUT.compareTo(room) <= 0 ? DEFAULT_SHUTDOWN_TIMEOUT : room;
      return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
    }
    if (set.compareTo(room) > 0) {
      throw new IllegalStateException(
          "chronos.shutdown-timeout ("
              + set
              + ") must leave "
              + SHUTDOWN_MARGIN.toSeconds()
              + " s of spring.lifecycle.timeout-per-shutdown-phase ("
              + phase
              + ") so that the node drains and hands its jobs back before the DataSource closes:"
              + " lower it, or raise the phase timeout");
    }
    return set;
  }
}
