package dev.fieldcrypt.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fieldcrypt.azure.AzureKeyVaultException.Failure;
import dev.fieldcrypt.core.KeyWrapper;
import dev.fieldcrypt.core.KeyWrappers;
import dev.fieldcrypt.core.KeyringConfigException;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AzureKeyWrapperTest {
  private final FakeKeyVault vault = TestVaults.vault();

  @AfterEach
  void stop() {
    vault.close();
  }

  private AzureKeyWrapper wrapper(String keyUrl) {
    return new AzureKeyWrapper(
        KeyAddress.parse(keyUrl),
        new AzureClients(
            Map.of(),
            TestVaults.FAST,
            new TestVaults.FixedToken(),
            TestVaults.httpClient(),
            false));
  }

  @Test
  void generateDataKey_thenUnwrap_returnsTheDataKey_throughTheService() {
    String version = vault.createKey("fieldcrypt");
    AzureKeyWrapper w = wrapper(vault.vaultUrl() + "/keys/fieldcrypt/" + version);

    KeyWrapper.DataKey key = w.generateDataKey();

    assertThat(key.plaintext()).hasSize(32);
    assertThat(key.wrapped()).hasSize(256); // RSA-2048
    assertThat(w.unwrap(key.wrapped())).isEqualTo(key.plaintext());
    assertThat(w.keyId()).isEqualTo(vault.vaultUrl() + "/keys/fieldcrypt/" + version);
    assertThat(vault.count("POST", "/keys/fieldcrypt/" + version + "/wrapkey")).isEqualTo(1);
    assertThat(vault.count("POST", "/keys/fieldcrypt/" + version + "/unwrapkey")).isEqualTo(1);
    assertThat(key.toString()).doesNotContain(Base64.getEncoder().encodeToString(key.plaintext()));
  }

  @Test
  void unwrap_damagedBytes_rejected_withoutTheBytes() {
    String version = vault.createKey("fieldcrypt");
    AzureKeyWrapper w = wrapper(vault.vaultUrl() + "/keys/fieldcrypt/" + version);
    byte[] wrapped = w.generateDataKey().wrapped();
    wrapped[10] ^= 1;

    AzureKeyVaultException e =
        catchThrowableOfType(AzureKeyVaultException.class, () -> w.unwrap(wrapped));

    assertThat(e.failure()).isEqualTo(Failure.REJECTED);
    assertThat(e.getMessage())
        .contains("unwrapping the data key with azure-kv-key")
        .contains("400");
    TestVaults.assertNoSecrets(e, Base64.getEncoder().encodeToString(wrapped));
  }

  @Test
  void generateDataKey_missingKey_notFound_saysHowToCreate() {
    AzureKeyWrapper w = wrapper(vault.vaultUrl() + "/keys/nokey/0123abcd");

    AzureKeyVaultException e =
        catchThrowableOfType(AzureKeyVaultException.class, w::generateDataKey);

    assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND);
    assertThat(e.getMessage()).contains("no key nokey").contains("az keyvault key create");
  }

  @Test
  void open_byUri_foundByServiceLoader_versionRequired() {
    KeyWrapper w =
        KeyWrappers.open(
            "azure-kv-key:https://app-kv.vault.azure.net/keys/fieldcrypt/0f1e2d3c", Map.of());

    assertThat(w.scheme()).isEqualTo("azure-kv-key");
    assertThat(w.keyId()).isEqualTo("https://app-kv.vault.azure.net/keys/fieldcrypt/0f1e2d3c");
    assertThatThrownBy(
            () -> KeyWrappers.open("azure-kv-key:https://app-kv.vault.azure.net/keys/k", Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("names no key version");
  }
}
