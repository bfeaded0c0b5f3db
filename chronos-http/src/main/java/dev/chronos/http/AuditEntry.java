package dev.chronos.http;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One write made through the API, as the audit log keeps it ({@code GET /v1/audit}): who (the key
 * and its account), what ({@code job.cancel}, {@code schedule.pause}, ...), on what, and when.
 *
 * @param id the entry's id
 * @param at when the action was done
 * @param account the account it acted in
 * @param keyId the key it was done with
 * @param keyName that key's name at the time
 * @param action what was done, such as {@code job.retry} or {@code jobs.bulk_cancel}
 * @param target what it was done to ({@code job:<id>}, {@code schedule:<id>}, {@code key:<id>}), or
 *     null for actions on a filter (bulk) or on the session
 * @param detail the request's fields and a bulk action's counts as JSON text, or null
 * @param via {@code bearer} or {@code session}: how the key was presented
 */
public record AuditEntry(
    UUID id,
    Instant at,
    String account,
    UUID keyId,
    String keyName,
    String action,
    String target,
    String detail,
    String via) {
  /** Checks the required fields. */
  public AuditEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(keyName, "keyName");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(via, "via");
  }
}
