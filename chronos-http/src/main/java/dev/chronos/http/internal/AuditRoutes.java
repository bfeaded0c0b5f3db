package dev.chronos.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.JobQuery;
import dev.chronos.Page;
import dev.chronos.ValidationException;
import dev.chronos.ValidationException.FieldError;
import dev.chronos.http.ApiKeyStore;
import dev.chronos.http.AuditEntry;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/audit}: the account's audit log, newest first, paged. */
public final class AuditRoutes {
  private final ApiKeyStore store;

  /** Routes over the key store's audit log. */
  public AuditRoutes(ApiKeyStore store) {
    this.store = store;
  }

  /** {@code GET /v1/audit?page=&size=}: size 1–100, default 20. */
  public ApiResponse list(Call call) {
    List<FieldError> errors = new ArrayList<>();
    int page = 1;
    int size = JobQuery.DEFAULT_SIZE;
    for (Map.Entry<String, String> p : call.query().entrySet()) {
      switch (p.getKey()) {
        case "page" -> page = number(p.getValue(), "page", 1, Integer.MAX_VALUE, errors);
        case "size" -> size = number(p.getValue(), "size", 1, JobQuery.MAX_SIZE, errors);
        default -> errors.add(new FieldError(p.getKey(), "is not a known query parameter"));
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    Page<AuditEntry> entries = store.audit(call.account(), page, size);
    return ApiResponse.json(
        200, ApiJson.bytes(ApiJson.page("Audit log", entries, AuditRoutes::json)));
  }

  private static int number(String value, String field, int min, int max, List<FieldError> errors) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(
        new FieldError(
            field,
            max == Integer.MAX_VALUE
                ? "must be an integer, " + min + " or more"
                : "must be an integer between " + min + " and " + max));
    return min;
  }

  static ObjectNode json(AuditEntry e) {
    ObjectNode o = ApiJson.objectNode();
    o.put("id", e.id().toString());
    o.put("at", DateTimeFormatter.ISO_INSTANT.format(e.at()));
    o.put("account", e.account());
    o.put("key_id", e.keyId().toString());
    o.put("key_name", e.keyName());
    o.put("action", e.action());
    o.put("target", e.target());
    JsonNode detail = e.detail() == null ? null : detail(e.detail());
    o.set("detail", detail);
    o.put("via", e.via());
    return o;
  }

  private static JsonNode detail(String text) {
    try {
      return ApiJson.MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      return ApiJson.MAPPER.getNodeFactory().textNode(text); // cut at the length limit
    }
  }
}
