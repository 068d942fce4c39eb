package dev.fieldcrypt.core;

/**
 * Where a {@link Keyring} comes from. The default is {@code
 * dev.fieldcrypt.core.dotenv.DotenvKeySource} (a {@code .env.crypto} file overridden by environment
 * variables); further sources (an encrypted keyring file, HashiCorp Vault, cloud secret managers)
 * implement this interface in their own modules and are opened by URI with {@link
 * KeySources#open(String)} through a {@link KeySourceProvider}.
 *
 * <p>Implementations validate everything they load and throw {@link KeyringConfigException} with a
 * message that names the setting and the remedy, never the material. They are thread-safe.
 *
 * <pre>{@code
 * KeySource source = KeySources.open("file:/etc/app/.env.crypto");
 * FieldCipher cipher = FieldCipher.create(source.load());
 * }</pre>
 */
public interface KeySource {

  /**
   * Reads and validates the keyring.
   *
   * @throws KeyringConfigException when the configuration is missing or invalid
   */
  Keyring load();

  /** A short description for operators, such as {@code "file .env.crypto + environment"}. */
  String describe();
}
