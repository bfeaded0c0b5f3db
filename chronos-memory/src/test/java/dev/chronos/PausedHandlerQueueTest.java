package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node's due queue under operations by hand, on one store shared by two nodes under a manual
 * clock: pausing a handler takes out only its jobs, and a run-now sent from a node that does not
 * serve the handler starts the job at once on the node that does.
 */
class PausedHandlerQueueTest {
  private final MutableClock clock = MutableClock.fixed();
  private final Instant t0 = clock.instant();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final ChronosEngine serving =
      TestNodes.inline(
          TestNodes.builder(store, clock)
              .nodeId("serving")
              .handler("work", ctx -> ran.add(ctx.name()))
              .handler("mail", ctx -> ran.add(ctx.name())));
  private final ChronosEngine operator =
      TestNodes.inline(TestNodes.builder(store, clock).nodeId("operator"));

  @AfterEach
  void close() {
    serving.close();
    operator.close();
  }

  private Job submit(String name, String handler, int seconds) {
    return serving.submit(
        JobRequest.builder().name(name).handler(handler).delay(seconds, DelayUnit.SECOND).build());
  }

  private int queued() {
    return serving.stats().lane("handlers").orElseThrow().queued();
  }

  @Test
  void pausing_a_handler_takes_only_its_jobs_out_of_the_queue_and_the_others_run_on_time() {
    submit("mail 1", "mail", 10);
    submit("mail 2", "mail", 10);
    Job work = submit("work", "work", 10);
    Job early = submit("work early", "work", 3);
    serving.runDue();
    assertThat(queued()).isEqualTo(4);

    serving.pause("mail");
    assertThat(queued()).isEqualTo(4); // nothing dropped on the caller's thread
    serving.runDue(); // the feeder's round takes the paused handler's jobs out
    assertThat(queued()).isEqualTo(2);

    clock.set(t0.plusSeconds(3));
    serving.runDue();
    assertThat(ran).containsExactly("work early");
    clock.set(t0.plusSeconds(10));
    serving.runDue();
    assertThat(ran).containsExactly("work early", "work");
    assertThat(serving.executions(work.id())).hasSize(1);
    assertThat(serving.executions(early.id())).hasSize(1);
    // The paused handler's jobs were not even claimed (no attempt given back): no executions.
    assertThat(serving.jobs(JobQuery.builder().handler("mail").build()).items())
        .allSatisfy(
            j -> {
              assertThat(j.status()).isEqualTo(JobStatus.PENDING);
              assertThat(serving.executions(j.id())).isEmpty();
            });

    serving.resume("mail");
    serving.runDue();
    assertThat(ran).containsExactlyInAnyOrder("work early", "work", "mail 1", "mail 2");
  }

  @Test
  void a_handler_paused_and_resumed_before_the_feeder_round_keeps_its_queue() {
    submit("mail", "mail", 10);
    serving.runDue();

    serving.pause("mail");
    serving.resume("mail");
    serving.runDue();

    assertThat(queued()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    serving.runDue();
    assertThat(ran).containsExactly("mail");
  }

  @Test
  void run_now_from_a_node_without_the_handler_starts_the_job_at_once_where_it_is_served() {
    // Due within the look-ahead window: queued on the serving node for its time, 20 s on.
    Job job = submit("soon", "work", 20);
    serving.runDue();
    assertThat(queued()).isEqualTo(1);

    operator.runNow(job.id()); // another node: the serving node learns it from the store
    serving.runDue();

    assertThat(ran).containsExactly("soon");
    assertThat(serving.executions(job.id()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.trigger()).isEqualTo(ExecutionTrigger.MANUAL);
              assertThat(e.startedAt()).isEqualTo(t0);
            });
    // The entry for the old time is left; at that time it claims nothing.
    clock.set(t0.plusSeconds(20));
    serving.runDue();
    assertThat(serving.executions(job.id())).hasSize(1);
    assertThat(queued()).isZero();
  }
}
