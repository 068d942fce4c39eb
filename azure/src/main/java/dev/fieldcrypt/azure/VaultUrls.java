package dev.fieldcrypt.azure;

import dev.fieldcrypt.core.KeyringConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses the URL of a vault object, {@code https://<vault>.vault.azure.net/<collection>/<name>[/
 * <version>]}: https only, no user information, query or fragment; names of 1 to 127 letters,
 * digits and dashes (Key Vault's rule), versions of letters and digits.
 */
final class VaultUrls {
  /** The parts of a parsed URL; {@code version} is null when the URL has none. */
  record Parts(String vaultUrl, String name, String version) {}

  private static final Pattern NAME = Pattern.compile("[0-9A-Za-z-]{1,127}");
  private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z]{1,64}");

  private VaultUrls() {}

  /**
   * @param scheme the URI scheme, for messages
   * @param collection {@code "secrets"} or {@code "keys"}
   * @param versioned whether the URL must name a version (true) or must not (false)
   * @param form the expected form, for messages
   */
  static Parts parse(
      String location, String scheme, String collection, boolean versioned, String form) {
    URI uri;
    try {
      uri = new URI(location.strip());
    } catch (URISyntaxException e) {
      throw invalid(location, scheme, form, "it is not a URL (" + e.getReason() + ")");
    }
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      throw invalid(location, scheme, form, "Key Vault is reached over https only");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw invalid(location, scheme, form, "it names no vault host (or has user information)");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(location, scheme, form, "it has a query or fragment");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String[] p = path.replaceAll("/+$", "").split("/");
    // "", collection, name [, version]
    int expected = versioned ? 4 : 3;
    if (p.length < 3 || p.length > 4 || !p[0].isEmpty() || !collection.equals(p[1])) {
      throw invalid(location, scheme, form, "its path is not /" + collection + "/<name>");
    }
    if (p.length != expected) {
      throw invalid(
          location,
          scheme,
          form,
          versioned
              ? "it names no key version; name the version that wraps (az keyvault key show"
                  + " prints it in 'kid')"
              : "it names a version; name the "
                  + collection.replaceAll("s$", "")
                  + " alone, the"
                  + " source reads its latest version");
    }
    if (!NAME.matcher(p[2]).matches()) {
      throw invalid(location, scheme, form, "the name must be 1 to 127 letters, digits or dashes");
    }
    if (versioned && !VERSION.matcher(p[3]).matches()) {
      throw invalid(location, scheme, form, "the version must be letters and digits");
    }
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return new Parts(
        "https://" + uri.getHost().toLowerCase(Locale.ROOT) + port, p[2], versioned ? p[3] : null);
  }

  private static KeyringConfigException invalid(
      String location, String scheme, String form, String why) {
    // A URL never holds a credential here (user info is refused), so echoing it is safe; it is
    // cut to keep a pasted value from filling the message.
    String shown = location.length() > 200 ? location.substring(0, 200) + "…" : location;
    return new KeyringConfigException(
        "'"
            + scheme
            + ":"
            + shown
            + "' is not valid: "
            + why
            + ". Write "
            + scheme
            + ":"
            + form
            + ".");
  }
}
