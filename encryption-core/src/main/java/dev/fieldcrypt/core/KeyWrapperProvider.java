package dev.fieldcrypt.core;

import java.util.Map;

/**
 * Opens the {@link KeyWrapper}s of one URI scheme ({@code aws-kms}, {@code gcp-kms}, {@code
 * azure-kv-key}, {@code vault-transit}), registered in {@code
 * META-INF/services/dev.fieldcrypt.core.KeyWrapperProvider} like {@link KeySourceProvider}s.
 * Implementations have a public no-argument constructor and do no I/O when opening.
 */
public interface KeyWrapperProvider {

  /** The scheme, lower case, without the colon. */
  String scheme();

  /**
   * The wrapper for the key {@code keyId} names.
   *
   * @param environment the variables the wrapper may read (region, endpoint, Vault address), never
   *     null
   * @throws KeyringConfigException when {@code keyId} is not a valid key id for this scheme
   */
  KeyWrapper open(String keyId, Map<String, String> environment);
}
