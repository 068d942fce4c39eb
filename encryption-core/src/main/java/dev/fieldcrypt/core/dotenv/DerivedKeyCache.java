package dev.fieldcrypt.core.dotenv;

import java.util.Arrays;

/**
 * The last file key an {@link EncryptedFileKeySource} derived, so that a live keyring reloading an
 * unchanged file does not spend Argon2id's half second and 64 MiB on every refresh. Keyed by the
 * header's KDF id, parameters and salt and by the secret itself (a changed passphrase file or a
 * rewritten file, whose salt is new, misses). Holds key material in memory only, as the keyring
 * itself does. Thread-safe.
 */
final class DerivedKeyCache {
  private byte[] kdfInput;
  private MasterKey secret;
  private byte[] fileKey;

  /** The cached key for this header and secret (a copy), or null. */
  synchronized byte[] get(byte[] kdfInput, MasterKey secret) {
    if (fileKey != null
        && Arrays.equals(this.kdfInput, kdfInput)
        && this.secret.sameSecret(secret)) {
      return fileKey.clone();
    }
    return null;
  }

  synchronized void put(byte[] kdfInput, MasterKey secret, byte[] fileKey) {
    if (this.fileKey != null) {
      Arrays.fill(this.fileKey, (byte) 0);
    }
    this.kdfInput = kdfInput.clone();
    this.secret = secret;
    this.fileKey = fileKey.clone();
  }
}
