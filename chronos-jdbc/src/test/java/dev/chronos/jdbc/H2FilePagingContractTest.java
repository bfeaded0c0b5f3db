package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.PagingContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The paging contract on an H2 database in files, a new folder per test. */
class H2FilePagingContractTest extends PagingContractTest {
  @TempDir Path dir;

  @Override
  protected JobStore createStore() {
    return JdbcJobStore.h2(dir);
  }
}
