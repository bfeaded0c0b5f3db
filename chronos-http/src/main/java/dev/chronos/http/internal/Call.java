package dev.chronos.http.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.ValidationException.FieldError;
import dev.chronos.http.ApiKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A request after the API's checks: the key it was made with (null on public routes), its path and
 * query parameters (decoded), its body (checked for type and size, not yet parsed), and where it
 * came from.
 *
 * @param key the caller's key, or null
 * @param path the path parameters
 * @param query the query parameters, each given once
 * @param body the body bytes, empty when there was none
 * @param origin how the key was presented and how the request arrived
 */
public record Call(
    ApiKey key, Map<String, String> path, Map<String, String> query, byte[] body, Origin origin) {

  /**
   * How a request arrived.
   *
   * @param session the session it was made with, or null for a Bearer key (or none)
   * @param secure whether it came over TLS
   * @param mount the API's mount path ({@code ""} at the root, {@code /chronos} below a path)
   * @param client the limiter's key for the client's address, or null (loopback)
   */
  public record Origin(
      dev.chronos.http.ApiSession session, boolean secure, String mount, String client) {
    /** {@code session} or {@code bearer}, as the audit log says. */
    public String via() {
      return session == null ? "bearer" : "session";
    }
  }

  /** The account the request acts in. */
  public String account() {
    return key.account();
  }

  /** A path parameter that must be a UUID; anything else is a 422 naming it. */
  public UUID uuid(String name) {
    try {
      String value = path.get(name);
      UUID id = UUID.fromString(value);
      if (!id.toString().equals(value.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException(value);
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(name, "must be a UUID");
    }
  }

  /** The body as a JSON object; an empty body is a 400. */
  public ObjectNode json() {
    return ApiJson.object(body);
  }

  /** The body as a JSON object, or an empty object when there is no body. */
  public ObjectNode jsonOrEmpty() {
    return body.length == 0 ? ApiJson.objectNode() : ApiJson.object(body);
  }

  /** Accepts no body, or an empty JSON object. */
  public void noFields() {
    new BodyFields(jsonOrEmpty(), java.util.Set.of()).done();
  }

  /** Refuses query parameters on a route that takes none. */
  public void noQuery() {
    if (!query.isEmpty()) {
      List<FieldError> errors = new ArrayList<>();
      query.keySet().forEach(k -> errors.add(new FieldError(k, "is not a known query parameter")));
      throw new ApiError(422, "validation_error", "Validation failed", errors, null);
    }
  }
}
