package dev.fieldcrypt.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeySources;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConflictException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.vault.VaultContainer;

/**
 * The read/write round trip against a real Vault in dev mode (KV v2 at {@code secret/}), where a
 * Docker engine is there; skipped otherwise, so the fake Vault of the other tests is what runs on
 * machines without Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class VaultContainerTest {
  private static final String TOKEN = "fieldcrypt-test-root";

  @Container
  static final VaultContainer<?> VAULT =
      new VaultContainer<>("hashicorp/vault:1.17").withVaultToken(TOKEN);

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("VAULT_ADDR", VAULT.getHttpHostAddress());
    env.put("VAULT_TOKEN", TOKEN);
    env.put("FIELDCRYPT_VAULT_CACHE_TTL", "0");
    return env;
  }

  @Test
  void roundTrip_createLoadUpdateAndConflict() {
    KeySource source = KeySources.open("vault:secret/fieldcrypt/roundtrip", env());
    Keyring created = VaultTests.keyring(1);

    source.create(created);
    assertThat(source.load().labels()).containsExactly("v1");

    source.update(k -> k.withActiveVersion(KeyVersion.generate(k.nextVersionLabel())));
    assertThat(source.load().activeVersion()).isEqualTo("v2");

    KeySource other = KeySources.open("vault:secret/fieldcrypt/roundtrip", env());
    assertThatThrownBy(
            () ->
                source.update(
                    k -> {
                      other.update(o -> o.withActiveVersion(KeyVersion.generate("v3")));
                      return k.withActiveVersion(KeyVersion.generate("v3"));
                    }))
        .isInstanceOf(KeyringConflictException.class);
    assertThat(source.load().labels()).containsExactly("v1", "v2", "v3");
    assertThat(((VaultKeySource) source).health().state()).isEqualTo(VaultHealth.State.ACTIVE);
  }
}
