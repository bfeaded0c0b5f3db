package dev.chronos.spring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.Chronos;
import dev.chronos.JobContext;
import dev.chronos.JobHandler;
import dev.chronos.JobRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The application the starter's {@code @SpringBootTest}s boot: handler beans and methods. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({
  TestApp.Greeter.class,
  TestApp.Arithmetic.class,
  TestApp.Chain.class,
  TestApp.TxWork.class
})
public class TestApp {
  /** What the handlers saw, in order. */
  public static final class Seen {
    final List<String> lines = new CopyOnWriteArrayList<>();
  }

  @Bean
  Seen seen() {
    return new Seen();
  }

  /** A payload type bound by Jackson 2 from the job's payload. */
  public record Numbers(int a, int b) {}

  /** A handler bean named by the annotation on its class. */
  @Component
  @ChronosHandler("greet")
  static class Greeter implements JobHandler {
    private final Seen seen;

    Greeter(Seen seen) {
      this.seen = seen;
    }

    @Override
    public Object handle(JobContext ctx) {
      String who = ctx.payload().path("name").asText();
      seen.lines.add("greet " + who);
      return Map.of("greeting", "hello " + who);
    }
  }

  /** Handler methods: payload bound to a record, the context, a raw tree, no result. */
  @Component
  static class Arithmetic {
    private final Seen seen;

    Arithmetic(Seen seen) {
      this.seen = seen;
    }

    @ChronosHandler("add")
    public Map<String, Object> add(Numbers numbers, JobContext ctx) {
      seen.lines.add("add attempt " + ctx.attempt());
      return Map.of("sum", numbers.a() + numbers.b());
    }

    @ChronosHandler("echo")
    JsonNode echo(JsonNode payload) {
      seen.lines.add("echo");
      return payload;
    }

    /** Used by the metrics scenario alone, so its meters count only that test's jobs. */
    @ChronosHandler("metered")
    String metered(JobContext ctx) {
      return "counted";
    }

    @ChronosHandler("fail")
    void fail() {
      seen.lines.add("fail");
      throw new IllegalStateException("failing on purpose");
    }
  }

  /** A transactional handler method: the call goes through the bean's transaction proxy. */
  @Component
  static class TxWork {
    @Transactional
    @ChronosHandler("in-transaction")
    public boolean inTransaction() {
      return TransactionSynchronizationManager.isActualTransactionActive();
    }
  }

  /** A handler that depends on the Chronos bean: it submits a follow-up job. */
  @Component
  static class Chain {
    private final Chronos chronos;

    Chain(Chronos chronos) {
      this.chronos = chronos;
    }

    @ChronosHandler("chain")
    String chain(JobContext ctx) {
      chronos.submit(
          JobRequest.builder()
              .name("follow-up")
              .handler("greet")
              .payload(Map.of("name", "from-" + ctx.jobId()))
              .build());
      return "submitted";
    }
  }
}
