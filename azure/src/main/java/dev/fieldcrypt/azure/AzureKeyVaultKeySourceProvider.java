package dev.fieldcrypt.azure;

import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeySourceProvider;
import java.util.Map;

/**
 * The {@code azure-kv} scheme of {@link dev.fieldcrypt.core.KeySources}: {@code
 * azure-kv:https://<vault>.vault.azure.net/secrets/<name>} opens an {@link AzureKeyVaultKeySource}
 * over that secret, reading settings and credential variables from the given environment.
 * Registered in {@code META-INF/services/dev.fieldcrypt.core.KeySourceProvider}. Opening checks the
 * URL's syntax and does no I/O. Stateless and thread-safe.
 *
 * <pre>{@code
 * KeySource source = KeySources.open("azure-kv:https://app-kv.vault.azure.net/secrets/fieldcrypt");
 * }</pre>
 */
public final class AzureKeyVaultKeySourceProvider implements KeySourceProvider {
  /** For {@link java.util.ServiceLoader}. */
  public AzureKeyVaultKeySourceProvider() {}

  @Override
  public String scheme() {
    return SecretAddress.SCHEME;
  }

  @Override
  public KeySource open(String location, Map<String, String> environment) {
    return AzureKeyVaultKeySource.builder().secretUrl(location).environment(environment).build();
  }
}
