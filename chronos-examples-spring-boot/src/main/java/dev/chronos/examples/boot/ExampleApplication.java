package dev.chronos.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application on the Chronos starter: a handler method ({@link WelcomeMailer}), a
 * controller that submits jobs ({@link SignupController}), a listener bean ({@link CompletionLog}),
 * health and metrics under {@code /actuator}, jobs kept in the application's DataSource (an H2 file
 * by default). Build and run it as an executable jar:
 *
 * <pre>
 * ./mvnw -q -pl chronos-examples-spring-boot -am package -DskipTests
 * java -jar chronos-examples-spring-boot/target/chronos-examples-spring-boot-0.1.0-SNAPSHOT.jar --demo
 * </pre>
 *
 * <p>With {@code --demo} it posts three sign-ups to its own controller, waits for their jobs,
 * prints their results, the metrics and the health, and exits (0 when every job completed);
 * without, it keeps serving on port 8080.
 */
@SpringBootApplication
public class ExampleApplication {
  /**
   * Starts the application.
   *
   * @param args Spring Boot arguments, and {@code --demo}
   */
  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }
}
