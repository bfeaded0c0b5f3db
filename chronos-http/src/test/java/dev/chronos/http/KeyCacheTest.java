package dev.chronos.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chronos.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys remembered for a while ({@code ApiKeys} with {@code cacheFor}), on the JDBC key store two
 * servers share: {@code here} and {@code elsewhere} are two servers' {@code ApiKeys} on one H2
 * database, timed by one hand-driven clock.
 */
class KeyCacheTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-01T10:00:00Z"));
  private HikariDataSource pool;
  private ApiKeys here;
  private ApiKeys elsewhere;

  @BeforeEach
  void open() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE");
    config.setUsername("sa");
    config.setPassword("");
    pool = new HikariDataSource(config);
    here = new ApiKeys(new JdbcApiKeyStore(pool, "chronos_"), clock, Duration.ofSeconds(5));
    elsewhere = new ApiKeys(new JdbcApiKeyStore(pool, "chronos_"), clock, Duration.ofSeconds(5));
  }

  @AfterEach
  void close() {
    pool.close();
  }

  @Test
  void a_key_revoked_on_another_server_is_refused_here_once_the_cache_time_has_passed() {
    NewApiKey k = here.create("acme", "ci", false);
    assertThat(here.authenticate(k.secret())).contains(k.key()); // remembered from now

    assertThat(elsewhere.revoke(k.key().id())).isTrue();
    assertThat(elsewhere.authenticate(k.secret())).isEmpty(); // at once where it was revoked
    clock.advance(Duration.ofMillis(4_999));
    assertThat(here.authenticate(k.secret())).contains(k.key()); // still remembered here
    clock.advance(Duration.ofMillis(1));
    assertThat(here.authenticate(k.secret())).isEmpty(); // looked up again: revoked
  }

  @Test
  void a_key_revoked_through_the_same_keys_is_refused_at_once() {
    NewApiKey k = here.create("acme", "ci", false);
    assertThat(here.authenticate(k.secret())).isPresent();
    assertThat(here.revoke(k.key().id())).isTrue();
    assertThat(here.authenticate(k.secret())).isEmpty();
  }

  @Test
  void unknown_secrets_are_not_remembered_so_a_key_created_elsewhere_works_at_once() {
    String guessed = "chrns_" + "A".repeat(43);
    assertThat(here.authenticate(guessed)).isEmpty();
    NewApiKey k = elsewhere.create("acme", "ci", false);
    assertThat(here.authenticate(k.secret())).contains(k.key());
    // A secret differing in its last character is another hash: not the remembered key.
    String near = k.secret().substring(0, 48) + (k.secret().endsWith("A") ? "B" : "A");
    assertThat(here.authenticate(near)).isEmpty();
    assertThat(here.authenticate(k.secret() + " ")).isEmpty();
  }

  @Test
  void the_cache_time_is_bounded() {
    ApiKeyStore store = new InMemoryApiKeyStore();
    assertThatThrownBy(() -> new ApiKeys(store, clock, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ApiKeys(store, clock, Duration.ofSeconds(61)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
