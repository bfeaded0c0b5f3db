package dev.chronos.spring;

import dev.chronos.Chronos;
import dev.chronos.http.ApiKeyStore;
import dev.chronos.http.ApiKeys;
import dev.chronos.http.ChronosApi;
import dev.chronos.http.ChronosServlet;
import dev.chronos.http.InMemoryApiKeyStore;
import dev.chronos.http.InMemoryWorkerClaims;
import dev.chronos.http.JdbcApiKeyStore;
import dev.chronos.http.JdbcWorkerClaims;
import dev.chronos.http.NewApiKey;
import dev.chronos.http.WorkerClaims;
import dev.chronos.spi.JobStore;
import dev.chronos.spring.internal.ApiClaimsLifecycle;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Mounts the Chronos HTTP API ({@link ChronosServlet} from chronos-http: {@code /v1/...}, {@code
 * /health}, and the dashboard's files) in the application's own servlet server at {@code
 * chronos.web.path}, when chronos-http is on the class path and {@code chronos.web.enabled=true}.
 * API keys and worker claims are kept in the application's {@code DataSource} (with the store's
 * table prefix) on the {@code datasource} store, in memory on the {@code memory} store; an {@link
 * ApiKeyStore} or {@link WorkerClaims} bean of the application's own wins. Requests pass through
 * the application's servlet filters, Spring Security's included.
 */
@AutoConfiguration(after = ChronosAutoConfiguration.class)
@ConditionalOnClass({ChronosServlet.class, ServletRegistrationBean.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "chronos.web.enabled")
@ConditionalOnBean({Chronos.class, JobStore.class, ChronosLifecycle.class})
@EnableConfigurationProperties(ChronosWebProperties.class)
public class ChronosWebAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ChronosWebAutoConfiguration.class);

  /** Made by Spring. */
  public ChronosWebAutoConfiguration() {}

  /**
   * Where API keys are kept: the application's {@code DataSource} on the {@code datasource} store,
   * the heap on the {@code memory} store.
   *
   * @param properties the store settings
   * @param dataSource the application's data source
   * @return the key store
   * @throws IllegalStateException on the {@code jdbc} and {@code h2} stores, whose database is not
   *     a bean: define an {@link ApiKeyStore} bean
   */
  @Bean
  @ConditionalOnMissingBean
  public ApiKeyStore chronosApiKeyStore(
      ChronosProperties properties, ObjectProvider<DataSource> dataSource) {
    ChronosProperties.Store store = properties.getStore();
    return switch (store.getType()) {
      case DATASOURCE -> new JdbcApiKeyStore(dataSource.getObject(), store.getTablePrefix());
      case MEMORY -> new InMemoryApiKeyStore();
      case JDBC, H2 ->
          throw new IllegalStateException(
              "chronos.web.enabled=true with chronos.store.type="
                  + store.getType().name().toLowerCase(java.util.Locale.ROOT)
                  + " needs an ApiKeyStore bean (for example new JdbcApiKeyStore(dataSource,"
                  + " \""
                  + store.getTablePrefix()
                  + "\") on the store's database): the store's own pool is not a bean");
    };
  }

  /**
   * Where claims over HTTP are remembered, so that a worker may report to any node: the
   * application's {@code DataSource} on the {@code datasource} store, else the heap.
   *
   * @param properties the store settings
   * @param dataSource the application's data source
   * @return the claims registry
   */
  @Bean
  @ConditionalOnMissingBean
  public WorkerClaims chronosWorkerClaims(
      ChronosProperties properties, ObjectProvider<DataSource> dataSource) {
    ChronosProperties.Store store = properties.getStore();
    return store.getType() == ChronosProperties.StoreType.DATASOURCE
        ? new JdbcWorkerClaims(dataSource.getObject(), store.getTablePrefix())
        : new InMemoryWorkerClaims();
  }

  /**
   * The API keys: create keys with it ({@link ApiKeys#create}). With {@code
   * chronos.web.bootstrap-key=true} and no key at all, an admin key of account {@code default} is
   * created and its secret logged once.
   *
   * @param store the key store
   * @param web {@code chronos.web.bootstrap-key}
   * @return the keys
   */
  @Bean
  @ConditionalOnMissingBean
  public ApiKeys chronosApiKeys(ApiKeyStore store, ChronosWebProperties web) {
    ApiKeys keys = new ApiKeys(store, Clock.systemUTC());
    if (web.isBootstrapKey()) {
      keys.bootstrap()
          .map(NewApiKey::secret)
          .ifPresent(
              secret ->
                  log.warn(
                      "No Chronos API key existed: created an admin key of account 'default'."
                          + " Its secret, shown only now: {}",
                      secret));
    }
    return keys;
  }

  /**
   * The API over the node.
   *
   * @param chronos the node
   * @param store its store
   * @param keys the API keys
   * @param claims the claims registry
   * @param lifecycle the node's lifecycle, for {@code GET /health}
   * @param web the API's limits
   * @return the API
   */
  @Bean
  @ConditionalOnMissingBean
  public ChronosApi chronosApi(
      Chronos chronos,
      JobStore store,
      ApiKeys keys,
      WorkerClaims claims,
      ChronosLifecycle lifecycle,
      ChronosWebProperties web) {
    return ChronosApi.builder()
        .chronos(chronos)
        .store(store)
        .keys(keys)
        .claims(claims)
        .rateLimit(web.getRateLimit())
        .maxBodySize(web.getMaxBodySize())
        .maxWaitingClaims(web.getMaxWaitingClaims())
        .corsOrigins(web.getCorsOrigins().toArray(String[]::new))
        .running(lifecycle::isRunning)
        .build();
  }

  /**
   * The servlet, mapped to {@code chronos.web.path} and everything below it.
   *
   * @param api the API
   * @param web the path
   * @return the registration
   */
  @Bean
  @ConditionalOnMissingBean(name = "chronosServlet")
  public ServletRegistrationBean<ChronosServlet> chronosServlet(
      ChronosApi api, ChronosWebProperties web) {
    String path = web.getPath();
    if (path == null || !path.startsWith("/") || path.endsWith("/") || path.contains("*")) {
      throw new IllegalStateException(
          "chronos.web.path must start with '/', not end with '/' and hold no '*' (for example"
              + " /chronos), was '"
              + path
              + "'");
    }
    ServletRegistrationBean<ChronosServlet> registration =
        new ServletRegistrationBean<>(new ChronosServlet(api), path + "/*");
    registration.setName("chronosServlet");
    registration.setLoadOnStartup(1);
    return registration;
  }

  /**
   * Ends the API's worker long-polls when the application begins to shut down, before the web
   * server's graceful shutdown waits for requests in flight.
   *
   * @param api the API
   * @return the lifecycle
   */
  @Bean
  @ConditionalOnMissingBean
  public ApiClaimsLifecycle chronosApiClaimsLifecycle(ChronosApi api) {
    return new ApiClaimsLifecycle(api);
  }
}
