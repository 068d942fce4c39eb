package dev.fieldcrypt.hibernate;

import dev.fieldcrypt.core.FieldCipher;
import jakarta.persistence.AttributeConverter;

/**
 * The converter behind {@link Encrypted} on {@code byte[]} attributes; the column is a character
 * column holding {@code <version>:<base64>}. Thread-safe; {@code null} converts to {@code null}.
 */
public final class EncryptedBytesConverter implements AttributeConverter<byte[], String> {
  private final FieldCipher cipher;
  private final String context;
  private final long maxLength;

  /** See {@link EncryptedStringConverter#EncryptedStringConverter(FieldCipher, String, long)}. */
  public EncryptedBytesConverter(FieldCipher cipher, String context, long maxLength) {
    this.cipher = Conversions.requireCipher(cipher);
    this.context = Conversions.requireContext(context);
    this.maxLength = maxLength;
  }

  /** The associated-data context values of this attribute are bound to. */
  public String context() {
    return context;
  }

  @Override
  public String convertToDatabaseColumn(byte[] attribute) {
    return Conversions.checkLength(cipher.encrypt(attribute, context), context, maxLength);
  }

  @Override
  public byte[] convertToEntityAttribute(String column) {
    return cipher.decryptBytes(column, context);
  }

  @Override
  public String toString() {
    return "EncryptedBytesConverter[" + context + "]";
  }
}
