package dev.fieldcrypt.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.KeyringConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VaultConfigTest {

  @Test
  void from_emptyEnvironment_usesVaultsAndOurDefaults() {
    VaultConfig c = VaultConfig.from(Map.of());

    assertThat(c.address().toString()).isEqualTo("https://127.0.0.1:8200");
    assertThat(c.namespace()).isNull();
    assertThat(c.skipVerify()).isFalse();
    assertThat(c.retries()).isEqualTo(3);
    assertThat(c.backoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.breakerFailures()).isEqualTo(5);
    assertThat(c.breakerCooldown()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.credentials().canLogin()).isFalse();
    assertThat(c.credentials().appRoleMount()).isEqualTo("approle");
  }

  @Test
  void from_settings_areParsed() {
    VaultConfig c =
        VaultConfig.from(
            Map.of(
                "VAULT_ADDR", "https://vault.example.com:8200/",
                "VAULT_NAMESPACE", "team-a",
                "VAULT_SKIP_VERIFY", "true",
                "FIELDCRYPT_VAULT_RETRIES", "0",
                "FIELDCRYPT_VAULT_BACKOFF", "250ms",
                "FIELDCRYPT_VAULT_BREAKER_FAILURES", "2",
                "FIELDCRYPT_VAULT_BREAKER_COOLDOWN", "1m",
                "FIELDCRYPT_VAULT_CACHE_TTL", "0",
                "FIELDCRYPT_VAULT_REQUEST_TIMEOUT", "3"));

    assertThat(c.address().toString()).isEqualTo("https://vault.example.com:8200");
    assertThat(c.namespace()).isEqualTo("team-a");
    assertThat(c.skipVerify()).isTrue();
    assertThat(c.retries()).isZero();
    assertThat(c.backoff()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.breakerFailures()).isEqualTo(2);
    assertThat(c.breakerCooldown()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.cacheTtl()).isZero();
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void from_invalidValues_nameTheVariableAndTheForm() {
    assertInvalid(Map.of("FIELDCRYPT_VAULT_RETRIES", "many"), "FIELDCRYPT_VAULT_RETRIES");
    assertInvalid(Map.of("FIELDCRYPT_VAULT_BACKOFF", "0"), "FIELDCRYPT_VAULT_BACKOFF");
    assertInvalid(Map.of("FIELDCRYPT_VAULT_CACHE_TTL", "5 minutes"), "250ms, 30s, 5m or 1h");
    assertInvalid(Map.of("FIELDCRYPT_VAULT_BREAKER_FAILURES", "0"), "from 1 to 100");
    assertInvalid(Map.of("VAULT_SKIP_VERIFY", "yes please"), "VAULT_SKIP_VERIFY");
    assertInvalid(Map.of("VAULT_ADDR", "vault:8200"), "VAULT_ADDR");
    assertInvalid(Map.of("VAULT_ADDR", "ftp://vault"), "VAULT_ADDR");
    assertInvalid(Map.of("VAULT_KUBERNETES_MOUNT", "../x"), "VAULT_KUBERNETES_MOUNT");
  }

  @Test
  void from_addressWithCredentials_isRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> VaultConfig.from(Map.of("VAULT_ADDR", "https://u:pw-9@vault")))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageNotContaining("pw-9");
  }

  @Test
  void from_bothValueAndFile_isRefused() {
    assertInvalid(Map.of("VAULT_TOKEN", "t", "VAULT_TOKEN_FILE", "/x"), "set only one");
    assertInvalid(Map.of("VAULT_ROLE_ID", "r", "VAULT_ROLE_ID_FILE", "/x"), "set only one");
  }

  @Test
  void from_secretIdWithoutRoleId_isRefused() {
    assertInvalid(Map.of("VAULT_SECRET_ID", "s"), "VAULT_ROLE_ID");
  }

  @Test
  void toString_showsNoCredential() {
    VaultConfig c =
        VaultConfig.from(
            Map.of(
                "VAULT_TOKEN",
                FakeVault.ROOT_TOKEN,
                "VAULT_ROLE_ID",
                FakeVault.ROLE_ID,
                "VAULT_SECRET_ID",
                FakeVault.SECRET_ID));

    assertThat(c.toString())
        .doesNotContain(FakeVault.ROOT_TOKEN)
        .doesNotContain(FakeVault.ROLE_ID)
        .doesNotContain(FakeVault.SECRET_ID)
        .contains("AppRole");
    assertThat(c.credentials().toString()).doesNotContain(FakeVault.SECRET_ID);
    assertThat(c.credentials().secretId().toString()).isEqualTo("VAULT_SECRET_ID");
  }

  private static void assertInvalid(Map<String, String> env, String fragment) {
    assertThatThrownBy(() -> VaultConfig.from(env))
        .as(env.toString())
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining(fragment);
  }
}
