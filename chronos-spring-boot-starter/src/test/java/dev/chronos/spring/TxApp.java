package dev.chronos.spring;

import dev.chronos.Chronos;
import dev.chronos.JobRequest;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The application of the transactional-submit tests: an order service writing a business row and
 * submitting its charge in one {@code @Transactional} method, as an application would.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({TxApp.Charges.class, TxApp.Orders.class, TxApp.Separately.class})
public class TxApp {
  /** The charge job's payload. */
  public record Order(String orderId) {}

  /** The charge handler; records when each order's charge started (System.nanoTime). */
  @Component
  public static class Charges {
    final Map<String, Long> started = new ConcurrentHashMap<>();
    final Map<String, Long> committing = new ConcurrentHashMap<>();
    final Map<String, Long> committed = new ConcurrentHashMap<>();
    final Map<String, UUID> submitted = new ConcurrentHashMap<>();

    @ChronosHandler("charge")
    void charge(Order order) {
      started.putIfAbsent(order.orderId(), System.nanoTime());
    }

    static JobRequest request(String orderId) {
      return JobRequest.builder()
          .name("Charge " + orderId)
          .handler("charge")
          .payload(Map.of("orderId", orderId))
          .idempotencyKey("charge-" + orderId)
          .build();
    }
  }

  /** Business writes and their charges in one transaction each. */
  @Component
  public static class Orders {
    private final JdbcTemplate jdbc;
    private final Chronos chronos;
    private final Charges charges;
    private final Separately separately;
    private final String table;

    Orders(
        JdbcTemplate jdbc,
        Chronos chronos,
        Charges charges,
        Separately separately,
        @Value("${chronos.store.table-prefix:chronos_}") String prefix) {
      this.jdbc = jdbc;
      this.chronos = chronos;
      this.charges = charges;
      this.separately = separately;
      this.table = prefix + "orders";
      jdbc.execute("CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(64) PRIMARY KEY)");
    }

    int count(String orderId) {
      return jdbc.queryForObject(
          "SELECT COUNT(*) FROM " + table + " WHERE id = ?", Integer.class, orderId);
    }

    /**
     * Inserts the order, submits its charge, then runs {@code rest} in the transaction (which may
     * throw to roll it all back); records the moments just before and after the commit.
     */
    @Transactional
    public void place(String orderId, Runnable rest) {
      jdbc.update("INSERT INTO " + table + " (id) VALUES (?)", orderId);
      charges.submitted.put(orderId, chronos.submit(Charges.request(orderId)).id());
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
              charges.committing.put(orderId, System.nanoTime());
            }

            @Override
            public void afterCommit() {
              charges.committed.put(orderId, System.nanoTime());
            }
          });
      rest.run();
    }

    /** Inserts the order and has its charge submitted in a transaction of its own. */
    @Transactional
    public void placeChargingSeparately(String orderId, boolean fail) {
      jdbc.update("INSERT INTO " + table + " (id) VALUES (?)", orderId);
      separately.chargeInNewTransaction(orderId);
      if (fail) {
        throw new IllegalStateException("order " + orderId + " refused");
      }
    }

    /** Inserts the order, then submits whatever is asked in the same transaction. */
    @Transactional
    public void placeThen(String orderId, Runnable inTransaction) {
      jdbc.update("INSERT INTO " + table + " (id) VALUES (?)", orderId);
      inTransaction.run();
    }

    /** Inserts the orders and submits their charges with one submitAll, then maybe throws. */
    @Transactional
    public void placeAll(java.util.List<String> orderIds, boolean fail) {
      for (String id : orderIds) {
        jdbc.update("INSERT INTO " + table + " (id) VALUES (?)", id);
      }
      chronos.submitAll(orderIds.stream().map(Charges::request).toList());
      if (fail) {
        throw new IllegalStateException("batch refused");
      }
    }

    /** Submits in a read-only transaction. */
    @Transactional(readOnly = true)
    public void chargeReadOnly(String orderId) {
      chronos.submit(Charges.request(orderId));
    }
  }

  /** Submits under propagations other than the caller's transaction. */
  @Component
  public static class Separately {
    private final Chronos chronos;

    Separately(Chronos chronos) {
      this.chronos = chronos;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public UUID chargeInNewTransaction(String orderId) {
      return chronos.submit(Charges.request(orderId)).id();
    }

    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public UUID chargeWithoutTransaction(String orderId) {
      return chronos.submit(Charges.request(orderId)).id();
    }
  }
}
