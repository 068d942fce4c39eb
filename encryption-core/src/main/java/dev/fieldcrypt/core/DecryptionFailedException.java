package dev.fieldcrypt.core;

/**
 * A ciphertext did not authenticate. Deliberately vague about which of the causes applies, since
 * telling them apart would help an attacker: the value was tampered with, it was encrypted under a
 * different key with the same version label, or it was copied from another column (another
 * context).
 */
public class DecryptionFailedException extends FieldcryptException {
  private static final long serialVersionUID = 1L;
  private final String version;
  private final String context;

  public DecryptionFailedException(String version, String context) {
    super(
        "cannot decrypt value for context '"
            + context
            + "' with key version '"
            + version
            + "': authentication failed. The value was tampered with, encrypted under a different"
            + " key with the same version label, or copied from another column or context.");
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
