package dev.fieldcrypt.hibernate;

import dev.fieldcrypt.core.FieldCipher;

/**
 * The converter behind {@link Encrypted} on {@link SecretString} attributes: loading keeps the
 * stored value (no decryption until {@link SecretString#reveal()}), saving an unchanged value
 * writes it back as it was, and a new value is encrypted like a {@code String}. Thread-safe.
 */
public final class EncryptedSecretStringConverter extends EncryptedConverter<SecretString> {
  /**
   * @param context the associated-data context, such as {@code users.otp_secret}
   * @param maxLength the column's declared length; longer ciphertexts are refused, {@code <= 0}
   *     disables the check
   */
  public EncryptedSecretStringConverter(FieldCipher cipher, String context, long maxLength) {
    super(cipher, context, maxLength);
  }

  @Override
  public String convertToDatabaseColumn(SecretString attribute) {
    if (attribute == null) {
      return null;
    }
    String unchanged = attribute.storedFor(context);
    if (unchanged != null) {
      return unchanged;
    }
    return fitting(cipher.encrypt(attribute.reveal(), context));
  }

  @Override
  public SecretString convertToEntityAttribute(String column) {
    return column == null ? null : SecretString.loaded(column, cipher, context);
  }
}
