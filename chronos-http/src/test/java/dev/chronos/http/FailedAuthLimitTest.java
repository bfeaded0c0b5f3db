package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chronos.http.internal.ApiPipeline;
import dev.chronos.http.internal.ApiRequest;
import dev.chronos.http.internal.ApiResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client whose keys keep failing is slowed down before its keys are looked up. Requests from
 * addresses other than loopback cannot be made on loopback, so this drives the API through its
 * request interface with the peer address set, as the adapters do.
 */
class FailedAuthLimitTest {
  final ApiFixture f =
      new ApiFixture(ApiFixture.Adapter.JETTY, new InMemoryApiKeyStore(), b -> b.rateLimit(3));

  @AfterEach
  void stop() {
    f.close();
  }

  record Request(String remoteAddress, String authorization) implements ApiRequest {
    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/v1/jobs";
    }

    @Override
    public String rawQuery() {
      return null;
    }

    @Override
    public String header(String name) {
      return Map.of("Authorization", authorization == null ? "" : authorization).get(name);
    }

    @Override
    public long contentLength() {
      return -1;
    }

    @Override
    public InputStream body() {
      return new ByteArrayInputStream(new byte[0]);
    }
  }

  ApiResponse send(String address, String key) {
    return f.api.handle(new Request(address, "Bearer " + key));
  }

  @Test
  void an_address_that_keeps_failing_gets_429_before_any_lookup_and_others_do_not() {
    String guess = "chrns_" + "g".repeat(43);
    for (int i = 0; i < 3; i++) {
      assertThat(send("203.0.113.7", guess).status()).isEqualTo(401);
    }
    ApiResponse slowed = send("203.0.113.7", guess);
    assertThat(slowed.status()).isEqualTo(429);
    assertThat(slowed.headers()).containsEntry("Retry-After", "10");
    assertThat(slowed.bodyText()).contains("rate_limit_exceeded");
    assertThat(send("203.0.113.7", f.acme.secret()).status()).isEqualTo(429);
    assertThat(send("198.51.100.1", f.acme.secret()).status()).isEqualTo(200);
    assertThat(send("2001:db8::1", guess).status()).isEqualTo(401);
    // Loopback is exempt (a proxy on the same host gives every client that address).
    for (int i = 0; i < 5; i++) {
      assertThat(send("127.0.0.1", guess).status()).isEqualTo(401);
      assertThat(send("::1", guess).status()).isEqualTo(401);
    }
    assertThat(send("127.0.0.1", f.acme.secret()).status()).isEqualTo(200);
  }

  @Test
  void only_literal_addresses_other_than_loopback_are_limited() {
    assertThat(ApiPipeline.limitedAddress("127.0.0.1")).isNull();
    assertThat(ApiPipeline.limitedAddress("[::1]")).isNull();
    assertThat(ApiPipeline.limitedAddress("localhost")).isNull();
    assertThat(ApiPipeline.limitedAddress("")).isNull();
    assertThat(ApiPipeline.limitedAddress(null)).isNull();
    assertThat(ApiPipeline.limitedAddress("10.1.2.3")).isEqualTo("address:10.1.2.3");
    assertThat(ApiPipeline.limitedAddress("[2001:db8::1]")).startsWith("address:");
  }
}
