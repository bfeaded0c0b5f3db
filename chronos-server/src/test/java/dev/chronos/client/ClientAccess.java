package dev.chronos.client;

import com.fasterxml.jackson.databind.JsonNode;

/** Lets the server's tests send raw API calls through a client. */
public final class ClientAccess {
  private ClientAccess() {}

  /** A raw call. */
  public static JsonNode call(ChronosClient client, String method, String path, JsonNode body) {
    return client.call(method, path, body);
  }
}
