package dev.fieldcrypt.vault;

import dev.fieldcrypt.core.KeyWrapper;
import dev.fieldcrypt.core.KeyWrapperProvider;
import java.util.Map;

/** Opens {@code vault-transit:MOUNT/keys/NAME}: a {@link VaultTransitKeyWrapper}. */
public final class VaultTransitKeyWrapperProvider implements KeyWrapperProvider {
  /** For {@link java.util.ServiceLoader}. */
  public VaultTransitKeyWrapperProvider() {}

  @Override
  public String scheme() {
    return VaultTransitKeyWrapper.SCHEME;
  }

  @Override
  public KeyWrapper open(String keyId, Map<String, String> environment) {
    return VaultTransitKeyWrapper.create(keyId, environment);
  }
}
