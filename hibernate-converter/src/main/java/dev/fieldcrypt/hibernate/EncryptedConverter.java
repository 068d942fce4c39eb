package dev.fieldcrypt.hibernate;

import dev.fieldcrypt.core.FieldCipher;
import jakarta.persistence.AttributeConverter;

/**
 * What every {@link Encrypted} converter holds: the cipher, the context its values are bound to,
 * and the column's declared length (longer ciphertexts are refused before anything is written).
 *
 * @param <T> the attribute's type
 */
abstract class EncryptedConverter<T> implements AttributeConverter<T, String> {
  final FieldCipher cipher;
  final String context;
  private final long maxLength;

  EncryptedConverter(FieldCipher cipher, String context, long maxLength) {
    this.cipher = Conversions.requireCipher(cipher);
    this.context = Conversions.requireContext(context);
    this.maxLength = maxLength;
  }

  /** The associated-data context values of this attribute are bound to. */
  public String context() {
    return context;
  }

  /** {@code ciphertext}, checked against the column's declared length. */
  final String fitting(String ciphertext) {
    return Conversions.checkLength(ciphertext, context, maxLength);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + context + "]";
  }
}
