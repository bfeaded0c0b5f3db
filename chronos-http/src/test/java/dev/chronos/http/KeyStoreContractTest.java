package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ApiKeyStore} and {@link WorkerClaims} does; run on memory, H2 and PostgreSQL.
 */
abstract class KeyStoreContractTest {
  final MutableClock clock = MutableClock.at(Instant.parse("2026-12-01T10:00:00Z"));
  ApiKeyStore store;
  WorkerClaims claims;
  ApiKeys keys;

  abstract ApiKeyStore keyStore();

  abstract WorkerClaims claimStore();

  @BeforeEach
  void setUp() {
    store = keyStore();
    claims = claimStore();
    keys = new ApiKeys(store, clock);
  }

  @Test
  void keys_are_found_by_their_secret_only_while_active() {
    NewApiKey k = keys.create("acme", "ci", true, false, 7);
    assertThat(k.secret()).startsWith("chrns_").hasSize(49);
    assertThat(keys.authenticate(k.secret())).contains(k.key());
    assertThat(k.key().readOnly()).isTrue();
    assertThat(k.key().ownRateLimit()).hasValue(7);
    assertThat(keys.authenticate(k.secret() + "x")).isEmpty();
    assertThat(keys.authenticate("chrns_" + "A".repeat(43))).isEmpty();
    assertThat(keys.authenticate(null)).isEmpty();
    assertThat(keys.authenticate("no-prefix")).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(keys.revoke(k.key().id())).isTrue();
    assertThat(keys.revoke(k.key().id())).isFalse();
    assertThat(keys.revoke(UUID.randomUUID())).isFalse();
    assertThat(keys.authenticate(k.secret())).isEmpty();
    ApiKey listed = keys.list().get(0);
    assertThat(listed.revoked()).hasValue(clock.instant());
    assertThat(listed.active()).isFalse();
  }

  @Test
  void only_the_hash_is_kept_and_a_bootstrap_key_is_made_once() {
    NewApiKey first = keys.bootstrap().orElseThrow();
    assertThat(first.key().admin()).isTrue();
    assertThat(first.key().account()).isEqualTo("default");
    assertThat(keys.bootstrap()).isEmpty();
    assertThat(store.findBySecretHash(ApiKeys.hash(first.secret()))).contains(first.key());
    assertThat(store.findBySecretHash(first.secret())).isEmpty();
    assertThat(first.toString()).doesNotContain(first.secret());
    assertThatThrownBy(() -> keys.create(" ", "x", false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> keys.create("a", "n".repeat(256), false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keys_list_oldest_first() {
    NewApiKey a = keys.create("acme", "a", false);
    clock.advance(Duration.ofSeconds(1));
    NewApiKey b = keys.create("beta", "b", false);
    assertThat(keys.list()).containsExactly(a.key(), b.key());
  }

  @Test
  void claims_are_found_extended_and_pruned() {
    Instant deadline = clock.instant().plusSeconds(30);
    WorkerClaim c = new WorkerClaim(UUID.randomUUID(), UUID.randomUUID(), "acme", 2, deadline);
    WorkerClaim d =
        new WorkerClaim(UUID.randomUUID(), UUID.randomUUID(), "beta", 1, deadline.plusSeconds(100));
    claims.record(List.of(c, d));
    claims.record(List.of());
    assertThat(claims.find(c.executionId())).contains(c);
    assertThat(claims.find(UUID.randomUUID())).isEmpty();
    claims.extend(c.executionId(), deadline.plusSeconds(60));
    assertThat(claims.find(c.executionId()).orElseThrow().deadline())
        .isEqualTo(deadline.plusSeconds(60));
    assertThat(claims.prune(deadline.plusSeconds(61))).isEqualTo(1);
    assertThat(claims.find(c.executionId())).isEmpty();
    assertThat(claims.find(d.executionId())).contains(d);
  }
}
