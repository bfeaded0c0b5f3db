package dev.chronos.jdbc.internal;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a PostgreSQL channel on one dedicated connection and runs the subscribers' callbacks
 * for each burst of notifications. Reconnects with backoff when the connection drops (a database
 * outage): subscribers are also woken after a reconnect, since notifications sent meanwhile were
 * lost. One thread, {@code chronos-pg-listener}, started with the first subscriber.
 */
public final class PgNotifications implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.chronos.jdbc");

  private final DataSource dataSource;
  private final String channel;
  private final CopyOnWriteArrayList<Runnable> subscribers = new CopyOnWriteArrayList<>();
  private volatile boolean closed;
  private Thread thread;

  /** A listener for the channel; nothing happens until the first subscriber. */
  public PgNotifications(DataSource dataSource, String channel) {
    this.dataSource = dataSource;
    this.channel = channel;
  }

  /** Adds a callback; closing the result removes it. */
  public synchronized AutoCloseable subscribe(Runnable callback) {
    subscribers.add(callback);
    if (thread == null && !closed) {
      thread = new Thread(this::run, "chronos-pg-listener");
      thread.setDaemon(true);
      thread.start();
    }
    return () -> subscribers.remove(callback);
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
        if (warned) {
          log.info("Listening on PostgreSQL channel {} again", channel);
          warned = false;
        }
        backoff = Duration.ofMillis(100);
        wake(); // anything sent while we were not listening
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] received = pg.getNotifications(500);
          if (received != null && received.length > 0) {
            wake();
          }
        }
      } catch (Exception e) {
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

  private void wake() {
    for (Runnable r : subscribers) {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.warn("Notification subscriber failed", e);
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
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
