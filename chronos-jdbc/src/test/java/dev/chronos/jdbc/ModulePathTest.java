package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariDataSource;
import dev.chronos.Chronos;
import dev.chronos.memory.InMemoryJobStore;
import io.leangen.geantyref.GenericTypeReflector;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The published jars as an application sees them: a small application (in {@code
 * src/test/resources/modules/app}) is compiled against them and run in a fresh JVM, once on the
 * module path and once on the class path, and a module that reaches for {@code
 * dev.chronos.internal} does not compile. The build's own tests run on the class path, so this is
 * where the module descriptors meet the module system.
 */
class ModulePathTest {
  /** What chronos-core needs at run time, by a class of each. */
  private static final List<Class<?>> CORE =
      List.of(
          Chronos.class,
          ObjectMapper.class,
          JsonFactory.class,
          JsonAutoDetect.class,
          JavaTimeModule.class,
          LoggerFactory.class,
          CronParser.class);

  /** What the two stores add to it, H2 included. */
  private static final List<Class<?>> CORE_AND_STORES =
      List.of(
          Chronos.class,
          ObjectMapper.class,
          JsonFactory.class,
          JsonAutoDetect.class,
          JavaTimeModule.class,
          LoggerFactory.class,
          CronParser.class,
          InMemoryJobStore.class,
          JdbcJobStore.class,
          Jdbi.class,
          GenericTypeReflector.class,
          HikariDataSource.class,
          org.h2.Driver.class);

  @TempDir Path dir;

  @Test
  void a_module_that_requires_chronos_core_cannot_use_dev_chronos_internal() {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();

    boolean compiled =
        compile(
            sources("intruder"),
            diagnostics,
            "--module-path",
            path(CORE),
            "-d",
            dir.resolve("intruder").toString());

    assertThat(compiled).isFalse();
    assertThat(diagnostics.getDiagnostics())
        .extracting(d -> d.getMessage(null))
        .anySatisfy(
            message ->
                assertThat(message)
                    .contains("dev.chronos.internal")
                    .contains("chronos.core, which does not export it"));
  }

  @Test
  void an_application_on_the_module_path_runs_a_job_on_each_store() {
    String modulePath = path(CORE_AND_STORES);
    Path classes = dir.resolve("app");
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    assertThat(
            compile(
                sources("app"), diagnostics, "--module-path", modulePath, "-d", classes.toString()))
        .as("compiles: %s", diagnostics.getDiagnostics())
        .isTrue();

    String output =
        run(
            "--module-path",
            modulePath + File.pathSeparator + classes,
            "--module",
            "example.app/example.app.Main",
            dir.resolve("h2").toString());

    assertThat(output)
        .contains("memory: completed {\"greeted\":\"Ada\"}")
        .contains("h2: completed {\"greeted\":\"Ada\"}");
  }

  @Test
  void an_application_on_the_class_path_runs_a_job_on_each_store() {
    String classPath = path(CORE_AND_STORES);
    Path classes = dir.resolve("app");
    List<Path> withoutDescriptor =
        sources("app").stream().filter(p -> !p.endsWith("module-info.java")).toList();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    assertThat(
            compile(
                withoutDescriptor, diagnostics, "-classpath", classPath, "-d", classes.toString()))
        .as("compiles: %s", diagnostics.getDiagnostics())
        .isTrue();

    String output =
        run(
            "-classpath",
            classPath + File.pathSeparator + classes,
            "example.app.Main",
            dir.resolve("h2").toString());

    assertThat(output)
        .contains("memory: completed {\"greeted\":\"Ada\"}")
        .contains("h2: completed {\"greeted\":\"Ada\"}");
  }

  /**
   * Compiles in this JVM. Without a class path of its own, javac would use this test's, where
   * chronos-core's classes sit in the unnamed module: the options always give one, empty if need
   * be.
   */
  private boolean compile(
      List<Path> sources, DiagnosticCollector<JavaFileObject> diagnostics, String... options) {
    List<String> arguments = new ArrayList<>(List.of(options));
    if (!arguments.contains("-classpath")) {
      arguments.addAll(List.of("-classpath", emptyFolder().toString()));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      return javac
          .getTask(
              null, files, diagnostics, arguments, null, files.getJavaFileObjectsFromPaths(sources))
          .call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path emptyFolder() {
    try {
      return Files.createDirectories(dir.resolve("empty"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a fresh JVM with these arguments and returns what it printed; fails unless it exits 0. */
  private String run(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(arguments));
    try {
      Path log = dir.resolve("app.log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the application did not end within 120 s: " + command);
      }
      String output = Files.readString(log);
      assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The Java files of one of the test applications under {@code src/test/resources/modules}. */
  private static List<Path> sources(String name) {
    try (Stream<Path> files =
        Files.walk(Path.of(ModulePathTest.class.getResource("/modules/" + name).toURI()))) {
      return files.filter(p -> p.toString().endsWith(".java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The jars or class folders holding these classes, as a path. */
  private static String path(List<Class<?>> classes) {
    return classes.stream()
        .map(ModulePathTest::location)
        .distinct()
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
