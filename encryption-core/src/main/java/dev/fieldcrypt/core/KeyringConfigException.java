package dev.fieldcrypt.core;

/**
 * The keyring configuration is wrong: a missing or invalid setting, a key of the wrong size, a salt
 * whose integrity hash does not match, a key file readable by others. The message names the
 * setting, where it came from (file and line, or environment variable) and the remedy, never the
 * key material itself.
 */
public class KeyringConfigException extends FieldcryptException {
  private static final long serialVersionUID = 1L;

  public KeyringConfigException(String message) {
    super(message);
  }

  public KeyringConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
