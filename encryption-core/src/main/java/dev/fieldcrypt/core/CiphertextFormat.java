package dev.fieldcrypt.core;

import dev.fieldcrypt.core.internal.AesGcm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

  /**
   * {@code <version>:<base64(body)>}, built in the one array the String is made from: the JDK's
   * encoder (intrinsified on current CPUs, far faster than a hand-written loop from 1 KiB up)
   * writes at the array's start, the text moves right past the label, and the label goes in front.
   */
  static String format(String version, byte[] body) {
    int labelLength = version.length();
    int encodedLength = 4 * ((body.length + 2) / 3);
    byte[] out = new byte[labelLength + 1 + encodedLength];
    ENCODER.encode(body, out);
    System.arraycopy(out, 0, out, labelLength + 1, encodedLength);
    for (int i = 0; i < labelLength; i++) {
      out[i] = (byte) version.charAt(i); // labels are ASCII (checked by KeyVersion)
    }
    out[labelLength] = ':';
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
    return value.substring(0, requireLabelEnd(value, context));
  }

  /** Whether {@code value}'s label is {@code label}, without copying it out. */
  static boolean hasVersion(String value, String label, String context) {
    return labelIs(value, requireLabelEnd(value, context), label);
  }

  /** Whether the label of {@code value}, which ends at {@code colon}, is {@code label}. */
  static boolean labelIs(String value, int colon, String label) {
    return colon == label.length() && value.startsWith(label);
  }

  /**
   * Index of the colon that ends {@code value}'s label.
   *
   * @throws MalformedCiphertextException when there is no valid label before a colon
   */
  static int requireLabelEnd(String value, String context) {
    int colon = labelEnd(value);
    if (colon < 0) {
      throw new MalformedCiphertextException(context, "no '<version>:' prefix");
    }
    return colon;
  }

  /**
   * The decoded body of {@code value}, whose label ends at {@code colon}.
   *
   * @throws MalformedCiphertextException when the body is not base64 of at least nonce and tag
   */
  static byte[] body(String value, int colon, String context) {
    byte[] body = decode(value, colon + 1);
    if (body == null) {
      throw new MalformedCiphertextException(context, "the body is not valid base64");
    }
    if (body.length < MIN_BODY_BYTES) {
      throw new MalformedCiphertextException(
          context, "the body is " + body.length + " bytes, shorter than nonce and tag");
    }
    return body;
  }

  /** Whether {@code value} has the shape of a ciphertext (label, colon, base64 of a full body). */
  static boolean looksLike(String value) {
    int colon = labelEnd(value);
    if (colon < 0) {
      return false;
    }
    byte[] body = decode(value, colon + 1);
    return body != null && body.length >= MIN_BODY_BYTES;
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

  /**
   * Decodes the base64 in {@code s} from {@code start} to its end with the JDK's decoder (faster
   * than a hand-written loop from about 100 bytes up, and intrinsified on newer JDKs), over one
   * ISO-8859-1 copy of the String: no substring. A character outside ISO-8859-1 becomes '?', which
   * the decoder rejects like any other character outside the alphabet.
   *
   * @return the bytes, or {@code null} when the text is not valid base64
   */
  private static byte[] decode(String s, int start) {
    byte[] text = s.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer decoded;
    try {
      decoded = DECODER.decode(ByteBuffer.wrap(text, start, text.length - start));
    } catch (IllegalArgumentException e) {
      return null;
    }
    byte[] array = decoded.array();
    return decoded.remaining() == array.length ? array : Arrays.copyOf(array, decoded.remaining());
  }
}
