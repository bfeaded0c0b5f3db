package dev.chronos.benchmarks.report;

import dev.chronos.benchmarks.workloads.Lateness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything one harness run measured: numbers by (system, workload, metric), the lateness samples
 * for the charts, what each system is, and notes on what was skipped or failed. Thread-safe: every
 * method is synchronized (workloads run one at a time; progress may read).
 */
public final class Results {
  /**
   * One number.
   *
   * @param system the system's name
   * @param workload the workload, for example {@code burn-down}
   * @param metric what was measured, for example {@code jobs/s}
   * @param value the number
   */
  public record Measurement(String system, String workload, String metric, double value) {}

  private final List<Measurement> measurements = new ArrayList<>();
  private final Map<String, String> descriptions = new LinkedHashMap<>();
  private final Map<String, Lateness> lateness = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, String> settings = new LinkedHashMap<>();

  /**
   * Records a number.
   *
   * @param system the system
   * @param workload the workload
   * @param metric the metric
   * @param value the value
   */
  public synchronized void add(String system, String workload, String metric, double value) {
    measurements.add(new Measurement(system, workload, metric, value));
  }

  /**
   * Records what a system is.
   *
   * @param system the system's name
   * @param description its description
   */
  public synchronized void describe(String system, String description) {
    descriptions.put(system, description);
  }

  /**
   * Records a run setting shown at the top of the report.
   *
   * @param name the setting
   * @param value its value
   */
  public synchronized void setting(String name, String value) {
    settings.put(name, value);
  }

  /**
   * Keeps a system's lateness samples for the charts.
   *
   * @param system the system
   * @param samples its lateness
   */
  public synchronized void lateness(String system, Lateness samples) {
    lateness.put(system, samples);
  }

  /**
   * Adds a note (a skipped system, a failed workload).
   *
   * @param note the note
   */
  public synchronized void note(String note) {
    notes.add(note);
  }

  /**
   * One number, if it was measured.
   *
   * @param system the system
   * @param workload the workload
   * @param metric the metric
   * @return the value, or empty
   */
  public synchronized OptionalDouble get(String system, String workload, String metric) {
    for (Measurement m : measurements) {
      if (m.system().equals(system) && m.workload().equals(workload) && m.metric().equals(metric)) {
        return OptionalDouble.of(m.value());
      }
    }
    return OptionalDouble.empty();
  }

  /**
   * All numbers, in the order they were measured.
   *
   * @return a copy
   */
  public synchronized List<Measurement> measurements() {
    return List.copyOf(measurements);
  }

  /**
   * The systems that have at least one number, in the order they were first measured.
   *
   * @param workload only systems with a number in this workload, or null for any
   * @return system names
   */
  public synchronized List<String> systems(String workload) {
    List<String> systems = new ArrayList<>();
    for (Measurement m : measurements) {
      if ((workload == null || m.workload().equals(workload)) && !systems.contains(m.system())) {
        systems.add(m.system());
      }
    }
    return systems;
  }

  /**
   * The metrics measured in a workload, in the order first measured.
   *
   * @param workload the workload
   * @return metric names
   */
  public synchronized List<String> metrics(String workload) {
    List<String> metrics = new ArrayList<>();
    for (Measurement m : measurements) {
      if (m.workload().equals(workload) && !metrics.contains(m.metric())) {
        metrics.add(m.metric());
      }
    }
    return metrics;
  }

  /**
   * The workloads measured, in the order first measured.
   *
   * @return workload names
   */
  public synchronized List<String> workloads() {
    List<String> workloads = new ArrayList<>();
    for (Measurement m : measurements) {
      if (!workloads.contains(m.workload())) {
        workloads.add(m.workload());
      }
    }
    return workloads;
  }

  /**
   * What each system is.
   *
   * @return system name to description
   */
  public synchronized Map<String, String> descriptions() {
    return new LinkedHashMap<>(descriptions);
  }

  /**
   * The run's settings.
   *
   * @return setting name to value
   */
  public synchronized Map<String, String> settings() {
    return new LinkedHashMap<>(settings);
  }

  /**
   * The lateness samples by system.
   *
   * @return system name to lateness
   */
  public synchronized Map<String, Lateness> lateness() {
    return new LinkedHashMap<>(lateness);
  }

  /**
   * The notes.
   *
   * @return a copy
   */
  public synchronized List<String> notes() {
    return List.copyOf(notes);
  }

  /**
   * The best value of a metric among several systems, and which system it was.
   *
   * @param systems candidate systems
   * @param workload the workload
   * @param metric the metric
   * @return the system with the highest value, or empty if none was measured
   */
  public synchronized Optional<String> best(List<String> systems, String workload, String metric) {
    String best = null;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (String s : systems) {
      OptionalDouble v = get(s, workload, metric);
      if (v.isPresent() && v.getAsDouble() > bestValue) {
        best = s;
        bestValue = v.getAsDouble();
      }
    }
    return Optional.ofNullable(best);
  }
}
