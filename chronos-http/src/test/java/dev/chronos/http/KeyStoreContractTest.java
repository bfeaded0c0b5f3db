package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chronos.Page;
import dev.chronos.http.internal.Sessions;
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

  @Test
  void sessions_are_found_by_the_hash_of_their_cookie_and_end_when_idle_or_logged_out() {
    NewApiKey k = keys.create("acme", "ops", false);
    Sessions sessions = new Sessions(keys, clock, Duration.ofHours(8));
    Sessions.Created created = sessions.create(k.key());
    assertThat(created.cookieValue()).hasSize(43);
    assertThat(created.session().idHash()).isEqualTo(ApiKeys.hash(created.cookieValue()));
    assertThat(store.findSession(created.cookieValue())).isEmpty();
    assertThat(created.session().csrfToken()).hasSize(43).isNotEqualTo(created.cookieValue());

    Sessions.Found found = sessions.find(created.cookieValue()).orElseThrow();
    assertThat(found.key()).isEqualTo(k.key());
    assertThat(sessions.find(created.cookieValue() + "x")).isEmpty();
    assertThat(sessions.find(null)).isEmpty();

    // Used 7 h later: the idle time starts again, so 7 h after that it still lives.
    clock.advance(Duration.ofHours(7));
    assertThat(sessions.find(created.cookieValue())).isPresent();
    assertThat(store.findSession(created.session().idHash()).orElseThrow().lastSeenAt())
        .isEqualTo(clock.instant());
    clock.advance(Duration.ofHours(7));
    assertThat(sessions.find(created.cookieValue())).isPresent();
    // 8 h unused: gone, and removed from the store.
    clock.advance(Duration.ofHours(8));
    assertThat(sessions.find(created.cookieValue())).isEmpty();
    assertThat(store.findSession(created.session().idHash())).isEmpty();

    Sessions.Created second = sessions.create(k.key());
    sessions.end(second.session());
    assertThat(sessions.find(second.cookieValue())).isEmpty();
  }

  @Test
  void a_session_in_use_lives_on_with_the_shortest_idle_timeout() {
    NewApiKey k = keys.create("acme", "ops", false);
    Sessions sessions = new Sessions(keys, clock, Duration.ofMinutes(1));
    Sessions.Created created = sessions.create(k.key());
    // Used every 40 s for 4 minutes: each use is within the idle minute of the one before.
    for (int i = 0; i < 6; i++) {
      clock.advance(Duration.ofSeconds(40));
      assertThat(sessions.find(created.cookieValue())).as("use %d", i).isPresent();
    }
    clock.advance(Duration.ofSeconds(61));
    assertThat(sessions.find(created.cookieValue())).isEmpty();
  }

  @Test
  void a_revoked_key_ends_its_sessions_and_idle_ones_are_swept_at_the_next_login() {
    NewApiKey k = keys.create("acme", "ops", false);
    Sessions sessions = new Sessions(keys, clock, Duration.ofHours(1));
    Sessions.Created a = sessions.create(k.key());
    keys.revoke(k.key().id());
    assertThat(sessions.find(a.cookieValue())).isEmpty();
    assertThat(store.findSession(a.session().idHash())).isEmpty();

    NewApiKey other = keys.create("acme", "other", false);
    Sessions.Created idle = sessions.create(other.key());
    clock.advance(Duration.ofHours(2));
    sessions.create(other.key());
    assertThat(store.findSession(idle.session().idHash())).isEmpty();
    assertThat(store.deleteSessionsIdleSince(clock.instant().plusSeconds(1))).isEqualTo(1);
  }

  @Test
  void the_audit_log_is_per_account_newest_first_and_paged() {
    UUID key = UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      store.insertAudit(
          new AuditEntry(
              UUID.randomUUID(),
              clock.instant(),
              i == 2 ? "beta" : "acme",
              key,
              "ops",
              "job.cancel",
              "job:" + i,
              i == 0 ? null : "{\"n\":" + i + "}",
              "session"));
    }
    Page<AuditEntry> first = store.audit("acme", 1, 3);
    assertThat(first.total()).isEqualTo(4);
    assertThat(first.items())
        .extracting(AuditEntry::target)
        .containsExactly("job:4", "job:3", "job:1");
    assertThat(first.items().get(0).detail()).isEqualTo("{\"n\":4}");
    assertThat(first.items().get(0).at()).isEqualTo(clock.instant());
    Page<AuditEntry> second = store.audit("acme", 2, 3);
    assertThat(second.items()).extracting(AuditEntry::target).containsExactly("job:0");
    assertThat(second.items().get(0).detail()).isNull();
    assertThat(store.audit("beta", 1, 10).items()).hasSize(1);
    assertThat(store.audit("nobody", 1, 10).total()).isZero();
  }
}
