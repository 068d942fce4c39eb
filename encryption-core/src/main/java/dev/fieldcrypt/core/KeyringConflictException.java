package dev.fieldcrypt.core;

/**
 * A write to a {@link KeySource} lost a race: another writer changed the store between this
 * writer's read and its write (a Vault check-and-set mismatch, a cloud store's newer version). The
 * store holds the other writer's keyring, unchanged by this call; run the command again to apply
 * the change on top of it.
 */
public class KeyringConflictException extends FieldcryptException {
  private static final long serialVersionUID = 1L;

  /** A conflict described by {@code message}, which names the store and the remedy. */
  public KeyringConflictException(String message) {
    super(message);
  }

  /** A conflict with its cause (the store's error response). */
  public KeyringConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
