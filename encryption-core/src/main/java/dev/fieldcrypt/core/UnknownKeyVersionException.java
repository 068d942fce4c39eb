package dev.fieldcrypt.core;

import java.util.List;

/**
 * A ciphertext names a key version the keyring does not hold. Usually an old version was removed
 * from the keyring while rows still used it; the remedy is to restore that version (from a backup
 * of the keyring) and re-encrypt.
 */
public class UnknownKeyVersionException extends FieldcryptException {
  private static final long serialVersionUID = 1L;
  private final String version;
  private final String context;

  public UnknownKeyVersionException(String version, String context, List<String> known) {
    super(
        "value for context '"
            + context
            + "' was encrypted with key version '"
            + version
            + "', which the keyring does not hold (it has "
            + String.join(", ", known)
            + "). If another instance or the CLI rotated the keyring since this application loaded"
            + " it, this application's keyring is older than the database's: reload it (restart"
            + " the application, or rebuild its SessionFactory, with the current keyring). If '"
            + version
            + "' was removed from the keyring, restore it from a backup, then re-encrypt to the"
            + " active version.");
    this.version = version;
    this.context = context;
  }

  /** The version label found in the ciphertext. */
  public String version() {
    return version;
  }

  /** The associated-data context the value was read for. */
  public String context() {
    return context;
  }
}
