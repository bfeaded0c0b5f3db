package dev.chronos.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code chronos.*} properties: one for every {@link dev.chronos.ChronosBuilder} setting that a
 * property can hold, with the builder's defaults (written out here so that IDEs show them; a test
 * checks them against the builder's constants), plus the store, the lifecycle and the metrics.
 * Settings that take objects (backoff, clock, Jackson mapper, listeners) come from beans: {@link
 * ChronosBuilderCustomizer} and {@link dev.chronos.JobListener} beans.
 */
@ConfigurationProperties("chronos")
public class ChronosProperties {
  /** Whether to configure a Chronos node at all. */
  private boolean enabled = true;

  /**
   * Whether the node starts with the application context and runs its handlers. When false the node
   * only accepts jobs (submit, look-ups) and runs nothing; its health stays UP.
   */
  private boolean autoStart = true;

  /** Handlers running at once. */
  private int workerThreads = 16;

  /** How often the store is read for jobs submitted elsewhere and for expired leases. */
  private Duration pollInterval = Duration.ofSeconds(1);

  /** How far ahead due jobs are loaded into memory. */
  private Duration lookahead = Duration.ofSeconds(30);

  /** Bound of the in-memory queue of due jobs. */
  private int maxQueueSize = 10_000;

  /** A claim's lease lasts the job's timeout plus this. */
  private Duration leaseGrace = Duration.ofSeconds(10);

  /**
   * How long shutdown waits for running handlers before interrupting them and handing their jobs
   * back. Unset: 10 s, or less when spring.lifecycle.timeout-per-shutdown-phase needs it (that
   * timeout minus 5 s, at least 1 s); a value that does not leave 5 s of that timeout fails
   * start-up.
   */
  private Duration shutdownTimeout;

  /** This node's id, recorded on executions; unset: host, process id and a random suffix. */
  private String nodeId;

  /** Push requests in flight at once; 0 turns push delivery off on this node. */
  private int pushConcurrency = 64;

  /** HMAC-SHA256 keys of X-Chronos-Signature; several sign with each, to rotate one. */
  private List<String> signingSecrets = new ArrayList<>();

  /** Also send the Standard Webhooks headers (needs a signing secret). */
  private boolean standardWebhooks = false;

  /** Accept plain http push URLs (development and tests). */
  private boolean allowHttp = false;

  /** Accept loopback, private and link-local push targets (development and tests). */
  private boolean allowPrivateNetworks = false;

  /** Completed and cancelled jobs are deleted this long after they finished. */
  private Duration retention = Duration.ofDays(7);

  /** Failed jobs are deleted this long after they failed. */
  private Duration failedRetention = Duration.ofDays(30);

  /** A node is live in the node registry while its last heartbeat is younger than this. */
  private Duration nodeTimeout = Duration.ofSeconds(30);

  /** Pull jobs waiting this long for a handler nobody serves are logged at WARN. */
  private Duration unservedWarning = Duration.ofMinutes(1);

  /** Largest result stored, in bytes; a larger one is stored as a truncation notice. */
  private int maxResultSize = 65_536;

  /**
   * Worker threads left behind by handlers that ignored their timeout before the node stops
   * claiming; unset: worker-threads.
   */
  private Integer maxAbandonedThreads;

  /**
   * Which Jackson 2 mapper reads payloads into handler parameters and writes results: chronos
   * (Chronos's own) or application (the application's Jackson 2 ObjectMapper bean, with its modules
   * and settings; Spring Boot 4's own mapper is Jackson 3 and cannot be used).
   */
  private PayloadMapper payloadMapper = PayloadMapper.CHRONOS;

  /**
   * Whether each attempt of a @ChronosHandler runs in a Micrometer Observation (chronos.attempt),
   * when the application has an ObservationRegistry: a tracing bridge then makes a span of it.
   */
  private boolean observations = true;

  /** Where jobs are kept. */
  private final Store store = new Store();

  /** The Micrometer meters (when the application has a MeterRegistry). */
  private final Metrics metrics = new Metrics();

  /** The health indicator (when the application has Spring Boot's health support). */
  private final Health health = new Health();

  /** Which Jackson 2 mapper the node converts payloads and results with. */
  public enum PayloadMapper {
    /** Chronos's own mapper (the default). */
    CHRONOS,
    /** The application's single Jackson 2 {@code ObjectMapper} bean. */
    APPLICATION
  }

  /** Which store the node uses. */
  public enum StoreType {
    /** The application's DataSource bean (JdbcJobStore.create); the default. */
    DATASOURCE,
    /** A pool of Chronos's own on chronos.store.url (PostgreSQL or H2). */
    JDBC,
    /** Embedded H2 in the folder chronos.store.path, one process per folder. */
    H2,
    /** InMemoryJobStore: nothing survives the process; for tests. */
    MEMORY
  }

