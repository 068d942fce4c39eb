package dev.fieldcrypt.core;

import dev.fieldcrypt.core.internal.AesGcm;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The wire format, and the only place that parses or writes it: {@code <version>:<body>} where
 * {@code <version>} matches {@code [A-Za-z0-9._-]{1,32}} and {@code <body>} is standard base64 (RFC
 * 4648 §4, with padding) of {@code nonce(12) ‖ ciphertext ‖ tag(16)}. See docs/format.md.
 */
final class CiphertextFormat {
  static final int MIN_BODY_BYTES = AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES;
  private static final Base64.Encoder ENCODER = Base64.getEncoder();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  private CiphertextFormat() {}

  /** A parsed value: its version label and decoded body. */
  record Parsed(String version, byte[] body) {}

  static String format(String version, byte[] body) {
    byte[] label = version.getBytes(StandardCharsets.US_ASCII);
    byte[] encoded = ENCODER.encode(body);
    byte[] out = new byte[label.length + 1 + encoded.length];
    System.arraycopy(label, 0, out, 0, label.length);
    out[label.length] = ':';
    System.arraycopy(encoded, 0, out, label.length + 1, encoded.length);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** Length in characters of the ciphertext of a {@code plaintextBytes}-byte value. */
  static int length(String version, int plaintextBytes) {
    int body = MIN_BODY_BYTES + plaintextBytes;
    return version.length() + 1 + 4 * ((body + 2) / 3);
  }

  /**
   * The version label of {@code value}, without decoding the body.
   *
   * @throws MalformedCiphertextException when there is no valid label before a colon
   */
  static String version(String value, String context) {
    int colon = labelEnd(value);
    if (colon < 0) {
      throw new MalformedCiphertextException(context, "no '<version>:' prefix");
    }
    return value.substring(0, colon);
  }

  static Parsed parse(String value, String context) {
    String version = version(value, context);
    byte[] body;
    try {
      body = DECODER.decode(value.substring(version.length() + 1));
    } catch (IllegalArgumentException e) {
      throw new MalformedCiphertextException(context, "the body is not valid base64");
    }
    if (body.length < MIN_BODY_BYTES) {
      throw new MalformedCiphertextException(
          context, "the body is " + body.length + " bytes, shorter than nonce and tag");
    }
    return new Parsed(version, body);
  }

  /** Whether {@code value} has the shape of a ciphertext (label, colon, base64 of a full body). */
  static boolean looksLike(String value) {
    int colon = labelEnd(value);
    if (colon < 0) {
      return false;
    }
    try {
      return DECODER.decode(value.substring(colon + 1)).length >= MIN_BODY_BYTES;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Index of the colon that ends a valid label, or -1. Hand-written: this is on the hot path. */
  private static int labelEnd(String value) {
    int max = Math.min(value.length(), 33);
    for (int i = 0; i < max; i++) {
      char c = value.charAt(i);
      if (c == ':') {
        return i == 0 ? -1 : i;
      }
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        return -1;
      }
    }
    return -1;
  }
}
