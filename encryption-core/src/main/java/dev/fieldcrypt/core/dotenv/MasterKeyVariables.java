package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.KeyWrappers;
import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Reads a {@link MasterKey} from the environment: {@code <prefix>KEY}, {@code <prefix>KEY_FILE},
 * {@code <prefix>PASSPHRASE} or {@code <prefix>PASSPHRASE_FILE}, exactly one. Messages name the
 * variables and the remedy, never a value (a base64 decoder's message, which quotes the offending
 * character, is not chained).
 */
final class MasterKeyVariables {
  private MasterKeyVariables() {}

  /** Reads the secret named by the variables starting with {@code prefix}. */
  static MasterKey read(Map<String, String> env, String prefix, Path file) {
    if (env == null) {
      throw new InvalidArgumentException("environment must not be null");
    }
    String key = prefix + "KEY";
    String pass = prefix + "PASSPHRASE";
    boolean keySet = env.containsKey(key) || env.containsKey(key + "_FILE");
    boolean passSet = env.containsKey(pass) || env.containsKey(pass + "_FILE");
    String forFile = file == null ? "" : " for encrypted keyring file " + file;
    String kms = prefix + "KMS_KEY";
    if (env.containsKey(kms)) {
      if (keySet || passSet) {
        throw new KeyringConfigException(
            "both a KMS key ("
                + kms
                + ") and a "
                + (keySet
                    ? "master key (" + set(env, key) + ")"
                    : "passphrase (" + set(env, pass) + ")")
                + " are set"
                + forFile
                + "; set only one of them.");
      }
      return MasterKey.generatedBy(KeyWrappers.open(env.get(kms), env));
    }
    if (!keySet && !passSet) {
      throw new KeyringConfigException(
          "no master key"
              + forFile
              + ": set "
              + key
              + " or "
              + key
              + "_FILE (base64 of 32 random bytes; "
              + MasterKey.GENERATE_HINT
              + "), or "
              + pass
              + " or "
              + pass
              + "_FILE, or "
              + kms
              + " (a KMS key URI, for envelope mode).");
    }
    if (keySet && passSet) {
      throw new KeyringConfigException(
          "both a master key ("
              + set(env, key)
              + ") and a passphrase ("
              + set(env, pass)
              + ") are set"
              + forFile
              + "; set only one of them.");
    }
    String name = keySet ? key : pass;
    if (env.containsKey(name) && env.containsKey(name + "_FILE")) {
      throw new KeyringConfigException(
          "both " + name + " and " + name + "_FILE are set" + forFile + "; set only one.");
    }
    boolean fromFile = env.containsKey(name + "_FILE");
    String origin = fromFile ? name + "_FILE=" + env.get(name + "_FILE") : name;
    String value =
        fromFile ? readSecretFile(name + "_FILE", env.get(name + "_FILE")) : env.get(name);
    return keySet ? decodeKey(value, origin) : passphrase(value, origin);
  }

  private static String set(Map<String, String> env, String name) {
    return env.containsKey(name) ? name : name + "_FILE";
  }

  private static MasterKey decodeKey(String value, String origin) {
    String text = value == null ? "" : value.strip();
    if (text.isEmpty()) {
      throw new KeyringConfigException(
          origin + " is empty; it must hold a base64 master key; " + MasterKey.GENERATE_HINT + ".");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      // not chained: the decoder's message quotes the offending character of the key
      throw new KeyringConfigException(
          origin
              + " is not valid base64 (standard alphabet A-Z a-z 0-9 + /, padded with =); a master"
              + " key is 32 random bytes in base64, 44 characters; "
              + MasterKey.GENERATE_HINT
              + ".");
    }
    try {
      if (key.length != MasterKey.KEY_BYTES) {
        throw new KeyringConfigException(
            origin
                + " decodes to "
                + key.length
                + " bytes; a master key is "
                + MasterKey.KEY_BYTES
                + " random bytes (44 base64 characters); "
                + MasterKey.GENERATE_HINT
                + ".");
      }
      return MasterKey.ofKey(key, origin);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static MasterKey passphrase(String value, String origin) {
    if (value == null || value.isEmpty()) {
      throw new KeyringConfigException(
          origin + " is empty; set it to the passphrase the keyring file is encrypted under.");
    }
    char[] chars = value.toCharArray();
    try {
      return MasterKey.ofPassphrase(chars, origin);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  private static String readSecretFile(String variable, String path) {
    String text;
    try {
      text = Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new KeyringConfigException(
          variable
              + " names "
              + path
              + ", which cannot be read ("
              + e.getClass().getSimpleName()
              + "). Check the path and that this process may read it.");
    }
    // Drop the line break(s) an editor or 'echo' adds; keep every other character.
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(0, end);
  }
}
