package dev.fieldcrypt.gcp;

import dev.fieldcrypt.core.KeyringConfigException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource name of a Cloud KMS key, {@code projects/P/locations/L/keyRings/R/cryptoKeys/K},
 * checked against Google's id rules (a project id or number, possibly domain-scoped; key ring and
 * key ids of 1 to 63 letters, digits, {@code _} and {@code -}). A key version is refused: the key
 * itself is named so that encrypt uses its primary version and decrypt finds whichever version
 * wrapped the data key, which is what makes rotation work. Immutable.
 *
 * @param project the project id or number
 * @param location the location, such as {@code global} or {@code europe-west1}
 * @param keyRing the key ring id
 * @param key the key id
 */
record CryptoKeyName(String project, String location, String keyRing, String key) {
  static final String SHAPE =
      "gcp-kms:projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY";

  private static final String ID = "[A-Za-z0-9_-]{1,63}";
  private static final Pattern NAME =
      Pattern.compile(
          "projects/([a-z0-9][a-z0-9.:-]{0,62})/locations/([a-z0-9-]{1,63})/keyRings/("
              + ID
              + ")/cryptoKeys/("
              + ID
              + ")");

  /**
   * The name {@code keyId} holds.
   *
   * @throws KeyringConfigException naming the expected form when it is not a key's resource name
   */
  static CryptoKeyName parse(String keyId) {
    String id = keyId == null ? "" : keyId.strip();
    Matcher m = NAME.matcher(id);
    if (m.matches()) {
      return new CryptoKeyName(m.group(1), m.group(2), m.group(3), m.group(4));
    }
    String hint =
        id.contains("/cryptoKeyVersions/")
            ? " Name the key without /cryptoKeyVersions/N: decrypt needs the key, and encrypt then"
                + " uses its primary version."
            : "";
    throw new KeyringConfigException(
        "'gcp-kms:"
            + id
            + "' does not name a Cloud KMS key; write "
            + SHAPE
            + ", e.g. gcp-kms:projects/my-project/locations/global/keyRings/fieldcrypt/cryptoKeys/keyring-file"
            + " ('gcloud kms keys list --keyring RING --location LOCATION' shows the names)."
            + hint);
  }

  /** The gcloud flags that name the key ring, for remedies. */
  String gcloudFlags() {
    return "--keyring " + keyRing + " --location " + location + " --project " + project;
  }

  /** The resource name. */
  @Override
  public String toString() {
    return "projects/"
        + project
        + "/locations/"
        + location
        + "/keyRings/"
        + keyRing
        + "/cryptoKeys/"
        + key;
  }
}
