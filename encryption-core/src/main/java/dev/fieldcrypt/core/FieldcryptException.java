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
 * <p>It extends the deprecated {@link FieldCryptException} (the old spelling) only so that code
 * catching that name keeps working.
 */
@SuppressWarnings("deprecation") // the old spelling stays the super-class until it is removed
public class FieldcryptException extends FieldCryptException {
  private static final long serialVersionUID = 1L;

  public FieldcryptException(String message) {
    super(message);
  }

  public FieldcryptException(String message, Throwable cause) {
    super(message, cause);
  }
}
