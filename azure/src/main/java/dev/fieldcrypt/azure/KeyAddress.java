package dev.fieldcrypt.azure;

import dev.fieldcrypt.core.KeyringConfigException;

/**
 * The Key Vault key that wraps an encrypted keyring file's data key: {@code
 * https://<vault>.vault.azure.net/keys/<name>/<version>}, what follows {@code azure-kv-key:}. The
 * version is required: the file's header names the key, and a file must keep unwrapping after the
 * key gets a new version.
 */
record KeyAddress(String vaultUrl, String name, String version) implements VaultObject {
  static final String SCHEME = "azure-kv-key";
  static final String FORM = "https://<vault>.vault.azure.net/keys/<name>/<version>";

  /**
   * Parses {@code location}.
   *
   * @throws KeyringConfigException naming what is wrong and the expected form
   */
  static KeyAddress parse(String location) {
    VaultUrls.Parts p = VaultUrls.parse(location, SCHEME, "keys", true, FORM);
    return new KeyAddress(p.vaultUrl(), p.name(), p.version());
  }

  /** The key version's URL, its {@code kid}. */
  String url() {
    return vaultUrl + "/keys/" + name + "/" + version;
  }

  @Override
  public String kind() {
    return "key";
  }

  @Override
  public String subject() {
    return SCHEME + " " + url();
  }

  @Override
  public String roles() {
    return "Grant the identity the role 'Key Vault Crypto Service Encryption User' on the key"
        + " (wrap and unwrap), or the access policy permissions wrapKey/unwrapKey.";
  }

  @Override
  public String createHint() {
    return "Create an RSA key: az keyvault key create --vault-name "
        + vaultName()
        + " --name "
        + name
        + " --kty RSA --size 3072 --ops wrapKey unwrapKey, and name the version it prints in"
        + " 'kid'.";
  }
}
