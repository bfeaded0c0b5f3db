package dev.chronos.jdbc;

import dev.chronos.spi.JobStore;
import dev.chronos.testing.AccountClaimsContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The account-scoped claims contract on an H2 database in files, a new folder per test. */
class H2FileAccountClaimsContractTest extends AccountClaimsContractTest {
  @TempDir Path dir;

  @Override
  protected JobStore createStore() {
    return JdbcJobStore.h2(dir);
  }
}
