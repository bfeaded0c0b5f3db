package dev.chronos.spring;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Submits in Spring transactions on the machine's PostgreSQL, a table prefix of its own. */
@SpringBootTest(
    classes = TxApp.class,
    properties = {"chronos.worker-threads=4", "chronos.poll-interval=1s"})
class PostgresTransactionalSubmitTest extends TransactionalSubmitScenarios {
  static final String PREFIX = Postgres.uniquePrefix();

  @BeforeAll
  static void require() {
    Postgres.require();
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> Postgres.URL);
    registry.add("spring.datasource.username", () -> Postgres.USER);
    registry.add("spring.datasource.password", () -> Postgres.PASSWORD);
    registry.add("chronos.store.table-prefix", () -> PREFIX);
  }

  @AfterAll
  static void drop() {
    Postgres.dropTables(PREFIX);
  }
}
