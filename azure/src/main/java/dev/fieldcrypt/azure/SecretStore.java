package dev.fieldcrypt.azure;

import com.azure.core.exception.ResourceNotFoundException;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import dev.fieldcrypt.core.KeyringConflictException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The keyring secret's versions through the SDK: the latest one, and a checked write of a new one
 * (re-read right before the {@code PUT}, {@link VersionHistory} after it). Knows nothing of
 * keyrings: values are text. Thread-safe.
 */
final class SecretStore {
  /** What fieldcrypt's versions say they hold. */
  static final String CONTENT_TYPE = "text/plain; fieldcrypt-keyring=dotenv";

  private final SecretClient client;
  private final SecretAddress address;
  private final AzureSettings settings;

  SecretStore(SecretClient client, SecretAddress address, AzureSettings settings) {
    this.client = client;
    this.address = address;
    this.settings = settings;
  }

  /** The latest version, or empty when the secret does not exist. */
  Optional<StoredVersion> latest() {
    return AzureCalls.call(
        "reading",
        address,
        settings,
        () -> {
          try {
            return Optional.of(StoredVersion.of(client.getSecret(address.name())));
          } catch (ResourceNotFoundException e) {
            return Optional.empty();
          }
        });
  }

  /**
   * Writes {@code value} as a new version if the latest is still {@code read} (null: if the secret
   * still does not exist), then checks that no other version slipped in between.
   *
   * @throws KeyringConflictException when another writer wrote before or during this write
   */
  void write(StoredVersion read, String value) {
    String now = latest().map(StoredVersion::version).orElse(null);
    String expected = read == null ? null : read.version();
    if (!Objects.equals(now, expected)) {
      throw new KeyringConflictException(
          address.subject()
              + " changed since it was read (read version "
              + (expected == null ? "none" : expected)
              + ", latest now "
              + (now == null ? "none" : now)
              + "); run the command again.");
    }
    String writeId = UUID.randomUUID().toString();
    KeyVaultSecret secret = new KeyVaultSecret(address.name(), value);
    secret.getProperties().setContentType(CONTENT_TYPE);
    secret
        .getProperties()
        .setTags(
            read == null
                ? Map.of(VersionHistory.WRITE_TAG, writeId)
                : Map.of(
                    VersionHistory.WRITE_TAG,
                    writeId,
                    VersionHistory.BASED_ON_TAG,
                    read.version()));
    StoredVersion written =
        StoredVersion.of(
            AzureCalls.call(
                "writing a new version of", address, settings, () -> client.setSecret(secret)));
    VersionHistory.verify(client, address, read, written, writeId, settings);
  }
}
