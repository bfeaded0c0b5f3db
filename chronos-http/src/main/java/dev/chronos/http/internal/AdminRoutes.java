package dev.chronos.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.http.ApiKey;
import dev.chronos.http.ApiKeys;
import dev.chronos.http.NewApiKey;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.UUID;

/** {@code /v1/admin/keys}: list, create and revoke API keys, with an admin key. */
public final class AdminRoutes {
  private final ApiKeys keys;

  /** Routes over the API's keys. */
  public AdminRoutes(ApiKeys keys) {
    this.keys = keys;
  }

  /** {@code GET /v1/admin/keys}: every key, never a secret. */
  public ApiResponse list(Call call) {
    call.noQuery();
    ArrayNode data = ApiJson.arrayNode();
    keys.list().forEach(k -> data.add(json(k)));
    return ApiResponse.json(200, ApiJson.bytes(ApiJson.ok("Keys", data)));
  }

  /**
   * {@code POST /v1/admin/keys}: {@code {account, name, read_only, admin, rate_limit}}; the only
   * answer that carries the secret.
   */
  public ApiResponse create(Call call) {
    call.noQuery();
    BodyFields f =
        new BodyFields(call.json(), Set.of("account", "name", "read_only", "admin", "rate_limit"));
    String account = f.text("account", true, 255);
    String name = f.text("name", true, 255);
    boolean readOnly = f.bool("read_only", false);
    boolean admin = f.bool("admin", false);
    int rateLimit = f.integer("rate_limit", 0, 0, 1_000_000);
    f.done();
    NewApiKey created = keys.create(account, name, readOnly, admin, rateLimit);
    ObjectNode data = json(created.key());
    data.put("secret", created.secret());
    return ApiResponse.json(
        201, ApiJson.bytes(ApiJson.ok("Key created; the secret is shown once", data)));
  }

  /** {@code POST /v1/admin/keys/{id}/revoke}. */
  public ApiResponse revoke(Call call) {
    call.noQuery();
    UUID id = call.uuid("id");
    call.noFields();
    if (!keys.revoke(id)) {
      throw new ApiError(404, "not_found", "No active key with this id");
    }
    ApiKey key = keys.list().stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
    return ApiResponse.json(200, ApiJson.bytes(ApiJson.ok("Key revoked", json(key))));
  }

  static ObjectNode json(ApiKey k) {
    ObjectNode o = ApiJson.objectNode();
    o.put("id", k.id().toString());
    o.put("account", k.account());
    o.put("name", k.name());
    o.put("read_only", k.readOnly());
    o.put("admin", k.admin());
    if (k.rateLimit() == 0) {
      o.putNull("rate_limit");
    } else {
      o.put("rate_limit", k.rateLimit());
    }
    o.put("created_at", DateTimeFormatter.ISO_INSTANT.format(k.createdAt()));
    o.put(
        "revoked_at",
        k.revokedAt() == null ? null : DateTimeFormatter.ISO_INSTANT.format(k.revokedAt()));
    return o;
  }
}
