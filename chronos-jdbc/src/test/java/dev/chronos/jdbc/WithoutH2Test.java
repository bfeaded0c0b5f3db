package dev.chronos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 is an optional dependency: an application without it that asks for the embedded store is told
 * to add it. Each test loads chronos-jdbc afresh in a class loader over this test's class path,
 * with or without the H2 jar (the first test fails, as it should, if the check that names H2 is
 * removed).
 */
class WithoutH2Test {
  @TempDir Path dir;

  @Test
  void asking_for_the_h2_store_without_h2_on_the_class_path_says_which_dependency_to_add()
      throws Exception {
    try (URLClassLoader loader = classPath(false)) {
      Method h2 = loader.loadClass(JdbcJobStore.class.getName()).getMethod("h2", Path.class);

      assertThatThrownBy(() -> invoke(h2, dir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("needs the H2 database on the class path")
          .hasMessageContaining("com.h2database:h2");
      assertThat(loader.loadClass(JdbcJobStore.class.getName()).getClassLoader()).isSameAs(loader);
    }
  }

  @Test
  void the_same_class_path_with_h2_accepts_an_h2_url() throws Throwable {
    try (URLClassLoader loader = classPath(true)) {
      Class<?> store = loader.loadClass(JdbcJobStore.class.getName());
      Object builder = invoke(store.getMethod("builder"));

      Object same =
          builder
              .getClass()
              .getMethod("jdbcUrl", String.class, String.class, String.class)
              .invoke(builder, "jdbc:h2:mem:without-h2-test", "sa", "");

      assertThat(same).isSameAs(builder);
    }
  }

  /** This test's class path, H2's jar left out unless asked for, over the JDK's own classes. */
  private static URLClassLoader classPath(boolean withH2) throws Exception {
    String h2Jar =
        Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    // Surefire may run tests from a manifest-only jar; this property holds the real class path.
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    URL[] urls =
        Arrays.stream(classPath.split(File.pathSeparator))
            .filter(entry -> withH2 || !Path.of(entry).toString().equals(h2Jar))
            .map(WithoutH2Test::url)
            .toArray(URL[]::new);
    assertThat(urls.length).isGreaterThan(1);
    URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    assertThat(loader.getResource("org/h2/Driver.class") != null).isEqualTo(withH2);
    return loader;
  }

  private static URL url(String entry) {
    try {
      return Path.of(entry).toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(entry, e);
    }
  }

  /** Calls a static method, rethrowing what it threw. */
  private static Object invoke(Method method, Object... arguments) throws Throwable {
    try {
      return method.invoke(null, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
