package dev.fieldcrypt.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.SecretKeyAccess;
import dev.fieldcrypt.core.dotenv.EncryptedFileKeySource;
import dev.fieldcrypt.core.dotenv.EncryptedKeyringFile;
import dev.fieldcrypt.core.dotenv.MasterKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Envelope mode under Vault's Transit engine: an encrypted keyring file whose data key a Transit
 * key wraps, written and read through the core's {@link EncryptedFileKeySource} against {@link
 * FakeVault}.
 */
class VaultTransitKeyWrapperTest extends FakeVaultTestBase {
  private static final String DATAKEY = "POST transit/datakey/plaintext/fieldcrypt";
  private static final String DECRYPT = "POST transit/decrypt/fieldcrypt";

  @TempDir Path dir;
  private final Keyring keyring =
      Keyring.of("v2", List.of(KeyVersion.generate("v1"), KeyVersion.generate("v2")));

  private Path file() {
    return dir.resolve("keyring.enc");
  }

  private Map<String, String> writerEnv() {
    Map<String, String> e = new HashMap<>(env);
    e.put(MasterKey.KMS_KEY_VARIABLE, "vault-transit:transit/keys/fieldcrypt");
    return e;
  }

  private EncryptedFileKeySource source(Map<String, String> e) {
    return EncryptedFileKeySource.builder().file(file()).environment(e).build();
  }

  @Test
  void aFileWrittenUnderATransitKey_opensWithVaultAccessOnly_unwrappingOnce() throws Exception {
    source(writerEnv()).create(keyring);
    assertThat(vault.hits(DATAKEY)).isEqualTo(1);
    String bytes = new String(Files.readAllBytes(file()), StandardCharsets.ISO_8859_1);
    assertThat(bytes)
        .contains("vault-transit")
        .contains("transit/keys/fieldcrypt")
        .contains("vault:v1:");

    EncryptedFileKeySource reader = source(env); // no master secret: the header names the key
    for (int i = 0; i < 3; i++) {
      assertThat(reader.load().versions()).isEqualTo(keyring.versions());
    }
    assertThat(vault.hits(DECRYPT)).isEqualTo(1);
    for (KeyVersion v : keyring.versions()) {
      assertThat(bytes)
          .doesNotContain(Base64.getEncoder().encodeToString(v.keyBytes(SecretKeyAccess.get())));
    }
  }

  @Test
  void aRotation_keepsTheWrappedKey_andNeedsNoNewDataKey() {
    source(writerEnv()).create(keyring);
    EncryptedFileKeySource s = source(env);

    s.update(k -> k.withActiveVersion(KeyVersion.generate("v3")));

    assertThat(EncryptedKeyringFile.read(file(), env).activeVersion()).isEqualTo("v3");
    assertThat(vault.hits(DATAKEY)).isEqualTo(1);
  }

  @Test
  void decryptDenied_isPermissionDenied_namingTheKey() {
    source(writerEnv()).create(keyring);
    vault.denied.add("transit/decrypt/fieldcrypt");

    Throwable t = catchThrowable(() -> source(env).load());

    assertThat(t)
        .isInstanceOf(VaultPermissionDeniedException.class)
        .hasMessageContaining("Transit key transit/keys/fieldcrypt")
        .hasMessageNotContaining(FakeVault.ROOT_TOKEN);
  }

  @Test
  void aWrappedKeyOfAnotherTransitKey_isRefusedClearly() throws Exception {
    source(writerEnv()).create(keyring);
    // Same length name, another Transit key: it cannot decrypt this key's ciphertext.
    byte[] b = Files.readAllBytes(file());
    String text =
        new String(b, StandardCharsets.ISO_8859_1).replace("keys/fieldcrypt", "keys/fieldcrypX");
    Files.write(file(), text.getBytes(StandardCharsets.ISO_8859_1));

    Throwable t = catchThrowable(() -> source(env).load());

    assertThat(t)
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("not this key's")
        .hasMessageNotContaining("vault:v1:");
  }

  @Test
  void vaultDown_isAConnectionError_afterTheRetries() {
    source(writerEnv()).create(keyring);
    vault.fail("transit/decrypt", 10, 503, "{\"errors\":[\"Vault is sealed\"]}");

    assertThat(catchThrowable(() -> source(env).load())).isInstanceOf(VaultException.class);
  }

  @Test
  void aMalformedKeyId_isRefusedBeforeAnyRequest() {
    Map<String, String> e = new HashMap<>(env);
    e.put(MasterKey.KMS_KEY_VARIABLE, "vault-transit:fieldcrypt");

    assertThat(catchThrowable(() -> source(e).create(keyring)))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("MOUNT/keys/NAME");
    assertThat(vault.totalHits()).isZero();
  }
}
