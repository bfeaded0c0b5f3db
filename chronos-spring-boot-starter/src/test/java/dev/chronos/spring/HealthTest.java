package dev.chronos.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The health indicator tells the truth about the store: an H2 server on loopback that the test
 * stops makes it DOWN (with the store's error in the details); a stopped node is OUT_OF_SERVICE.
 */
class HealthTest {
  @TempDir Path dir;

  @Test
  void an_unreachable_store_is_down_and_a_stopped_node_out_of_service() throws Exception {
    Server server =
        Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString()).start();
    int port = server.getPort();
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(TestApp.class)
            .web(WebApplicationType.NONE)
            .properties(
                "spring.datasource.url=jdbc:h2:tcp://127.0.0.1:" + port + "/health",
                "spring.datasource.username=sa",
                "spring.datasource.hikari.connection-timeout=1000",
                "chronos.shutdown-timeout=2s")
            .run();
    try {
      ChronosHealthIndicator indicator = context.getBean(ChronosHealthIndicator.class);
      assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
      // Registered with Spring Boot's health under the name "chronos".
      assertThat(context.getBean(HealthContributorRegistry.class).getContributor("chronos"))
          .isSameAs(indicator);

      server.stop();
      Health down = indicator.health();
      assertThat(down.getStatus()).isEqualTo(Status.DOWN);
      assertThat(down.getDetails()).containsEntry("store", "unreachable").containsKey("error");

      context.getBean(ChronosLifecycle.class).stop();
      assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    } finally {
      context.close();
      server.stop();
    }
  }
}
