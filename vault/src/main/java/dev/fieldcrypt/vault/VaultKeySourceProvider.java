package dev.fieldcrypt.vault;

import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeySourceProvider;
import java.util.Map;

/**
 * The {@code vault} scheme of {@link dev.fieldcrypt.core.KeySources}: {@code vault:MOUNT/PATH}
 * opens a {@link VaultKeySource} over that KV v2 secret (the mount is the first segment),
 * configured from the given environment. Registered in {@code
 * META-INF/services/dev.fieldcrypt.core.KeySourceProvider}. Opening checks the syntax and the
 * settings only; the first {@link KeySource#load()} talks to Vault. Stateless and thread-safe.
 *
 * <pre>{@code
 * KeySource source = KeySources.open("vault:secret/myapp/encryption");
 * }</pre>
 */
public final class VaultKeySourceProvider implements KeySourceProvider {
  /** For {@link java.util.ServiceLoader}. */
  public VaultKeySourceProvider() {}

  @Override
  public String scheme() {
    return VaultKeySource.SCHEME;
  }

  @Override
  public KeySource open(String location, Map<String, String> environment) {
    return VaultKeySource.create(location, environment);
  }
}
