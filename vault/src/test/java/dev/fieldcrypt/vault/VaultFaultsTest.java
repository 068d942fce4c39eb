package dev.fieldcrypt.vault;

import static dev.fieldcrypt.vault.VaultTests.DATA_PATH;
import static dev.fieldcrypt.vault.VaultTests.env;
import static dev.fieldcrypt.vault.VaultTests.keyring;
import static dev.fieldcrypt.vault.VaultTests.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each injected fault of the fake Vault and what the source does about it. */
class VaultFaultsTest extends FakeVaultTestBase {
  private static final String ERR500 = "{\"errors\":[\"internal error\"]}";

  @BeforeEach
  void setUp() throws Exception {
    stored(vault, keyring(1));
  }

  @Test
  void load_500ThenOk_isRetriedAndSucceeds() {
    vault.fail("GET " + DATA_PATH, 2, 500, ERR500);

    assertThat(source().load().labels()).containsExactly("v1");
    assertThat(vault.hits("GET " + DATA_PATH)).isEqualTo(3);
  }

  @Test
  void load_500Always_failsAfterTheRetries_withConnectionError() {
    vault.fail("GET " + DATA_PATH, 100, 500, ERR500);

    assertThatThrownBy(() -> source().load())
        .isInstanceOf(VaultConnectionException.class)
        .hasMessageContaining("VAULT_ADDR=" + vault.address())
        .hasMessageContaining(DATA_PATH)
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("FIELDCRYPT_VAULT_RETRIES");
    assertThat(vault.hits("GET " + DATA_PATH)).isEqualTo(4); // 1 + 3 retries by default
  }

  @Test
  void retries_areConfigurable() {
    env.put("FIELDCRYPT_VAULT_RETRIES", "1");
    vault.fail("GET " + DATA_PATH, 100, 502, ERR500);

    assertThatThrownBy(() -> source().load()).isInstanceOf(VaultConnectionException.class);
    assertThat(vault.hits("GET " + DATA_PATH)).isEqualTo(2);
  }

  @Test
  void retries_backOffExponentially() {
    env.put("FIELDCRYPT_VAULT_BACKOFF", "100ms");
    vault.fail("GET " + DATA_PATH, 100, 500, ERR500);
    VaultKeySource source = source();
    long start = System.nanoTime();

    assertThatThrownBy(source::load).isInstanceOf(VaultConnectionException.class);

    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(ms).isGreaterThanOrEqualTo(100 + 200 + 400).isLessThan(5_000);
  }

  @Test
  void load_sealed503_throwsSealedAfterRetries() {
    vault.health = FakeVault.Health.SEALED;

    assertThatThrownBy(() -> source().load())
        .isInstanceOf(VaultSealedException.class)
        .hasMessageContaining("sealed")
        .hasMessageContaining("vault operator unseal")
        .hasMessageContaining("VAULT_ADDR=");
    assertThat(vault.hits("GET auth/token/lookup-self")).isEqualTo(4);
  }

  @Test
  void load_429Standby_isRetried_thenConnectionErrorNamingTheStandby() {
    vault.fail("GET " + DATA_PATH, 100, 429, "{\"errors\":[]}");

    assertThatThrownBy(() -> source().load())
        .isInstanceOf(VaultConnectionException.class)
        .hasMessageContaining("standby")
        .hasMessageContaining("HTTP 429");
    assertThat(vault.hits("GET " + DATA_PATH)).isEqualTo(4);
  }

  @Test
  void load_404_isNotRetried() {
    vault.secrets.clear();

    assertThatThrownBy(() -> source().load()).isInstanceOf(VaultSecretNotFoundException.class);
    assertThat(vault.hits("GET " + DATA_PATH)).isEqualTo(1);
  }

  @Test
  void load_403WithValidToken_isPermissionDeniedNamingThePolicyPath() {
    vault.denied.add(DATA_PATH);

    assertThatThrownBy(() -> source().load())
        .isInstanceOf(VaultPermissionDeniedException.class)
        .hasMessageContaining("'read' on " + DATA_PATH)
        .hasMessageContaining("VAULT_ADDR=");
    assertThat(vault.hits("GET " + DATA_PATH)).isEqualTo(1);
  }

