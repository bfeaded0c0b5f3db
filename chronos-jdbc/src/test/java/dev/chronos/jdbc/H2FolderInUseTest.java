package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.StoreUnavailableException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An H2 folder another process has open is refused at once, saying so. */
class H2FolderInUseTest {

  @Test
  void a_folder_open_in_another_process_fails_at_once_saying_so_and_what_to_do(@TempDir Path dir)
      throws Exception {
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                H2FolderHolder.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.equals("ready")) {
        // the child's log lines before it holds the folder
      }
      assertThat(line).as("the other process opened the folder").isEqualTo("ready");

      // Load H2's and the store's classes first, as any earlier open in this JVM would: the
      // measure is of the refusal, not of a cold JVM's class loading.
      JdbcJobStore.h2(dir.resolve("warm-up")).close();

      long start = System.nanoTime();
      assertThatThrownBy(() -> JdbcJobStore.h2(dir))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("is open in another process")
          .hasMessageContaining("one process at a time")
          .hasMessageContaining("PostgreSQL")
          .hasMessageContaining("server mode");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.out.println("H2 folder in use: refused after " + took.toMillis() + " ms");
      // Tens of milliseconds on a quiet machine (printed above); the bound only has to tell the
      // refusal from the 30 s pool timeout it replaces, also on a loaded CI machine.
      assertThat(took).isLessThan(Duration.ofSeconds(5));
    } finally {
      holder.getOutputStream().close();
      if (!holder.waitFor(30, TimeUnit.SECONDS)) {
        holder.destroyForcibly();
      }
    }

    try (JdbcJobStore store = JdbcJobStore.h2(dir)) {
      assertThat(store.find(UUID.randomUUID())).as("the folder is usable once freed").isEmpty();
    }
  }
}
