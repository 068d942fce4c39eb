package dev.fieldcrypt.gcp;

import dev.fieldcrypt.core.KeyWrapper;
import dev.fieldcrypt.core.KeyWrapperProvider;
import dev.fieldcrypt.core.KeyWrappers;
import java.util.Map;

/**
 * The {@code gcp-kms} scheme of {@link KeyWrappers}: {@code
 * gcp-kms:projects/P/locations/L/keyRings/R/cryptoKeys/K} opens the Google Cloud KMS key that wraps
 * an envelope-mode keyring file's data key, over the Cloud KMS REST API with Application Default
 * Credentials, with settings from the given environment ({@code FIELDCRYPT_GCP_KMS_ENDPOINT} and
 * the retry variables of {@link GcpSettings}). Registered in {@code
 * META-INF/services/dev.fieldcrypt.core.KeyWrapperProvider}. Opening checks the key name and the
 * settings only. Stateless and thread-safe.
 *
 * <pre>{@code
 * // FIELDCRYPT_MASTER_KMS_KEY=gcp-kms:projects/my-project/locations/global/keyRings/fieldcrypt/cryptoKeys/keyring-file
 * KeyWrapper kms = KeyWrappers.open(System.getenv("FIELDCRYPT_MASTER_KMS_KEY"), System.getenv());
 * }</pre>
 */
public final class GcpKmsKeyWrapperProvider implements KeyWrapperProvider {
  /** The URI scheme, {@code gcp-kms}. */
  public static final String SCHEME = "gcp-kms";

  /** For {@link java.util.ServiceLoader}. */
  public GcpKmsKeyWrapperProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public KeyWrapper open(String keyId, Map<String, String> environment) {
    return GcpKmsKeyWrapper.of(keyId, environment);
  }
}
