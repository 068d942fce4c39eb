package dev.fieldcrypt.hibernate;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.InvalidArgumentException;

/** Checks shared by the two converters. */
final class Conversions {
  private Conversions() {}

  static FieldCipher requireCipher(FieldCipher cipher) {
    if (cipher == null) {
      throw new InvalidArgumentException("cipher must not be null");
    }
    return cipher;
  }

  static String requireContext(String context) {
    if (context == null || context.isBlank()) {
      throw new InvalidArgumentException(
          "context must be a non-empty string such as 'table.column'");
    }
    return context;
  }

  static String checkLength(String ciphertext, String context, long maxLength) {
    if (ciphertext != null && maxLength > 0 && ciphertext.length() > maxLength) {
      throw new EncryptedValueTooLongException(context, ciphertext.length(), maxLength);
    }
    return ciphertext;
  }
}
