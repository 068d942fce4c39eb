package dev.fieldcrypt.core;

/**
 * Root of every exception fieldcrypt throws. Unchecked.
 *
 * <p>Subclasses say what went wrong: {@link KeyringConfigException} (the keyring configuration),
 * {@link InvalidArgumentException} (a bad argument to a library call), {@link
 * UnknownKeyVersionException}, {@link DecryptionFailedException} and {@link
 * MalformedCiphertextException} (a stored value), and the exceptions of the other fieldcrypt
 * modules. Messages name the key version, the context ({@code table.column}) or the file and line,
 * and the remedy. They never contain a key, a salt, a plaintext or a ciphertext.
 *
 * <pre>{@code
 * try {
 *   keyring = Keyring.load(Path.of(".env.crypto"));
 * } catch (FieldcryptException e) {
 *   log.error("fieldcrypt: {}", e.getMessage());   // safe to log: never key material
 * }
 * }</pre>
 *
 * <p>The first release spelled it {@code FieldCryptException}. That name is gone rather than kept
 * as an alias: two classes whose names differ only in case cannot both live in one package on
 * case-insensitive file systems (macOS, Windows), where the sources and the class files collide.
 */
public class FieldcryptException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FieldcryptException(String message) {
    super(message);
  }

  public FieldcryptException(String message, Throwable cause) {
    super(message, cause);
  }
}
