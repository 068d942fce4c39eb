package dev.fieldcrypt.azure;

import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import dev.fieldcrypt.core.KeyringConflictException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The check after a write that no other writer slipped in between this writer's read and its write.
 * Key Vault has no compare-and-set: a {@code PUT} always adds a version. So the source re-reads the
 * latest version right before writing (which catches a writer that finished before that) and, after
 * writing, lists the versions ({@code GET /secrets/{name}/versions}) and refuses to call the write
 * clean when any version other than the one read and its own was created between the two.
 *
 * <p>Creation times are whole seconds, so versions of the same second are counted as racing: a
 * false alarm is possible, a missed race is not. Versions created after this write are not this
 * writer's concern: a writer that read before this write and wrote after it sees this write in its
 * own re-read or its own check. Versions this write made itself (an SDK retry of a {@code PUT}
 * whose answer was lost) carry this write's {@link #WRITE_TAG} and are not counted.
 */
final class VersionHistory {
  /** The tag naming the write a version came from, a random id per write. */
  static final String WRITE_TAG = "fieldcrypt-write";

  /** The tag naming the version a write was based on (absent for the first one). */
  static final String BASED_ON_TAG = "fieldcrypt-based-on";

  private VersionHistory() {}

  /**
   * Throws when versions other than {@code read} and this write's were created between them.
   *
   * @param read the version the change was computed from, null when the secret did not exist
   * @param written the version this write created
   */
  static void verify(
      SecretClient client,
      SecretAddress address,
      StoredVersion read,
      StoredVersion written,
      String writeId,
      AzureSettings settings) {
    List<SecretProperties> versions =
        AzureCalls.call(
            "listing the versions of",
            address,
            settings,
            () -> client.listPropertiesOfSecretVersions(address.name()).stream().toList());
    OffsetDateTime from = read == null ? OffsetDateTime.MIN : read.created();
    OffsetDateTime to = written.created();
    List<SecretProperties> racing =
        versions.stream()
            .filter(v -> read == null || !read.version().equals(v.getVersion()))
            .filter(v -> !written.version().equals(v.getVersion()))
            .filter(v -> !writeId.equals(tags(v).get(WRITE_TAG)))
            .filter(v -> v.getCreatedOn() == null || !v.getCreatedOn().isBefore(from))
            .filter(v -> v.getCreatedOn() == null || !v.getCreatedOn().isAfter(to))
            .toList();
    if (!racing.isEmpty()) {
      throw racingWriters(address, read, written, racing);
    }
  }

  private static Map<String, String> tags(SecretProperties v) {
    return v.getTags() == null ? Map.of() : v.getTags();
  }

  private static KeyringConflictException racingWriters(
      SecretAddress address,
      StoredVersion read,
      StoredVersion written,
      List<SecretProperties> racing) {
    String others =
        racing.stream()
            .map(v -> v.getVersion() + " (created " + v.getCreatedOn() + ")")
            .collect(Collectors.joining(", "));
    return new KeyringConflictException(
        address.subject()
            + " changed since it was read: another writer added version "
            + others
            + " between version "
            + (read == null ? "none (the secret did not exist)" : read.version())
            + ", which this command read, and version "
            + written.version()
            + ", which it wrote. Version "
            + written.version()
            + " holds everything it read plus this command's change; the other version is still"
            + " in the secret's history, so no key is lost, but the latest version may lack the"
            + " other writer's keys or this command's. Compare them (az keyvault secret show --id "
            + address.url()
            + "/<version>), make the latest version hold every key (fieldcrypt restore-config, or"
            + " az keyvault secret set), then run the command again.");
  }
}
