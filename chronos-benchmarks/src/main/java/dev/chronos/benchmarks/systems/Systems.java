package dev.chronos.benchmarks.systems;

import dev.chronos.benchmarks.systems.ChronosSystem.Store;
import dev.chronos.benchmarks.systems.DbSchedulerSystem.Database;
import dev.chronos.benchmarks.systems.DbSchedulerSystem.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every system the harness knows, by name, in the order of the report. */
public final class Systems {
  private static final Duration TUNED_POLLING = Duration.ofMillis(100);

  private static final Map<String, BenchmarkedSystem> ALL = new LinkedHashMap<>();

  static {
    add(new ExecutorSystem());
    add(new ChronosSystem("chronos-memory", Store.MEMORY, 1));
    add(new ChronosSystem("chronos-h2", Store.H2, 1));
    add(new ChronosSystem("chronos-pg", Store.POSTGRESQL, 1));
    add(new ChronosSystem("chronos-pg-3", Store.POSTGRESQL, 3));
    add(new DbSchedulerSystem("dbsched-h2", Database.H2, null, Strategy.FETCH));
    add(new DbSchedulerSystem("dbsched-h2-100ms", Database.H2, TUNED_POLLING, Strategy.FETCH));
    add(new DbSchedulerSystem("dbsched-pg", Database.POSTGRESQL, null, Strategy.FETCH));
    add(
        new DbSchedulerSystem(
            "dbsched-pg-100ms", Database.POSTGRESQL, TUNED_POLLING, Strategy.FETCH));
    add(
        new DbSchedulerSystem(
            "dbsched-pg-lnf", Database.POSTGRESQL, null, Strategy.LOCK_AND_FETCH));
    add(
        new DbSchedulerSystem(
            "dbsched-pg-lnf-100ms", Database.POSTGRESQL, TUNED_POLLING, Strategy.LOCK_AND_FETCH));
    add(new ChronosSystem("chronos-pg-cross", Store.POSTGRESQL, 1, true));
    add(new ChronosSystem("chronos-maria", Store.MARIADB, 1));
    add(new ChronosSystem("chronos-maria-cross", Store.MARIADB, 1, true));
    add(new DbSchedulerSystem("dbsched-maria", Database.MARIADB, null, Strategy.FETCH));
    add(
        new DbSchedulerSystem(
            "dbsched-maria-100ms", Database.MARIADB, TUNED_POLLING, Strategy.FETCH));
    add(new QuartzSystem("quartz-ram", false, false));
    add(new QuartzSystem("quartz-pg", true, false));
    add(new QuartzSystem("quartz-pg-batch", true, true));
    add(new RawJdbcSystem());
  }

  private Systems() {}

  private static void add(BenchmarkedSystem system) {
    ALL.put(system.name(), system);
  }

  /**
   * Every system, in report order.
   *
   * @return the systems
   */
  public static List<BenchmarkedSystem> all() {
    return List.copyOf(ALL.values());
  }

  /**
   * The systems with these names, in report order.
   *
   * @param names system names
   * @return the systems
   * @throws IllegalArgumentException naming an unknown system and listing the known ones
   */
  public static List<BenchmarkedSystem> named(List<String> names) {
    for (String name : names) {
      if (!ALL.containsKey(name)) {
        throw new IllegalArgumentException(
            "unknown system '" + name + "'; known: " + String.join(", ", ALL.keySet()));
      }
    }
    List<BenchmarkedSystem> systems = new ArrayList<>();
    for (BenchmarkedSystem s : ALL.values()) {
      if (names.contains(s.name())) {
        systems.add(s);
      }
    }
    return systems;
  }
}
