package dev.fieldcrypt.azure;

import dev.fieldcrypt.core.KeyWrapper;
import dev.fieldcrypt.core.KeyWrapperProvider;
import java.util.Map;

/**
 * The {@code azure-kv-key} scheme of {@link dev.fieldcrypt.core.KeyWrappers}: {@code
 * azure-kv-key:https://<vault>.vault.azure.net/keys/<name>/<version>} names an RSA key of Azure Key
 * Vault that wraps an encrypted keyring file's data key with RSA-OAEP-256 (for example {@code
 * FIELDCRYPT_MASTER_KMS_KEY=azure-kv-key:https://app-kv.vault.azure.net/keys/fieldcrypt/0f1e…}).
 * The caller signs in with {@code DefaultAzureCredential}; retries and timeout are the {@link
 * AzureSettings} of the environment. Registered in {@code
 * META-INF/services/dev.fieldcrypt.core.KeyWrapperProvider}. Opening does no I/O. Stateless and
 * thread-safe.
 */
public final class AzureKeyWrapperProvider implements KeyWrapperProvider {
  /** For {@link java.util.ServiceLoader}. */
  public AzureKeyWrapperProvider() {}

  @Override
  public String scheme() {
    return KeyAddress.SCHEME;
  }

  @Override
  public KeyWrapper open(String keyId, Map<String, String> environment) {
    Map<String, String> env = Map.copyOf(environment);
    return new AzureKeyWrapper(
        KeyAddress.parse(keyId), new AzureClients(env, AzureSettings.from(env), null, null, true));
  }
}
