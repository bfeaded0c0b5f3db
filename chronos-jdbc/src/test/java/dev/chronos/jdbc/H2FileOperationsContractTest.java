package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.OperationsContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The operations contract on an H2 database in files, a new folder per test. */
class H2FileOperationsContractTest extends OperationsContractTest {
  @TempDir Path dir;

  @Override
  protected JobStore createStore() {
    return JdbcJobStore.h2(dir);
  }
}
