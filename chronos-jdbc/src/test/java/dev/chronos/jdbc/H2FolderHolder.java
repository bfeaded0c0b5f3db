package dev.chronos.jdbc;

import java.nio.file.Path;

/**
 * The other JVM of {@link H2FolderInUseTest}: opens a store on an H2 folder, prints {@code ready},
 * and holds the folder open until its standard input ends. Argument: the folder.
 */
public final class H2FolderHolder {
  private H2FolderHolder() {}

  public static void main(String[] args) throws Exception {
    try (JdbcJobStore store = JdbcJobStore.h2(Path.of(args[0]))) {
      System.err.println("holding " + store.describe());
      System.out.println("ready");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the folder until the test closes our input
      }
    }
  }
}
