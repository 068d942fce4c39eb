package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.FieldcryptException;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.dotenv.KeyringSettings.Setting;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks of one key version's material, for {@link KeyringSettings}: the key and the salt are
 * base64 (decoded as they always were), the key is 32 bytes, the salt 16 to 64, the salt hash is
 * its SHA-256, and (when validating) no two versions share a key. Problems name the setting and
 * where it is; never a value.
 */
final class VersionMaterial {
  private final List<String> problems;
  private final Map<String, byte[]> keys;

  /** Adds problems to {@code problems}; remembers keys to compare when {@code reportReusedKeys}. */
  VersionMaterial(List<String> problems, boolean reportReusedKeys) {
    this.problems = problems;
    this.keys = reportReusedKeys ? new LinkedHashMap<>() : null;
  }

  /** The version, or null after reporting what is wrong with its material. */
  KeyVersion check(String label, Setting key, Setting salt, Setting hash) {
    byte[] k = decoded(key);
    byte[] s = decoded(salt);
    boolean ok = k != null && s != null;
    if (k != null && k.length != KeyVersion.KEY_BYTES) {
      problems.add(
          key.where()
              + ": "
              + key.name()
              + " is "
              + k.length
              + " bytes; AES-256 needs exactly "
              + KeyVersion.KEY_BYTES
              + ". Restore it from a backup, or rotate to a new version.");
      ok = false;
    } else if (k != null && keys != null) {
      ok &= unique(label, key, k);
    }
    if (s != null
        && (s.length < KeyVersion.MIN_SALT_BYTES || s.length > KeyVersion.MAX_SALT_BYTES)) {
      problems.add(
          salt.where()
              + ": "
              + salt.name()
              + " is "
              + s.length
              + " bytes; a salt must be "
              + KeyVersion.MIN_SALT_BYTES
              + " to "
              + KeyVersion.MAX_SALT_BYTES
              + " bytes. Restore it from a backup.");
      ok = false;
    } else if (s != null && !hashMatches(s, hash.value())) {
      problems.add(
          hash.where()
              + ": "
              + hash.name()
              + " does not match the SHA-256 of the salt (salt integrity check failed for version '"
              + label
              + "'); the salt or its hash was altered. Restore the keyring from a backup.");
      ok = false;
    }
    return ok ? KeyVersion.of(label, k, s, hash.value().strip()) : null;
  }

  private boolean unique(String label, Setting key, byte[] k) {
    for (Map.Entry<String, byte[]> other : keys.entrySet()) {
      if (MessageDigest.isEqual(other.getValue(), k)) {
        problems.add(
            key.where()
                + ": "
                + key.name()
                + " is the same key as version '"
                + other.getKey()
                + "'; every version needs its own key. Rotate to a newly generated version.");
        return false;
      }
    }
    keys.put(label, k);
    return true;
  }

  /**
   * Base64 of a key or salt, decoded as it always was: the URL-safe alphabet when the value has a
   * '-' or '_', else the standard one, padding optional; null after reporting it invalid.
   */
  private byte[] decoded(Setting s) {
    String v = s.value().strip();
    try {
      return (v.indexOf('-') >= 0 || v.indexOf('_') >= 0
              ? Base64.getUrlDecoder()
              : Base64.getDecoder())
          .decode(v);
    } catch (IllegalArgumentException e) {
      problems.add(s.where() + ": " + s.name() + " is not valid base64; restore it from a backup.");
      return null;
    }
  }

  private static boolean hashMatches(byte[] salt, String hash) {
    byte[] expected = sha256Hex(salt).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = hash.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual);
  }

  private static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new FieldcryptException("this Java runtime has no SHA-256", e);
    }
  }
}
