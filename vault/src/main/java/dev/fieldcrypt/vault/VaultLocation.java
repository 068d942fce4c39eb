package dev.fieldcrypt.vault;

import dev.fieldcrypt.core.KeyringConfigException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the keyring secret is: {@code vault:MOUNT/PATH}, the mount being the first segment (as
 * {@code vault kv put secret/myapp/encryption …} names it). Immutable.
 */
record VaultLocation(String mount, String path) {

  /**
   * Parses what follows {@code vault:}.
   *
   * @throws KeyringConfigException when the location has no mount or no path, or a segment is
   *     empty, {@code .} or {@code ..}
   */
  static VaultLocation parse(String location) {
    String s = location.strip();
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    int slash = s.indexOf('/');
    if (slash <= 0 || slash == s.length() - 1) {
      throw invalid(location, "it needs a mount and a path");
    }
    for (String segment : s.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw invalid(location, "a segment is empty, '.' or '..'");
      }
      if (segment.chars().anyMatch(c -> c < 0x20 || c == '?' || c == '#')) {
        throw invalid(location, "a segment holds '?', '#' or a control character");
      }
    }
    return new VaultLocation(s.substring(0, slash), s.substring(slash + 1));
  }

  private static KeyringConfigException invalid(String location, String why) {
    return new KeyringConfigException(
        "the key source 'vault:"
            + location
            + "' is not a KV v2 secret location ("
            + why
            + "); write vault:MOUNT/PATH, e.g. vault:secret/myapp/encryption for what 'vault kv"
            + " put secret/myapp/encryption …' stores.");
  }

  /** The API path of the secret's data, {@code MOUNT/data/PATH}, each segment URL-encoded. */
  String dataPath() {
    return encode(mount) + "/data/" + encode(path);
  }

  private static String encode(String segments) {
    List<String> out = new ArrayList<>();
    for (String segment : segments.split("/")) {
      out.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return String.join("/", out);
  }

  /** {@code MOUNT/PATH}, as the Vault CLI names the secret. */
  @Override
  public String toString() {
    return mount + "/" + path;
  }
}
