package dev.chronos.examples.boot;

import dev.chronos.Chronos;
import dev.chronos.DelayUnit;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import dev.chronos.OnConflict;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records sign-ups in the application's own table and submits each one's welcome job in the same
 * transaction: the job exists if and only if the sign-up row does. No Chronos code for the
 * transaction: the starter's {@link Chronos} bean writes in the caller's Spring transaction.
 */
@Service
public class Signups {
  private final JdbcTemplate jdbc;
  private final Chronos chronos;

  Signups(JdbcTemplate jdbc, Chronos chronos) {
    this.jdbc = jdbc;
    this.chronos = chronos;
    jdbc.execute(
        "CREATE TABLE IF NOT EXISTS example_signups"
            + " (email VARCHAR(320) PRIMARY KEY, plan VARCHAR(32) NOT NULL)");
  }

  /** A sign-up refused after its writes: its transaction, welcome job included, rolled back. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The welcome job written in the rolled-back transaction, which therefore does not exist. */
    private final transient Job rolledBack;

    Refused(String email, Job rolledBack) {
      super(
          "sign-up of " + email + " refused; its welcome job " + rolledBack.id() + " rolled back");
      this.rolledBack = rolledBack;
    }

    /**
     * The job written in the transaction that rolled back.
     *
     * @return the job, which the store does not have
     */
    public Job rolledBack() {
      return rolledBack;
    }
  }

  /**
   * Records a sign-up (once per address) and its welcome job.
   *
   * @param email the address
   * @param plan the plan
   * @param delaySeconds seconds before the welcome mail, 0 for at once
   * @param refuse refuse the sign-up after writing it, to show the rollback
   * @return the welcome job (the existing one for an address already signed up)
   * @throws Refused if {@code refuse}: nothing of it is stored
   */
  @Transactional
  public Job signUp(String email, String plan, long delaySeconds, boolean refuse) {
    jdbc.update(
        "INSERT INTO example_signups (email, plan) SELECT ?, ? WHERE NOT EXISTS"
            + " (SELECT 1 FROM example_signups WHERE email = ?)",
        email,
        plan,
        email);
    JobRequest.Builder request =
        JobRequest.builder()
            .name("Welcome " + email)
            .handler("send-welcome")
            .payload(Map.of("email", email, "plan", plan))
            .idempotencyKey("welcome-" + email);
    if (delaySeconds > 0) {
      request.delay(delaySeconds, DelayUnit.SECOND);
    }
    Job job = chronos.submit(request.build(), OnConflict.RETURN_EXISTING).job();
    if (refuse) {
      throw new Refused(email, job);
    }
    return job;
  }

  /**
   * Whether an address signed up.
   *
   * @param email the address
   * @return true if its row exists
   */
  public boolean exists(String email) {
    Integer n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM example_signups WHERE email = ?", Integer.class, email);
    return n != null && n > 0;
  }
}
