package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.Chronos;
import dev.chronos.JobRequest;
import dev.chronos.OnConflict;
import dev.chronos.memory.InMemoryJobStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node on the memory store refuses a caller's connection with a clear error, and leaves the
 * connection (a real H2 one) as it was.
 */
class MemoryStoreTransactionalSubmitTest {
  @TempDir Path dir;

  @Test
  void the_memory_store_refuses_a_callers_transaction_naming_the_store() throws Exception {
    InMemoryJobStore store = new InMemoryJobStore();
    JobRequest request = JobRequest.builder().name("Charge").handler("charge").build();
    try (Chronos chronos = Chronos.builder().store(store).pushConcurrency(0).build();
        Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db"), "sa", "")) {
      c.setAutoCommit(false);
      assertThatThrownBy(() -> chronos.submit(c, request))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining(InMemoryJobStore.class.getName())
          .hasMessageContaining("TransactionalJobStore");
      assertThatThrownBy(() -> chronos.submit(c, request, OnConflict.RETURN_EXISTING))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThat(c.getAutoCommit()).isFalse();
      assertThat(c.isClosed()).isFalse();
      assertThat(chronos.jobs(dev.chronos.JobQuery.builder().build()).items()).isEmpty();
    }
  }
}
