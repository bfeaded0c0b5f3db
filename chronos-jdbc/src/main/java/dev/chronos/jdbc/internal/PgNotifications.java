package dev.chronos.jdbc.internal;

import dev.chronos.spi.DueSignal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a PostgreSQL channel on one dedicated connection and runs the subscribers' callbacks
 * for each burst of notifications: a subscriber with a filter only when one of the burst's payloads
 * is for it ({@link Notifications}), or says nothing it can read. Reconnects with backoff when the
 * connection drops (a database outage): subscribers are also woken after a reconnect, since
 * notifications sent meanwhile were lost. One thread, {@code chronos-pg-listener}, started with the
 * first subscriber.
 */
public final class PgNotifications implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.chronos.jdbc");

  private final DataSource dataSource;
  private final String channel;
  private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /** Whether the listener connection is open and LISTENing (so notifications arrive). */
  private volatile boolean listening;

  private Thread thread;

  /** A listener for the channel; nothing happens until the first subscriber. */
  public PgNotifications(DataSource dataSource, String channel) {
    this.dataSource = dataSource;
    this.channel = channel;
  }

  /** A callback, and which signals it wants (all when the filter is null). */
  private record Subscriber(Predicate<DueSignal> wanted, Runnable callback) {
    /**
     * Runs the callback for a burst of payloads: once if the filter accepts any of its signals
     * (every signal is shown to the filter, so that it sees the earliest due time of each kind),
     * and once more, after that, if any payload does not say what became due (or the filter threw
     * on it). So a callback that follows no accepted signal always means "look at everything".
     */
    void wake(List<String> payloads) {
      if (wanted == null) {
        callback.run();
        return;
      }
      boolean accepted = false;
      boolean unsaid = false;
      for (String payload : payloads) {
        Optional<DueSignal> signal = Notifications.parse(payload);
        if (signal.isEmpty()) {
          unsaid = true;
          continue;
        }
        try {
          accepted |= wanted.test(signal.get());
        } catch (RuntimeException e) {
          unsaid = true;
        }
      }
      if (accepted) {
        callback.run();
      }
      if (unsaid) {
        callback.run();
      }
    }
  }

  /** Adds a callback for every notification; closing the result removes it. */
  public AutoCloseable subscribe(Runnable callback) {
    return subscribe(null, callback);
  }

  /**
   * Whether notifications arrive now: the listener connection is open and has run LISTEN. False
   * before the first subscriber, while reconnecting and after close; a reconnect wakes every
   * subscriber with a signal that names nothing, so they read everything once.
   */
  public boolean listening() {
    return listening;
  }

  /**
   * Adds a callback for the notifications {@code wanted} accepts (and those that do not say what
   * became due); closing the result removes it.
   */
  public synchronized AutoCloseable subscribe(Predicate<DueSignal> wanted, Runnable callback) {
    Subscriber subscriber = new Subscriber(wanted, callback);
    subscribers.add(subscriber);
    if (thread == null && !closed) {
      thread = new Thread(this::run, "chronos-pg-listener");
      thread.setDaemon(true);
      thread.start();
    }
    return () -> subscribers.remove(subscriber);
  }

  private void run() {
    Duration backoff = Duration.ofMillis(100);
    boolean warned = false;
    while (!closed) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
          st.execute("LISTEN " + channel);
        }
        listening = true;
        if (warned) {
          log.info("Listening on PostgreSQL channel {} again", channel);
          warned = false;
        }
        backoff = Duration.ofMillis(100);
        wake(null); // anything sent while we were not listening
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] received = pg.getNotifications(500);
          if (received != null && received.length > 0) {
            List<String> payloads = new ArrayList<>(received.length);
            for (PGNotification n : received) {
              payloads.add(n.getParameter());
            }
            wake(payloads);
          }
        }
      } catch (Exception e) {
        listening = false;
        if (closed) {
          return;
        }
        if (!warned) {
          log.warn("Lost the PostgreSQL notification connection; reconnecting: {}", e.toString());
          warned = true;
        }
        try {
          TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
        } catch (InterruptedException interrupted) {
          return;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                ? Duration.ofSeconds(5)
                : backoff.multipliedBy(2);
      }
    }
  }

  /** Runs the callbacks of the subscribers the payloads are for (all of them for null). */
  private void wake(List<String> payloads) {
    for (Subscriber s : subscribers) {
      try {
        if (payloads == null) {
          s.callback().run();
        } else {
          s.wake(payloads);
        }
      } catch (RuntimeException e) {
        log.warn("Notification subscriber failed", e);
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    listening = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
