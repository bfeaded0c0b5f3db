package dev.chronos.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs bash scripts (with the real curl binary) and returns what they print. */
final class Shell {
  record Result(int exit, String out, String err) {}

  private Shell() {}

  static Result bash(String script, long timeoutSeconds) {
    try {
      Process p = new ProcessBuilder(List.of("bash", "-c", script)).start();
      p.getOutputStream().close();
      var out = new java.io.ByteArrayOutputStream();
      var err = new java.io.ByteArrayOutputStream();
      Thread o = new Thread(() -> copy(p.getInputStream(), out));
      Thread e = new Thread(() -> copy(p.getErrorStream(), err));
      o.start();
      e.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("script did not end within " + timeoutSeconds + " s: " + script);
      }
      o.join();
      e.join();
      return new Result(
          p.exitValue(),
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void copy(java.io.InputStream in, java.io.OutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      // the process ended
    }
  }
}
