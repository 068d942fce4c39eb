package dev.fieldcrypt.hibernate;

import dev.fieldcrypt.core.FieldCipher;

/**
 * The converter behind {@link Encrypted} on {@code byte[]} attributes; the column is a character
 * column holding {@code <version>:<base64>}. Thread-safe; {@code null} converts to {@code null}.
 */
public final class EncryptedBytesConverter extends EncryptedConverter<byte[]> {
  /** See {@link EncryptedStringConverter#EncryptedStringConverter(FieldCipher, String, long)}. */
  public EncryptedBytesConverter(FieldCipher cipher, String context, long maxLength) {
    super(cipher, context, maxLength);
  }

  @Override
  public String convertToDatabaseColumn(byte[] attribute) {
    return fitting(cipher.encrypt(attribute, context));
  }

  @Override
  public byte[] convertToEntityAttribute(String column) {
    return cipher.decryptBytes(column, context);
  }
}
