package dev.chronos.examples.boot;

import dev.chronos.Chronos;
import dev.chronos.DelayUnit;
import dev.chronos.Job;
import dev.chronos.JobRequest;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Submits a welcome job per sign-up. Jobs are written as Chronos's own JSON ({@code Job.toJson()},
 * Jackson 2) into a string body, so Spring's Jackson 3 never serializes a Chronos type.
 */
@RestController
public class SignupController {
  private final Chronos chronos;

  SignupController(Chronos chronos) {
    this.chronos = chronos;
  }

  /**
   * Signs a user up: a welcome job, at once or after {@code delaySeconds}, once per e-mail address.
   *
   * @param email the address
   * @param plan the plan
   * @param delaySeconds seconds to wait before the mail, 0 for at once
   * @return the job
   */
  @PostMapping("/signups")
  public ResponseEntity<String> signup(
      @RequestParam("email") String email,
      @RequestParam(name = "plan", defaultValue = "free") String plan,
      @RequestParam(name = "delaySeconds", defaultValue = "0") long delaySeconds) {
    JobRequest.Builder request =
        JobRequest.builder()
            .name("Welcome " + email)
            .handler("send-welcome")
            .payload(Map.of("email", email, "plan", plan))
            .idempotencyKey("welcome-" + email);
    if (delaySeconds > 0) {
      request.delay(delaySeconds, DelayUnit.SECOND);
    }
    Job job = chronos.submit(request.build());
    return json(job);
  }

  /**
   * Looks a job up.
   *
   * @param id the job id
   * @return the job, or 404
   */
  @GetMapping("/jobs/{id}")
  public ResponseEntity<String> job(@PathVariable("id") UUID id) {
    return chronos.job(id).map(SignupController::json).orElse(ResponseEntity.notFound().build());
  }

  private static ResponseEntity<String> json(Job job) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(job.toJson().toString());
  }
}
