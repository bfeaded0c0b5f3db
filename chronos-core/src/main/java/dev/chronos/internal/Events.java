package dev.chronos.internal;

import dev.chronos.Execution;
import dev.chronos.Job;
import dev.chronos.JobListener;
import dev.chronos.spi.Attempt;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Logs every state change this node makes and tells the listeners. Levels: submitted, started and
 * completed at DEBUG (they are the normal flow, at high volume); cancelled at INFO; retrying and
 * timed out at INFO in one line; failed for good at WARN with the error. Listeners hear the events
 * through a {@link ListenerQueue}, off the threads that report them.
 */
final class Events {
  private static final Logger log = Loggers.DISPATCHER;

  private final ListenerQueue listeners;

  Events(List<JobListener> listeners) {
    this.listeners = new ListenerQueue(listeners);
  }

  /** From here on listeners hear events on their own thread. */
  void start() {
    listeners.start();
  }

  /** Delivers the events still queued, for up to {@code drainFor}; then stops the thread. */
  void stop(Duration drainFor) {
    listeners.stop(drainFor);
  }

  /** Events waiting for the listener thread. */
  int listenerQueueDepth() {
    return listeners.depth();
  }

  /** Events dropped because the listener queue was full. */
  long listenerOverflow() {
    return listeners.overflowed();
  }

  void submitted(Job job) {
    if (log.isDebugEnabled()) {
      log.debug(
          "Job {} '{}' submitted for {} (handler {}, {} delivery)",
          job.id(),
          job.name(),
          Json.time(job.runAt()),
          job.handler(),
          job.delivery().type());
    }
    tell("onSubmitted", l -> l.onSubmitted(job));
  }

  void cancelled(Job job) {
    log.info("Job {} '{}' cancelled", job.id(), job.name());
    tell("onCancelled", l -> l.onCancelled(job));
  }

  void started(Attempt a) {
    Job job = a.job();
    Execution e = a.execution();
    if (log.isDebugEnabled()) {
      log.debug(
          "Job {} '{}' attempt {} started (execution {}, trigger {})",
          job.id(),
          job.name(),
          e.attempt(),
          e.id(),
          e.trigger().json());
    }
    tell("onStarted", l -> l.onStarted(job, e));
  }

  void finished(Attempt a) {
    finished(a, null, false);
  }

  /**
   * Logs and reports a stored outcome. A final failure is logged at WARN with the handler's
   * throwable (or the stored error when there is none); a retry in one line at INFO, with the
   * throwable at DEBUG.
   *
   * @param failure what the handler threw, or null
   * @param released whether the outcome gave the job back unfinished ({@link
   *     JobListener#onReleased})
   */
  void finished(Attempt a, Throwable failure, boolean released) {
    Job job = a.job();
    Execution e = a.execution();
    switch (job.status()) {
      case COMPLETED -> {
        if (log.isDebugEnabled()) {
          log.debug("Job {} '{}' completed on attempt {}", job.id(), job.name(), e.attempt());
        }
        tell("onCompleted", l -> l.onCompleted(job, e));
      }
      case RETRYING, PENDING -> {
        log.info(
            "Job {} '{}' attempt {} {}: {}; next attempt at {}",
            job.id(),
            job.name(),
            e.attempt(),
            e.status().json().replace('_', ' '),
            firstLine(e.error()),
            Json.time(job.runAt()));
        if (failure != null && log.isDebugEnabled()) {
          log.debug("Job {} attempt {} threw", job.id(), e.attempt(), failure);
        }
        if (released) {
          tell("onReleased", l -> l.onReleased(job, e));
        } else {
          tell("onRetrying", l -> l.onRetrying(job, e));
        }
      }
      case FAILED -> {
        if (failure != null) {
          log.warn(
              "Job {} '{}' failed for good after {} attempt(s)",
              job.id(),
              job.name(),
              job.attempts(),
              failure);
        } else {
          log.warn(
              "Job {} '{}' failed for good after {} attempt(s): {}",
              job.id(),
              job.name(),
              job.attempts(),
              e.error());
        }
        tell("onFailed", l -> l.onFailed(job, e));
      }
      default -> log.debug("Job {} is {} after execution {}", job.id(), job.status(), e.id());
    }
  }

  private static String firstLine(String text) {
    if (text == null) {
      return null;
    }
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }

  private void tell(String event, Consumer<JobListener> call) {
    listeners.offer(event, call);
  }
}
