package dev.chronos.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Java program in a JVM of its own, on the tests' class path, with its output collected. */
final class Jvm implements AutoCloseable {
  final Process process;
  final List<String> lines = new CopyOnWriteArrayList<>();

  Jvm(Class<?> main, List<String> args) {
    this(command(List.of("-cp", System.getProperty("java.class.path"), main.getName()), args));
  }

  /** {@code java -jar jar args...}: a runnable jar, with nothing of the tests' class path. */
  static Jvm jar(Path jar, List<String> args) {
    return new Jvm(command(List.of("-jar", jar.toString()), args));
  }

  private static List<String> command(List<String> launch, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(launch);
    command.addAll(args);
    return command;
  }

  private Jvm(List<String> command) {
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    process.getOutputStream();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "jvm-output");
    reader.setDaemon(true);
    reader.start();
  }

  String output() {
    return String.join("\n", lines);
  }

  /** The first line containing a text, or null. */
  String line(String part) {
    return lines.stream().filter(l -> l.contains(part)).findFirst().orElse(null);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
