package dev.chronos.examples.boot;

import dev.chronos.JobContext;
import dev.chronos.spring.ChronosHandler;
import dev.chronos.spring.ChronosSchedule;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Sends welcome e-mails (here: logs them), one job per sign-up, and a weekly digest. */
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

  /**
   * Runs the weekly digest, declared as a schedule: every node that boots ensures it, the store
   * keeps one.
   *
   * @param ctx the attempt
   * @return the result stored on the job
   */
  @ChronosHandler("weekly-digest")
  @ChronosSchedule(key = "example-weekly-digest", cron = "0 9 * * MON", zone = "Europe/London")
  public Map<String, Object> digest(JobContext ctx) {
    log.info("Weekly digest for {}", ctx.scheduledFor());
    return Map.of("digest", "sent");
  }
}
