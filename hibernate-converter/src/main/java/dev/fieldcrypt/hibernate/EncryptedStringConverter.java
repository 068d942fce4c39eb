package dev.fieldcrypt.hibernate;

import dev.fieldcrypt.core.FieldCipher;
import jakarta.persistence.AttributeConverter;

/**
 * The converter behind {@link Encrypted} on {@code String} attributes: plaintext in the entity,
 * {@code <version>:<base64>} in the column. Normally created by Hibernate from the annotation; its
 * public constructor serves frameworks that wire converters themselves.
 *
 * <p>Thread-safe. {@code null} converts to {@code null} both ways.
 */
public final class EncryptedStringConverter implements AttributeConverter<String, String> {
  private final FieldCipher cipher;
  private final String context;
  private final long maxLength;

  /**
   * @param context the associated-data context, such as {@code users.otp_secret}
   * @param maxLength the column's declared length; values whose ciphertext is longer are refused,
   *     {@code <= 0} disables the check
   */
  public EncryptedStringConverter(FieldCipher cipher, String context, long maxLength) {
    this.cipher = Conversions.requireCipher(cipher);
    this.context = Conversions.requireContext(context);
    this.maxLength = maxLength;
  }

  /** The associated-data context values of this attribute are bound to. */
  public String context() {
    return context;
  }

  @Override
  public String convertToDatabaseColumn(String attribute) {
    return Conversions.checkLength(cipher.encrypt(attribute, context), context, maxLength);
  }

  @Override
  public String convertToEntityAttribute(String column) {
    return cipher.decrypt(column, context);
  }

  @Override
  public String toString() {
    return "EncryptedStringConverter[" + context + "]";
  }
}
