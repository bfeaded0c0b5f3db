package dev.chronos.internal;

import dev.chronos.spi.Attempt;
import dev.chronos.spi.ExecutionOutcome;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * The push lane's {@link LaneRunner}: sends each attempt as an asynchronous request of the {@link
 * PushSender}; the attempt holds its slot until the answer (or a failure to send) arrives on a
 * {@code chronos-push-N} thread, or until its deadline abandons the request. No thread waits for an
 * answer, so slow endpoints cost slots, not threads. Inline (tests), {@link #start} waits until the
 * outcome was handed on.
 */
final class PushLane implements LaneRunner {
  private final PushSender push;
  private final Events events;
  private final IntFunction<Instant> retryAt;
  private final ClaimAhead claimAhead;
  private final Ends ends;
  private final String nodeId;
  private final boolean inline;

  PushLane(
      PushSender push,
      Events events,
      IntFunction<Instant> retryAt,
      ClaimAhead claimAhead,
      Ends ends,
      String nodeId,
      boolean inline) {
    this.push = push;
    this.events = events;
    this.retryAt = retryAt;
    this.claimAhead = claimAhead;
    this.ends = ends;
    this.nodeId = nodeId;
    this.inline = inline;
  }

  @Override
  public String refusal(AttemptRun r) {
    return r.push ? null : "the push lane of node " + nodeId + " runs no handlers";
  }

  @Override
  public void start(AttemptRun r) {
    if (!r.start(null)) {
      ends.freeSlot(r);
      return;
    }
    Attempt a = r.attempt;
    events.started(a);
    ClaimAhead.Run run = claimAhead.started();
    PushSender.Call call = push.send(a, retryAt);
    r.attach(call);
    CompletableFuture<Void> handedOn =
        call.outcome.handle(
            (outcome, error) -> {
              claimAhead.ended(run);
              if (outcome != null) {
                ends.finish(r, outcome);
              } else if (!(error instanceof CancellationException)) {
                ends.finish(
                    r,
                    ExecutionOutcome.failed(
                        r.executionId(),
                        ErrorText.withStackTrace(r.failure = error),
                        retryAt.apply(a.execution().attempt())));
              } // cancelled: whoever cancelled it ended the attempt
              ends.freeSlot(r);
              return null;
            });
    if (inline) {
      handedOn.join();
    }
  }

  @Override
  public String timeoutNote() {
    return "; the push request was abandoned";
  }

  @Override
  public int busyThreads() {
    return 0;
  }

  @Override
  public void close() {
    push.close();
  }
}
