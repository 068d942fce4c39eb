package dev.fieldcrypt.azure;

import dev.fieldcrypt.core.KeyringConfigException;

/**
 * Where the keyring secret is: the vault's URL ({@code https://<vault>.vault.azure.net}) and the
 * secret's name, parsed from what follows {@code azure-kv:} in the key source URI. A version in the
 * URL is refused, since a keyring source always reads the latest version.
 */
record SecretAddress(String vaultUrl, String name) implements VaultObject {
  static final String SCHEME = "azure-kv";
  static final String FORM = "https://<vault>.vault.azure.net/secrets/<name>";

  /**
   * Parses {@code location} ({@code https://<vault>.vault.azure.net/secrets/<name>}).
   *
   * @throws KeyringConfigException naming what is wrong and the expected form
   */
  static SecretAddress parse(String location) {
    VaultUrls.Parts p = VaultUrls.parse(location, SCHEME, "secrets", false, FORM);
    return new SecretAddress(p.vaultUrl(), p.name());
  }

  /** The secret's URL without a version, as operators write it. */
  String url() {
    return vaultUrl + "/secrets/" + name;
  }

  @Override
  public String kind() {
    return "secret";
  }

  @Override
  public String subject() {
    return SCHEME + " " + url();
  }

  @Override
  public String roles() {
    return "Grant the identity the role 'Key Vault Secrets User' on the secret or vault to read"
        + " it, 'Key Vault Secrets Officer' to rotate it (or the access policy permissions"
        + " get/list/set).";
  }

  @Override
  public String createHint() {
    return "Create it: az keyvault secret set --vault-name "
        + vaultName()
        + " --name "
        + name
        + " --file .env.crypto, or fieldcrypt generate --keyring "
        + SCHEME
        + ":"
        + url()
        + ".";
  }
}
