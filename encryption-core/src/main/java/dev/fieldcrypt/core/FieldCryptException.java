package dev.fieldcrypt.core;

/**
 * Root of every exception fieldcrypt throws. Unchecked.
 *
 * <p>Messages name the key version, the context ({@code table.column}) or the file and line, and
 * the remedy. They never contain a key, a salt, a plaintext or a ciphertext.
 */
public class FieldCryptException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FieldCryptException(String message) {
    super(message);
  }

  public FieldCryptException(String message, Throwable cause) {
    super(message, cause);
  }
}
