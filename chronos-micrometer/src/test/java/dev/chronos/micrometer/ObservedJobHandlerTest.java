package dev.chronos.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.Chronos;
import dev.chronos.JobRequest;
import dev.chronos.SteppedNodes;
import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.testing.MutableClock;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ObservedJobHandler}: one observation per attempt, with its keys and its error. */
class ObservedJobHandlerTest {
  private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
  private final List<String> currentInHandler = new CopyOnWriteArrayList<>();
  private final ObservationRegistry observations = ObservationRegistry.create();
  private ChronosEngine chronos;

  {
    observations
        .observationConfig()
        .observationHandler(
            new ObservationHandler<>() {
              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }

              @Override
              public void onStop(Observation.Context context) {
                stopped.add(context);
              }
            });
  }

  @AfterEach
  void close() {
    chronos.close();
  }

  @Test
  void each_attempt_is_one_observation_with_its_ids_and_a_failure_is_its_error() {
    chronos =
        SteppedNodes.inline(
            Chronos.builder()
                .store(new InMemoryJobStore())
                .clock(MutableClock.fixed())
                .nodeId("observed")
                .handler(
                    "ok",
                    ObservedJobHandler.of(
                        observations,
                        "ok",
                        ctx -> {
                          Observation current = observations.getCurrentObservation();
                          currentInHandler.add(
                              current == null ? "none" : current.getContext().getName());
                          return "done";
                        }))
                .handler(
                    "boom",
                    ObservedJobHandler.of(
                        observations,
                        "boom",
                        ctx -> {
                          throw new IllegalStateException("boom");
                        })));
    UUID ok = chronos.submit(JobRequest.builder().name("ok").handler("ok").build()).id();
    chronos.submit(JobRequest.builder().name("boom").handler("boom").maxRetries(0).build());

    chronos.runDue();

    assertThat(stopped).hasSize(2);
    Observation.Context okContext =
        stopped.stream()
            .filter(c -> c.getLowCardinalityKeyValue("handler").getValue().equals("ok"))
            .findFirst()
            .orElseThrow();
    assertThat(okContext.getName()).isEqualTo(ObservedJobHandler.NAME);
    assertThat(okContext.getHighCardinalityKeyValue("job.id"))
        .isEqualTo(KeyValue.of("job.id", ok.toString()));
    assertThat(okContext.getHighCardinalityKeyValue("attempt").getValue()).isEqualTo("1");
    assertThat(okContext.getHighCardinalityKeyValue("execution.id").getValue())
        .isEqualTo(chronos.executions(ok).get(0).id().toString());
    assertThat(okContext.getError()).isNull();
    // The handler runs inside the observation's scope: a tracer's span is current there.
    assertThat(currentInHandler).containsExactly(ObservedJobHandler.NAME);

    Observation.Context boomContext =
        stopped.stream()
            .filter(c -> c.getLowCardinalityKeyValue("handler").getValue().equals("boom"))
            .findFirst()
            .orElseThrow();
    assertThat(boomContext.getError()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
  }
}