  /** The store settings, under {@code chronos.store}. */
  public static class Store {
    /** Which store: datasource (default), jdbc, h2 or memory. */
    private StoreType type = StoreType.DATASOURCE;

    /** Prefix of Chronos's tables (datasource, jdbc and h2 stores). */
    private String tablePrefix = "chronos_";

    /** Whether the store applies its schema migrations when it opens. */
    private boolean createSchema = true;

    /**
     * Whether a submit inside a Spring transaction on the application's DataSource writes the job
     * in that transaction (datasource store): the job exists if and only if the transaction
     * commits. False: every submit commits on its own, as outside a transaction.
     */
    private boolean joinTransactions = true;

    /** JDBC URL of the jdbc store. */
    private String url;

    /** User of the jdbc store. */
    private String username;

    /** Password of the jdbc store. */
    private String password;

    /** Largest pool of the jdbc store. */
    private int maxPoolSize = 10;

    /** How long the jdbc store waits for a connection. */
    private Duration connectionTimeout = Duration.ofSeconds(5);

    /** Folder of the h2 store. */
    private Path path = Path.of("chronos-data");

    /**
     * The store type.
     *
     * @return the type
     */
    public StoreType getType() {
      return type;
    }

    /**
     * Sets the store type.
     *
     * @param type the type
     */
    public void setType(StoreType type) {
      this.type = type;
    }

    /**
     * The table prefix.
     *
     * @return the prefix
     */
    public String getTablePrefix() {
      return tablePrefix;
    }

    /**
     * Sets the table prefix.
     *
     * @param tablePrefix the prefix
     */
    public void setTablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
    }

    /**
     * Whether migrations are applied.
     *
     * @return true to apply them
     */
    public boolean isCreateSchema() {
      return createSchema;
    }

    /**
     * Sets whether migrations are applied.
     *
     * @param createSchema true to apply them
     */
    public void setCreateSchema(boolean createSchema) {
      this.createSchema = createSchema;
    }

    /**
     * Whether submits join the caller's Spring transaction on the application's DataSource.
     *
     * @return true to join (the default)
     */
    public boolean isJoinTransactions() {
      return joinTransactions;
    }

    /**
     * Sets whether submits join the caller's Spring transaction.
     *
     * @param joinTransactions true to join
     */
    public void setJoinTransactions(boolean joinTransactions) {
      this.joinTransactions = joinTransactions;
    }

    /**
     * The jdbc store's URL.
     *
     * @return the URL, or null
     */
    public String getUrl() {
      return url;
    }

    /**
     * Sets the jdbc store's URL.
     *
     * @param url the URL
     */
    public void setUrl(String url) {
      this.url = url;
    }

    /**
     * The jdbc store's user.
     *
     * @return the user, or null
     */
    public String getUsername() {
      return username;
    }

    /**
     * Sets the jdbc store's user.
     *
     * @param username the user
     */
    public void setUsername(String username) {
      this.username = username;
    }

    /**
     * The jdbc store's password.
     *
     * @return the password, or null
     */
    public String getPassword() {
      return password;
    }

    /**
     * Sets the jdbc store's password.
     *
     * @param password the password
     */
    public void setPassword(String password) {
      this.password = password;
    }

    /**
     * The jdbc store's pool size.
     *
     * @return the size
     */
    public int getMaxPoolSize() {
      return maxPoolSize;
    }

    /**
     * Sets the jdbc store's pool size.
     *
     * @param maxPoolSize the size
     */
    public void setMaxPoolSize(int maxPoolSize) {
      this.maxPoolSize = maxPoolSize;
    }

    /**
     * The jdbc store's connection timeout.
     *
     * @return the timeout
     */
    public Duration getConnectionTimeout() {
      return connectionTimeout;
    }

