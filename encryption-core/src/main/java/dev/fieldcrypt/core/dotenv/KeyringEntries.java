package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.SecretKeyAccess;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keyring in the dotenv names ({@code ACTIVE_ENCRYPTION_VERSION}, {@code
 * ENCRYPTION_KEYS__<version>}, {@code ENCRYPTION_SALT__<version>}, {@code
 * ENCRYPTION_SALT_HASH__<version>}), which every source stores: as dotenv text (a file, an
 * encrypted file's plaintext, a cloud secret's string) or as named fields (a Vault KV secret, a
 * JSON secret). Sources other than the dotenv file read and write their keyring through this class,
 * so every source checks a keyring the same way, with the same messages, and applies the
 * environment's overrides with the same precedence: a variable overrides the stored value, {@code
 * NAME_FILE=/path} reads it from a file.
 *
 * <p>The texts and maps this class returns hold key material: never log them. Messages name where a
 * setting is ({@code subject:line}, {@code subject, field NAME}) and the remedy, never a value.
 * Stateless and thread-safe.
 */
public final class KeyringEntries {
  private KeyringEntries() {}

  /**
   * The keyring that dotenv {@code text} holds, with {@code environment}'s overrides on top (pass
   * {@code Map.of()} to read the stored keyring alone, as a write does).
   *
   * @param subject names the text in messages, such as {@code "encrypted-file /etc/app/keys.enc"}
   * @throws KeyringConfigException naming the first problem
   */
  public static Keyring fromText(String text, String subject, Map<String, String> environment) {
    require(text, subject, environment);
    KeyringSettings settings = new KeyringSettings(subject);
    settings.addText(subject, subject, DotenvParser.parse(text, subject));
    EnvironmentOverrides.apply(settings, environment);
    return DotenvKeySource.checked(settings, "--keyring '" + subject + "'");
  }

  /**
   * The keyring that the named {@code fields} hold (names other than the keyring's are ignored, an
   * unknown {@code ENCRYPTION_} name is a problem), with {@code environment}'s overrides on top.
   *
   * @param subject names the store in messages, such as {@code "vault secret/app"}
   * @throws KeyringConfigException naming the first problem
   */
  public static Keyring fromFields(
      Map<String, String> fields, String subject, Map<String, String> environment) {
    require(fields, subject, environment);
    KeyringSettings settings = new KeyringSettings(subject);
    settings.addFields(subject, fields);
    EnvironmentOverrides.apply(settings, environment);
    return DotenvKeySource.checked(settings, "--keyring '" + subject + "'");
  }

  /** The dotenv text for {@code keyring}, as {@code fieldcrypt generate} writes it. */
  public static String toText(Keyring keyring) {
    return KeyringFile.render(requireKeyring(keyring));
  }

  /**
   * The named fields for {@code keyring}, in order: the active version, then each version's key,
   * salt and salt hash.
   */
  public static Map<String, String> toFields(Keyring keyring) {
    requireKeyring(keyring);
    Base64.Encoder b64 = Base64.getEncoder();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(KeyringNames.ACTIVE, keyring.activeVersion());
    for (KeyVersion v : keyring.versions()) {
      fields.put(
          KeyringNames.KEYS + v.label(), b64.encodeToString(v.keyBytes(SecretKeyAccess.get())));
      fields.put(
          KeyringNames.SALT + v.label(), b64.encodeToString(v.saltBytes(SecretKeyAccess.get())));
      fields.put(KeyringNames.SALT_HASH + v.label(), v.saltHash());
    }
    return fields;
  }

  /** Whether {@code name} is one of the keyring's setting names (the environment may set it). */
  public static boolean isKeyringName(String name) {
    return name != null && KeyringNames.isOurs(name);
  }

  private static void require(Object what, String subject, Map<String, String> environment) {
    if (what == null || subject == null || environment == null) {
      throw new InvalidArgumentException(
          "the keyring content, its subject and the environment must not be null (pass Map.of()"
              + " for no environment)");
    }
  }

  private static Keyring requireKeyring(Keyring keyring) {
    if (keyring == null) {
      throw new InvalidArgumentException("keyring must not be null");
    }
    return keyring;
  }
}
