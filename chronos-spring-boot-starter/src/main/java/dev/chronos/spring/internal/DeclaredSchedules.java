package dev.chronos.spring.internal;

import dev.chronos.ScheduleRequest;
import dev.chronos.ValidationException;
import dev.chronos.spring.ChronosSchedule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Turns the {@link ChronosSchedule}s found on handlers into schedule requests with keys (with
 * {@code ${...}} placeholders resolved), checked when the context starts: a bad cron expression or
 * zone, or one key declared twice, fails start-up naming the declaration.
 */
public final class DeclaredSchedules {
  private DeclaredSchedules() {}

  /**
   * The schedule requests of the handlers' declarations.
   *
   * @param handlers the discovered handlers
   * @param resolve resolves {@code ${...}} placeholders in the annotation's values (the
   *     application's {@code BeanFactory.resolveEmbeddedValue})
   * @return one request per declaration, each with its key
   * @throws IllegalStateException if a declaration is invalid or a key is declared twice
   */
  public static List<ScheduleRequest> of(
      Collection<HandlerBeans.Found> handlers, UnaryOperator<String> resolve) {
    List<ScheduleRequest> requests = new ArrayList<>();
    Map<String, String> keys = new HashMap<>();
    for (HandlerBeans.Found h : handlers) {
      for (ChronosSchedule s : h.schedules()) {
        String key = resolve.apply(s.key());
        String where = "@ChronosSchedule(key = \"" + key + "\") on " + h.declaredBy();
        String first = keys.putIfAbsent(key, where);
        if (first != null) {
          throw new IllegalStateException(
              "Two schedules are declared with key '"
                  + key
                  + "': "
                  + first
                  + " and "
                  + where
                  + ". A key names one schedule; give each its own.");
        }
        try {
          requests.add(
              ScheduleRequest.builder()
                  .key(key)
                  .name(s.name().isEmpty() ? key : resolve.apply(s.name()))
                  .handler(h.name())
                  .cron(resolve.apply(s.cron()))
                  .timezone(resolve.apply(s.zone()))
                  .build());
        } catch (ValidationException | IllegalArgumentException e) {
          throw new IllegalStateException(where + " is invalid: " + e.getMessage());
        }
      }
    }
    return List.copyOf(requests);
  }
}
