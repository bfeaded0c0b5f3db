package dev.chronos.examples.boot;

import dev.chronos.JobContext;
import dev.chronos.spring.ChronosHandler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Sends welcome e-mails (here: logs them), one job per sign-up. */
@Component
public class WelcomeMailer {
  private static final Logger log = LoggerFactory.getLogger(WelcomeMailer.class);

  /** The job's payload, bound by Chronos's Jackson 2 mapper. */
  public record Welcome(String email, String plan) {}

  /**
   * Runs a {@code send-welcome} job.
   *
   * @param welcome the payload
   * @param ctx the attempt
   * @return the result stored on the job
   */
  @ChronosHandler("send-welcome")
  public Map<String, Object> send(Welcome welcome, JobContext ctx) {
    log.info("Welcome mail to {} ({} plan), job {}", welcome.email(), welcome.plan(), ctx.jobId());
    return Map.of("sent", true, "to", welcome.email());
  }
}
