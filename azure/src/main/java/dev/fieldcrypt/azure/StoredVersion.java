package dev.fieldcrypt.azure;

import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import java.time.OffsetDateTime;

/**
 * One version of the keyring secret as read: its id and creation time (Key Vault keeps whole
 * seconds) and its value. {@link #toString()} shows no value.
 */
record StoredVersion(String version, OffsetDateTime created, String value) {
  static StoredVersion of(KeyVaultSecret secret) {
    return new StoredVersion(
        secret.getProperties().getVersion(),
        secret.getProperties().getCreatedOn(),
        secret.getValue());
  }

  @Override
  public String toString() {
    return "StoredVersion[" + version + ", created " + created + "]";
  }
}
