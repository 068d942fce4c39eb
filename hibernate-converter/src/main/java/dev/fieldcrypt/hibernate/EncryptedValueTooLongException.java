package dev.fieldcrypt.hibernate;

import dev.fieldcrypt.core.FieldcryptException;

/**
 * The ciphertext of a value does not fit its column's declared length. Thrown before anything is
 * written, so nothing is truncated; the remedy is to widen the column.
 */
public class EncryptedValueTooLongException extends FieldcryptException {
  private static final long serialVersionUID = 1L;

  public EncryptedValueTooLongException(String context, int needed, long declared) {
    super(
        "encrypted value for '"
            + context
            + "' needs "
            + needed
            + " characters but the column is declared with length "
            + declared
            + ". Widen the column (and its @Column(length)) to at least "
            + needed
            + "; a value of n bytes needs L + 1 + 4*ceil((28 + n) / 3) characters under an"
            + " L-character key version label.");
  }
}
