package dev.fieldcrypt.azure;

import dev.fieldcrypt.core.KeyringConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the keyring secret is: the vault's URL ({@code https://<vault>.vault.azure.net}) and the
 * secret's name, parsed from what follows {@code azure-kv:} in the key source URI. The secret name
 * follows Key Vault's rule (1 to 127 letters, digits and dashes); a version in the URL is refused,
 * since a keyring source always reads the latest version.
 */
record SecretAddress(String vaultUrl, String name) {
  static final String SCHEME = "azure-kv";

  private static final Pattern NAME = Pattern.compile("[0-9A-Za-z-]{1,127}");

  /**
   * Parses {@code location} ({@code https://<vault>.vault.azure.net/secrets/<name>}).
   *
   * @throws KeyringConfigException naming what is wrong and the expected form
   */
  static SecretAddress parse(String location) {
    URI uri;
    try {
      uri = new URI(location.strip());
    } catch (URISyntaxException e) {
      throw invalid(location, "it is not a URL (" + e.getReason() + ")");
    }
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      throw invalid(location, "Key Vault is reached over https only");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw invalid(location, "it names no vault host (or has user information)");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(location, "it has a query or fragment");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String[] parts = path.replaceAll("/+$", "").split("/");
    // "", "secrets", "<name>"
    if (parts.length != 3 || !parts[0].isEmpty() || !"secrets".equals(parts[1])) {
      throw invalid(
          location,
          parts.length == 4 && "secrets".equals(parts[1])
              ? "it names a secret version; name the secret alone, the source reads its latest"
                  + " version"
              : "its path is not /secrets/<name>");
    }
    if (!NAME.matcher(parts[2]).matches()) {
      throw invalid(location, "the secret name must be 1 to 127 letters, digits or dashes");
    }
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return new SecretAddress("https://" + uri.getHost().toLowerCase(Locale.ROOT) + port, parts[2]);
  }

  /** The secret's URL without a version, as operators write it. */
  String url() {
    return vaultUrl + "/secrets/" + name;
  }

  /** {@code "azure-kv https://x.vault.azure.net/secrets/name"}, for messages. */
  String subject() {
    return SCHEME + " " + url();
  }

  /** The vault's name: the first label of its host. */
  String vaultName() {
    String host = URI.create(vaultUrl).getHost();
    int dot = host.indexOf('.');
    return dot < 0 ? host : host.substring(0, dot);
  }

  private static KeyringConfigException invalid(String location, String why) {
    // A URL never holds a credential here (user info is refused above), so echoing it is safe;
    // it is cut to keep a pasted value from filling the message.
    String shown = location.length() > 200 ? location.substring(0, 200) + "…" : location;
    return new KeyringConfigException(
        "the key source '"
            + SCHEME
            + ":"
            + shown
            + "' is not valid: "
            + why
            + ". Write azure-kv:https://<vault>.vault.azure.net/secrets/<name>.");
  }
}