    /**
     * Sets the jdbc store's connection timeout.
     *
     * @param connectionTimeout the timeout
     */
    public void setConnectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
    }

    /**
     * The h2 store's folder.
     *
     * @return the folder
     */
    public Path getPath() {
      return path;
    }

    /**
     * Sets the h2 store's folder.
     *
     * @param path the folder
     */
    public void setPath(Path path) {
      this.path = path;
    }
  }

  /** The metrics settings, under {@code chronos.metrics}. */
  public static class Metrics {
    /** Whether to register ChronosMetrics when the application has a MeterRegistry. */
    private boolean enabled = true;

    /** How often chronos.jobs counts the jobs per status in the store; 0 turns counting off. */
    private Duration jobCountsInterval = Duration.ofSeconds(30);

    /** The accounts whose jobs chronos.jobs counts, summed. */
    private List<String> accounts = new ArrayList<>(List.of("default"));

    /** Distinct handler names tagged before further names are tagged "other". */
    private int maxHandlerTags = 100;

    /**
     * Whether metrics are on.
     *
     * @return true when on
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns metrics on or off.
     *
     * @param enabled true for on
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The job-count interval.
     *
     * @return the interval
     */
    public Duration getJobCountsInterval() {
      return jobCountsInterval;
    }

    /**
     * Sets the job-count interval.
     *
     * @param jobCountsInterval the interval, 0 for off
     */
    public void setJobCountsInterval(Duration jobCountsInterval) {
      this.jobCountsInterval = jobCountsInterval;
    }

    /**
     * The counted accounts.
     *
     * @return the accounts
     */
    public List<String> getAccounts() {
      return accounts;
    }

    /**
     * Sets the counted accounts.
     *
     * @param accounts the accounts
     */
    public void setAccounts(List<String> accounts) {
      this.accounts = accounts;
    }

    /**
     * The handler-tag bound.
     *
     * @return the bound
     */
    public int getMaxHandlerTags() {
      return maxHandlerTags;
    }

    /**
     * Sets the handler-tag bound.
     *
     * @param maxHandlerTags the bound
     */
    public void setMaxHandlerTags(int maxHandlerTags) {
      this.maxHandlerTags = maxHandlerTags;
    }
  }

  /** The health settings, under {@code chronos.health}. */
  public static class Health {
    /**
     * How late the earliest due job queued on the node may be before the health detail "lagging" is
     * true (the status stays UP: a backlog is not a fault).
     */
    private Duration lagThreshold = Duration.ofMinutes(1);

    /**
     * The lag threshold.
     *
     * @return the threshold
     */
    public Duration getLagThreshold() {
      return lagThreshold;
    }

    /**
     * Sets the lag threshold.
     *
     * @param lagThreshold the threshold
     */
    public void setLagThreshold(Duration lagThreshold) {
      this.lagThreshold = lagThreshold;
    }
  }

  /**
   * Whether Chronos is configured.
   *
   * @return true when on
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Turns Chronos on or off.
   *
   * @param enabled true for on
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Whether the node starts with the context.
   *
   * @return true to start it
   */
  public boolean isAutoStart() {
    return autoStart;
  }

  /**
   * Sets whether the node starts with the context.
   *
   * @param autoStart true to start it
   */
  public void setAutoStart(boolean autoStart) {
    this.autoStart = autoStart;
  }

  /**
   * Worker threads.
   *
   * @return the count
   */
  public int getWorkerThreads() {
    return workerThreads;
  }

  /**
   * Sets the worker threads.
   *
   * @param workerThreads the count
   */
  public void setWorkerThreads(int workerThreads) {
    this.workerThreads = workerThreads;
  }

  /**
   * The poll interval.
   *
   * @return the interval
   */
  public Duration getPollInterval() {
    return pollInterval;
  }

  /**
   * Sets the poll interval.
   *
   * @param pollInterval the interval
   */
  public void setPollInterval(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  /**
   * The look-ahead window.
   *
   * @return the window
   */
  public Duration getLookahead() {
    return lookahead;
  }

  /**
   * Sets the look-ahead window.
   *
   * @param lookahead the window
   */
  public void setLookahead(Duration lookahead) {
    this.lookahead = lookahead;
  }

  /**
   * The due queue's bound.
   *
   * @return the bound
   */
  public int getMaxQueueSize() {
    return maxQueueSize;
  }

  /**
   * Sets the due queue's bound.
   *
   * @param maxQueueSize the bound
   */
  public void setMaxQueueSize(int maxQueueSize) {
    this.maxQueueSize = maxQueueSize;
  }

  /**
   * The lease grace.
   *
   * @return the grace
   */
  public Duration getLeaseGrace() {
    return leaseGrace;
  }

  /**
   * Sets the lease grace.
   *
   * @param leaseGrace the grace
   */
  public void setLeaseGrace(Duration leaseGrace) {
    this.leaseGrace = leaseGrace;
  }

  /**
   * The shutdown timeout, or null for the default.
   *
   * @return the timeout
   */
  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  /**
   * Sets the shutdown timeout.
   *
   * @param shutdownTimeout the timeout
   */
  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  /**
   * The node id, or null.
   *
   * @return the id
   */
  public String getNodeId() {
    return nodeId;
  }

  /**
   * Sets the node id.
   *
   * @param nodeId the id
   */
  public void setNodeId(String nodeId) {
    this.nodeId = nodeId;
  }

  /**
   * Push requests in flight at once.
   *
   * @return the bound
   */
  public int getPushConcurrency() {
    return pushConcurrency;
  }

  /**
   * Sets the push requests in flight at once.
   *
   * @param pushConcurrency the bound, 0 for no push delivery
   */
  public void setPushConcurrency(int pushConcurrency) {
    this.pushConcurrency = pushConcurrency;
  }

  /**
   * The signing secrets.
   *
   * @return the secrets
   */
  public List<String> getSigningSecrets() {
    return signingSecrets;
  }

  /**
   * Sets the signing secrets.
   *
   * @param signingSecrets the secrets
   */
  public void setSigningSecrets(List<String> signingSecrets) {
    this.signingSecrets = signingSecrets;
  }

  /**
   * Whether Standard Webhooks headers are sent.
   *
   * @return true to send them
   */
  public boolean isStandardWebhooks() {
    return standardWebhooks;
  }

  /**
   * Sets whether Standard Webhooks headers are sent.
   *
   * @param standardWebhooks true to send them
   */
  public void setStandardWebhooks(boolean standardWebhooks) {
    this.standardWebhooks = standardWebhooks;
  }

  /**
   * Whether http push URLs are accepted.
   *
   * @return true to accept them
   */
  public boolean isAllowHttp() {
    return allowHttp;
  }

  /**
   * Sets whether http push URLs are accepted.
   *
   * @param allowHttp true to accept them
   */
  public void setAllowHttp(boolean allowHttp) {
    this.allowHttp = allowHttp;
  }

  /**
   * Whether private push targets are accepted.
   *
   * @return true to accept them
   */
  public boolean isAllowPrivateNetworks() {
    return allowPrivateNetworks;
  }

  /**
   * Sets whether private push targets are accepted.
   *
   * @param allowPrivateNetworks true to accept them
   */
  public void setAllowPrivateNetworks(boolean allowPrivateNetworks) {
    this.allowPrivateNetworks = allowPrivateNetworks;
  }

  /**
   * The retention of completed and cancelled jobs.
   *
   * @return the retention
   */
  public Duration getRetention() {
    return retention;
  }

  /**
   * Sets the retention of completed and cancelled jobs.
   *
   * @param retention the retention
   */
  public void setRetention(Duration retention) {
    this.retention = retention;
  }

  /**
   * The retention of failed jobs.
   *
   * @return the retention
   */
  public Duration getFailedRetention() {
    return failedRetention;
  }

  /**
   * Sets the retention of failed jobs.
   *
   * @param failedRetention the retention
   */
  public void setFailedRetention(Duration failedRetention) {
    this.failedRetention = failedRetention;
  }

  /**
   * The node timeout.
   *
   * @return the timeout
   */
  public Duration getNodeTimeout() {
    return nodeTimeout;
  }

  /**
   * Sets the node timeout.
   *
   * @param nodeTimeout the timeout
   */
  public void setNodeTimeout(Duration nodeTimeout) {
    this.nodeTimeout = nodeTimeout;
  }

  /**
   * The unserved-handler warning threshold.
   *
   * @return the threshold
   */
  public Duration getUnservedWarning() {
    return unservedWarning;
  }

  /**
   * Sets the unserved-handler warning threshold.
   *
   * @param unservedWarning the threshold
   */
  public void setUnservedWarning(Duration unservedWarning) {
    this.unservedWarning = unservedWarning;
  }

  /**
   * The largest stored result, in bytes.
   *
   * @return the size
   */
  public int getMaxResultSize() {
    return maxResultSize;
  }

  /**
   * Sets the largest stored result.
   *
   * @param maxResultSize bytes
   */
  public void setMaxResultSize(int maxResultSize) {
    this.maxResultSize = maxResultSize;
  }

  /**
   * The abandoned-thread bound, or null for worker-threads.
   *
   * @return the bound
   */
  public Integer getMaxAbandonedThreads() {
    return maxAbandonedThreads;
  }

  /**
   * Sets the abandoned-thread bound.
   *
   * @param maxAbandonedThreads the bound
   */
  public void setMaxAbandonedThreads(Integer maxAbandonedThreads) {
    this.maxAbandonedThreads = maxAbandonedThreads;
  }

  /**
   * Whether handler attempts are observed.
   *
   * @return true to observe them
   */
  public boolean isObservations() {
    return observations;
  }

  /**
   * Sets whether handler attempts are observed.
   *
   * @param observations true to observe them
   */
  public void setObservations(boolean observations) {
    this.observations = observations;
  }

  /**
   * The payload mapper.
   *
   * @return which mapper
   */
  public PayloadMapper getPayloadMapper() {
    return payloadMapper;
  }

  /**
   * Sets the payload mapper.
   *
   * @param payloadMapper which mapper
   */
  public void setPayloadMapper(PayloadMapper payloadMapper) {
    this.payloadMapper = payloadMapper;
  }

  /**
   * The store settings.
   *
   * @return the settings
   */
  public Store getStore() {
    return store;
  }

  /**
   * The metrics settings.
   *
   * @return the settings
   */
  public Metrics getMetrics() {
    return metrics;
  }

  /**
   * The health settings.
   *
   * @return the settings
   */
  public Health getHealth() {
    return health;
  }
}
