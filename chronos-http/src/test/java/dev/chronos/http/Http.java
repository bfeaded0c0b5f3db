package dev.chronos.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A small HTTP client for the tests: real requests to a server on loopback. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A response: status, headers, raw body and the body as JSON when it parses. */
  record Reply(int status, HttpResponse<byte[]> raw) {
    String text() {
      return new String(raw.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + text(), e);
      }
    }

    String code() {
      return json().path("code").asText(null);
    }

    JsonNode data() {
      return json().get("data");
    }

    Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String key;
  private final java.util.Map<String, String> headers;

  Http(URI base, String key) {
    this(base, key, java.util.Map.of());
  }

  private Http(URI base, String key, java.util.Map<String, String> headers) {
    this.base = base;
    this.key = key;
    this.headers = headers;
  }

  Http as(String otherKey) {
    return new Http(base, otherKey, headers);
  }

  /** This client sending one more header on every request. */
  Http with(String name, String value) {
    java.util.Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new Http(base, key, more);
  }

  Reply delete(String path) {
    return send("DELETE", path, null, null);
  }

  URI base() {
    return base;
  }

  Reply get(String path) {
    return send("GET", path, null, null);
  }

  Reply post(String path, String json) {
    return send("POST", path, "application/json", json);
  }

  Reply patch(String path, String json) {
    return send("PATCH", path, "application/json", json);
  }

  Reply send(String method, String path, String contentType, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(base.getPath() + path.substring(1)))
            .timeout(Duration.ofSeconds(60));
    if (key != null) {
      b.header("Authorization", key.contains(" ") ? key : "Bearer " + key);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    headers.forEach(b::header);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return send(b.build());
  }

  Reply send(HttpRequest request) {
    try {
      HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(r.statusCode(), r);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
