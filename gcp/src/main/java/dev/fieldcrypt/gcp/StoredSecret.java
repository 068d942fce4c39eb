package dev.fieldcrypt.gcp;

import com.google.cloud.secretmanager.v1.Secret;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;

/**
 * What a writer read, in this order: the secret (its etag and annotations), then the number of its
 * newest version in any state ({@code newest}, 0 for none), then the keyring of its newest enabled
 * version ({@code enabled}, 0 and a null keyring for none). Holds key material: never logged.
 */
record StoredSecret(Secret secret, long newest, long enabled, Keyring keyring) {
  /** Whether the secret holds any version. */
  boolean hasVersions() {
    return newest > 0;
  }

  /** The number at the end of {@code projects/…/secrets/…/versions/N}. */
  static long number(String versionName) {
    int slash = versionName.lastIndexOf('/');
    try {
      return Long.parseLong(versionName.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new KeyringConfigException(
          "Secret Manager named a version '" + versionName + "' without a number; report this.");
    }
  }
}
