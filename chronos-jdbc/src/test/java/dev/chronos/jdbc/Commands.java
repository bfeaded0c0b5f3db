package dev.chronos.jdbc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the chaos suite's server tools ({@code pg_ctlcluster}, {@code mariadb-install-db}). */
final class Commands {
  private Commands() {}

  /** A command's exit code and its output (standard output and error). */
  record Result(int exitCode, String output) {}

  /**
   * Runs a command to its end (at most 2 minutes) with its output in a file, not a pipe: {@code
   * pg_ctlcluster start} leaves the server running, and a server holding our pipe open would make
   * reading it hang.
   */
  static Result run(List<String> command) {
    Path output = null;
    try {
      output = Files.createTempFile("chronos-chaos", ".log");
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out: " + Files.readString(output));
      }
      return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, e.toString());
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }
}
