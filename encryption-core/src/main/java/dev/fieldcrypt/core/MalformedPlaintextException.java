package dev.fieldcrypt.core;

/**
 * A value decrypted, but its plaintext is not the byte form of the attribute's type (see
 * docs/format.md, "Typed plaintexts"): the attribute's Java type changed while the column kept
 * values written for another, or the value was written by another program. The message names the
 * type and the context, never the bytes.
 */
public final class MalformedPlaintextException extends FieldcryptException {
  private static final long serialVersionUID = 1L;

  public MalformedPlaintextException(String type, String problem) {
    super(
        "the decrypted value is not a valid "
            + type
            + " ("
            + problem
            + "); did the attribute's type change? Migrate its values to the new type's form"
            + " (docs/format.md, Typed plaintexts).");
  }
}