  @Test
  void load_403ExpiredTokenWithoutLogin_isAuthenticationError() {
    String token = vault.issueToken(0, false);
    env.put("VAULT_TOKEN", token);
    VaultKeySource source = source();
    source.load();
    vault.tokens.get(token).valid = false;

    assertThatThrownBy(source::load)
        .isInstanceOf(VaultAuthenticationException.class)
        .hasMessageContaining("invalid or expired")
        .hasMessageContaining("VAULT_TOKEN")
        .hasMessageNotContaining(token);
  }

  @Test
  void load_403ExpiredTokenWithAppRole_logsInAgainOnceAndRetries() {
    env.remove("VAULT_TOKEN");
    env.put("VAULT_ROLE_ID", FakeVault.ROLE_ID);
    env.put("VAULT_SECRET_ID", FakeVault.SECRET_ID);
    VaultKeySource source = source();
    source.load();
    vault.tokens.values().forEach(t -> t.valid = false); // every issued token expires

    assertThat(source.load().labels()).containsExactly("v1");
    assertThat(vault.hits("POST auth/approle/login")).isEqualTo(2);
    assertThat(vault.hits("GET " + DATA_PATH)).isEqualTo(3);
  }

  @Test
  void load_timeout_isRetried_thenConnectionErrorNamingTheTimeout() {
    env.put("FIELDCRYPT_VAULT_REQUEST_TIMEOUT", "150ms");
    env.put("FIELDCRYPT_VAULT_RETRIES", "1");
    vault.delay("GET " + DATA_PATH, 100, 1_000);

    assertThatThrownBy(() -> source().load())
        .isInstanceOf(VaultConnectionException.class)
        .hasMessageContaining("no answer within 150 ms")
        .hasMessageContaining("FIELDCRYPT_VAULT_REQUEST_TIMEOUT");
    assertThat(vault.hits("GET " + DATA_PATH)).isEqualTo(2);
  }

  @Test
  void load_connectionRefused_isRetried_thenConnectionError() throws Exception {
    int port = VaultTests.freePort();
    env.put("VAULT_ADDR", "http://127.0.0.1:" + port);
    VaultKeySource source = source();

    assertThatThrownBy(source::load)
        .isInstanceOf(VaultConnectionException.class)
        .hasMessageContaining("VAULT_ADDR=http://127.0.0.1:" + port)
        .hasMessageContaining("refused")
        .hasMessageContaining("4 attempt(s)");
    assertThat(source.http().attempts()).isEqualTo(4);
  }

  @Test
  void breaker_opensAfterFiveFailures_thenHalfOpensAfterTheCooldown() throws Exception {
    env.put("FIELDCRYPT_VAULT_RETRIES", "0");
    vault.fail("GET " + DATA_PATH, 5, 500, ERR500);
    VaultKeySource source = source();
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(source::load).isInstanceOf(VaultConnectionException.class);
    }
    assertThat(source.http().breakerState()).isEqualTo(CircuitBreaker.State.OPEN);

    assertThatThrownBy(source::load)
        .isInstanceOf(VaultConnectionException.class)
        .hasMessageContaining("circuit breaker is open")
        .hasMessageContaining("FIELDCRYPT_VAULT_BREAKER_COOLDOWN");
    assertThat(vault.hits("GET " + DATA_PATH)).isEqualTo(5); // the open breaker sent nothing
    assertThat(source.health().breaker()).isEqualTo("OPEN");

    Thread.sleep(400); // the cool-down is 300 ms in these tests
    assertThat(source.load().labels()).containsExactly("v1"); // the half-open trial
    assertThat(source.http().breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(vault.hits("GET " + DATA_PATH)).isEqualTo(6);
  }

  @Test
  void breaker_successInBetween_keepsItClosed() {
    env.put("FIELDCRYPT_VAULT_RETRIES", "0");
    VaultKeySource source = source();
    for (int i = 0; i < 3; i++) {
      vault.fail("GET " + DATA_PATH, 4, 500, ERR500);
      for (int j = 0; j < 4; j++) {
        assertThatThrownBy(source::load).isInstanceOf(VaultConnectionException.class);
      }
      source.load();
    }
    assertThat(source.http().breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }
}
