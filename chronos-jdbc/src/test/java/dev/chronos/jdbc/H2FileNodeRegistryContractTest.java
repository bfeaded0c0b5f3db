package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.NodeRegistryContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The node registry contract on an H2 database in files, a new folder per test. */
class H2FileNodeRegistryContractTest extends NodeRegistryContractTest {
  @TempDir Path dir;

  @Override
  protected JobStore createStore() {
    return JdbcJobStore.h2(dir);
  }
}
