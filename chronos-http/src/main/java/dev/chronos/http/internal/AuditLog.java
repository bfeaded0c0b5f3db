package dev.chronos.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.http.ApiKey;
import dev.chronos.http.ApiKeyStore;
import dev.chronos.http.AuditEntry;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the writes made through the API in the key store's audit log. The pipeline records a
 * route's action after the route answered with success, so a refused request leaves no entry; the
 * target is the route's {@code {id}}, or the id of what it created. The detail is the request's
 * body (never a login's, which holds a secret) and, for answers that are counts rather than a
 * resource (bulk actions), the answer's data. A dry run is not recorded. Thread-safe.
 */
public final class AuditLog {
  private static final Logger log = LoggerFactory.getLogger("dev.chronos.http.audit");
  private static final int MAX_DETAIL = 4000;

  private final ApiKeyStore store;
  private final Clock clock;

  /** The time of the last entry; guarded by this. Entries of one server never share a time. */
  private java.time.Instant last = java.time.Instant.EPOCH;

  /** An audit log in a key store. */
  public AuditLog(ApiKeyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Records an action done by a call, after its route answered with a 2xx. */
  void record(String action, Call call, ApiResponse response) {
    String target = null;
    JsonNode data = null;
    if (response.body().length > 0) {
      data = ApiJson.parse(response.body()).get("data");
    }
    if (data != null && data.path("dry_run").asBoolean(false)) {
      return; // a preview changed nothing
    }
    String kind = action.substring(0, action.indexOf('.'));
    String id = call.path().get("id");
    if (id == null && data != null && data.hasNonNull("id")) {
      id = data.get("id").asText();
    }
    if (id != null && !kind.equals("jobs") && !kind.equals("session")) {
      target = kind + ":" + id;
    }
    ObjectNode detail = ApiJson.objectNode();
    if (call.body().length > 0 && !kind.equals("session")) {
      detail.set("request", ApiJson.parse(call.body()));
    }
    if (data != null && data.isObject() && !data.has("id")) {
      detail.set("result", data);
    }
    record(call.key(), call.origin().via(), action, target, detail.isEmpty() ? null : detail);
  }

  /** Now, to the microsecond the tables keep, and after the previous entry's time. */
  private synchronized java.time.Instant at() {
    java.time.Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    last = now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS);
    return last;
  }

  /** Records an action of a key. */
  void record(ApiKey key, String via, String action, String target, JsonNode detail) {
    String text =
        detail == null
            ? null
            : new String(ApiJson.bytes(detail), java.nio.charset.StandardCharsets.UTF_8);
    if (text != null && text.length() > MAX_DETAIL) {
      text = text.substring(0, MAX_DETAIL - 1) + "…";
    }
    AuditEntry entry =
        new AuditEntry(
            UUID.randomUUID(),
            at(),
            key.account(),
            key.id(),
            key.name(),
            action,
            target,
            text,
            via);
    log.info(
        "{} {} by key {} ({}) in {}",
        action,
        target == null ? "-" : target,
        key.id(),
        via,
        key.account());
    store.insertAudit(entry);
  }
}
