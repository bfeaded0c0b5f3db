package dev.chronos.benchmarks.systems;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An embedded H2 database in a fresh folder, in a file like Chronos's embedded default, deleted
 * when the run ends. Not thread-safe.
 */
final class H2Database {
  private final Path dir;

  H2Database(Path workDir) throws IOException {
    Files.createDirectories(workDir);
    this.dir = Files.createTempDirectory(workDir, "h2-");
  }

  Path dir() {
    return dir;
  }

  String url() {
    return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("bench") + ";LOCK_TIMEOUT=10000";
  }

  HikariDataSource pool(int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url());
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("bench-h2");
    return new HikariDataSource(config);
  }

  void delete() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
