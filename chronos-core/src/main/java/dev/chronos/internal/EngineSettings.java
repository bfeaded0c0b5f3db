package dev.chronos.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chronos.BackoffPolicy;
import dev.chronos.JobHandler;
import dev.chronos.JobListener;
import dev.chronos.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The checked settings of one node, as {@link dev.chronos.ChronosBuilder} collected them. {@code
 * payloadMapper} converts payloads for handlers and pull workers and their results to JSON.
 */
public record EngineSettings(
    JobStore store,
    Map<String, JobHandler> handlers,
    List<JobListener> listeners,
    Clock clock,
    int workerThreads,
    Duration pollInterval,
    Duration lookahead,
    int maxQueueSize,
    Duration leaseGrace,
    Duration shutdownTimeout,
    BackoffPolicy backoff,
    String nodeId,
    PushSettings push,
    boolean inlineHandlers,
    MaintenanceSettings maintenance,
    ObjectMapper payloadMapper,
    int maxResultSize,
    int maxAbandonedThreads) {}
