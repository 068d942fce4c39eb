package dev.fieldcrypt.core;

/**
 * A value is not a fieldcrypt ciphertext ({@code <version>:<base64>}). Often a plaintext value in a
 * column that was switched to {@code @Encrypted} without migrating its rows; the re-encryption
 * job's plaintext-migration mode fixes that. The value itself is never part of the message.
 */
public class MalformedCiphertextException extends FieldcryptException {
  private static final long serialVersionUID = 1L;
  private final String context;

  public MalformedCiphertextException(String context, String problem) {
    super(
        "value for context '"
            + context
            + "' is not a fieldcrypt ciphertext ("
            + problem
            + "; expected '<version>:<base64>'). If the column still holds plaintext, run the"
            + " re-encryption job with plaintext migration enabled.");
    this.context = context;
  }

  /** The associated-data context the value was read for. */
  public String context() {
    return context;
  }
}
