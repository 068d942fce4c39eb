package dev.fieldcrypt.core;

/**
 * Where a {@link Keyring} comes from. The default is {@link DotenvKeySource} (a {@code .env.crypto}
 * file overridden by environment variables); further sources (an encrypted keyring file, HashiCorp
 * Vault, cloud secret managers) implement this interface.
 *
 * <p>Implementations validate everything they load and throw {@link KeyringConfigException} with a
 * message that names the setting and the remedy, never the material.
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
