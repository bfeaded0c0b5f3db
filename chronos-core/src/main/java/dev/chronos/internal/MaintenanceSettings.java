package dev.chronos.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The node registry's and the retention's settings, as {@link dev.chronos.ChronosBuilder} checked
 * them.
 *
 * @param retention how long completed and cancelled jobs are kept after they finished
 * @param failedRetention how long failed jobs are kept after they failed
 * @param nodeTimeout how long a heartbeat keeps a node live in the registry
 * @param unservedWarning how long jobs wait for a handler nobody serves before a WARN
 */
public record MaintenanceSettings(
    Duration retention, Duration failedRetention, Duration nodeTimeout, Duration unservedWarning) {
  /** Checks that every part is present. */
  public MaintenanceSettings {
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(failedRetention, "failedRetention");
    Objects.requireNonNull(nodeTimeout, "nodeTimeout");
    Objects.requireNonNull(unservedWarning, "unservedWarning");
  }
}
