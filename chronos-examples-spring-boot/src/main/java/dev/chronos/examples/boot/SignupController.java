package dev.chronos.examples.boot;

import dev.chronos.Chronos;
import dev.chronos.Job;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signs users up through {@link Signups}, which writes the sign-up and its welcome job in one
 * transaction. Jobs are written as Chronos's own JSON ({@code Job.toJson()}, Jackson 2) into a
 * string body, so Spring's Jackson 3 never serializes a Chronos type.
 */
@RestController
public class SignupController {
  private final Chronos chronos;
  private final Signups signups;

  SignupController(Chronos chronos, Signups signups) {
    this.chronos = chronos;
    this.signups = signups;
  }

  /**
   * Signs a user up: the sign-up row and a welcome job, at once or after {@code delaySeconds}, once
   * per e-mail address, in one transaction. With {@code refuse=true} the transaction rolls back
   * after both writes: 422, and neither exists.
   *
   * @param email the address
   * @param plan the plan
   * @param delaySeconds seconds to wait before the mail, 0 for at once
   * @param refuse roll the sign-up back after writing it
   * @return the job, or 422 naming the rolled-back job
   */
  @PostMapping("/signups")
  public ResponseEntity<String> signup(
      @RequestParam("email") String email,
      @RequestParam(name = "plan", defaultValue = "free") String plan,
      @RequestParam(name = "delaySeconds", defaultValue = "0") long delaySeconds,
      @RequestParam(name = "refuse", defaultValue = "false") boolean refuse) {
    try {
      return json(signups.signUp(email, plan, delaySeconds, refuse));
    } catch (Signups.Refused e) {
      return ResponseEntity.status(422)
          .contentType(MediaType.APPLICATION_JSON)
          .body("{\"refused\":\"" + e.rolledBack().id() + "\"}");
    }
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
