package dev.fieldcrypt.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.LiveKeyring;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A live keyring over {@code vault:} with Vault's refresh cache on (5 minutes, the default): a
 * value under a version the application does not hold yet makes the on-demand refresh read Vault
 * itself, past the cache, so a fleet rotates through Vault without restarts.
 */
class VaultLiveKeyringTest extends FakeVaultTestBase {

  @Test
  void anUnknownVersion_readsVaultPastTheCache_andDecrypts() {
    Keyring v1 = VaultTests.stored(vault, VaultTests.keyring(1));
    Map<String, String> cached = new HashMap<>(env);
    cached.remove("FIELDCRYPT_VAULT_CACHE_TTL"); // the default, 5 minutes
    try (LiveKeyring live =
        LiveKeyring.builder(VaultKeySource.create(VaultTests.SECRET, cached))
            .refreshInterval(Duration.ZERO)
            .minOnDemandInterval(Duration.ZERO)
            .build()
            .start()) {
      FieldCipher app = FieldCipher.live(live);
      assertThat(app.activeVersion()).isEqualTo("v1");

      // Another instance rotates in Vault and writes under v2.
      Keyring v2 = v1.withActiveVersion(KeyVersion.generate("v2"));
      VaultTests.stored(vault, v2);
      String written = FieldCipher.create(v2).encrypt("otp", "users.otp");
      int readsBefore = vault.hits("GET " + VaultTests.DATA_PATH);

      assertThat(app.decrypt(written, "users.otp")).isEqualTo("otp");
      assertThat(vault.hits("GET " + VaultTests.DATA_PATH)).isEqualTo(readsBefore + 1);
      assertThat(app.activeVersion()).isEqualTo("v2");
    }
  }
}
