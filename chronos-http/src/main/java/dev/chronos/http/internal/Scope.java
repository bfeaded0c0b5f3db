package dev.chronos.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts the key's account into bodies and queries: every request acts in its key's account, and
 * naming another one is a validation error (naming the key's own is allowed, so a body copied from
 * a job's JSON still works).
 */
final class Scope {
  private Scope() {}

  static ObjectNode body(ObjectNode body, String account) {
    JsonNode given = body.get("account");
    if (given != null && !(given.isTextual() && given.asText().equals(account))) {
      throw ApiError.invalid("account", "is set by the API key; leave it out");
    }
    body.put("account", account);
    return body;
  }

  static Map<String, String> query(Map<String, String> query, String account) {
    String given = query.get("account");
    if (given != null && !given.equals(account)) {
      throw ApiError.invalid("account", "is set by the API key; leave it out");
    }
    Map<String, String> scoped = new LinkedHashMap<>(query);
    scoped.put("account", account);
    return scoped;
  }
}
