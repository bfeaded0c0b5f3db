package dev.chronos.spring;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Submits in Spring transactions on an H2 file database (HikariCP by Spring Boot). */
@SpringBootTest(
    classes = TxApp.class,
    properties = {"chronos.worker-threads=4", "chronos.poll-interval=1s"})
class H2TransactionalSubmitTest extends TransactionalSubmitScenarios {
  @TempDir static Path dir;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("tx") + ";DB_CLOSE_DELAY=0");
    registry.add("spring.datasource.username", () -> "sa");
  }
}
