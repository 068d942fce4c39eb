package dev.fieldcrypt.hibernate;

import dev.fieldcrypt.core.FieldCipher;

/**
 * The converter behind {@link Encrypted} on {@code String} attributes: plaintext in the entity,
 * {@code <version>:<base64>} in the column. Normally created by Hibernate from the annotation; its
 * public constructor serves frameworks that wire converters themselves.
 *
 * <p>Thread-safe. {@code null} converts to {@code null} both ways.
 */
public final class EncryptedStringConverter extends EncryptedConverter<String> {
  /**
   * @param context the associated-data context, such as {@code users.otp_secret}
   * @param maxLength the column's declared length; values whose ciphertext is longer are refused,
   *     {@code <= 0} disables the check
   */
  public EncryptedStringConverter(FieldCipher cipher, String context, long maxLength) {
    super(cipher, context, maxLength);
  }

  @Override
  public String convertToDatabaseColumn(String attribute) {
    return fitting(cipher.encrypt(attribute, context));
  }

  @Override
  public String convertToEntityAttribute(String column) {
    return cipher.decrypt(column, context);
  }
}
